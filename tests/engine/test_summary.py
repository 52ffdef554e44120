"""Roll-ups and the 问题清单 (section F)."""

from __future__ import annotations

import pandas as pd
import pytest

from healthcheck.engine import (
    INTERNATIONAL_CATEGORIES,
    SCHEDULE_VERDICTS,
    final_switch,
    rollup,
    shortfalls,
)

approx = pytest.approx


# --------------------------------------------------------------------------------------------
# Roll-up and the 问题清单


def small_assessed() -> pd.DataFrame:
    rows = [
        ("A1", "a", "ahead", "on_track"),
        ("A2", "a", "behind", "limited_progress"),
        ("A3", "a", "behind", None),
        ("B1", "b", "achieved", "target_achieved"),
    ]
    return pd.DataFrame(
        [{"id": i, "domain": d, "schedule_verdict": s, "international_category": c}
         for i, d, s, c in rows]
    )  # fmt: skip


def test_rollup_counts_and_shares() -> None:
    r = rollup(small_assessed())
    assert list(r.columns) == ["domain", "verdict", "count", "share", "total"]
    assert list(dict.fromkeys(r["domain"])) == ["a", "b", "__all__"]
    assert len(r) == 3 * len(SCHEDULE_VERDICTS)  # every verdict, zero counts included
    got = {
        (d, v): (n, s)
        for d, v, n, s in zip(r["domain"], r["verdict"], r["count"], r["share"], strict=True)
    }
    assert got[("a", "behind")] == (2, approx(2 / 3))  # 2 of domain a's 3
    assert got[("a", "ahead")] == (1, approx(1 / 3))
    assert got[("a", "achieved")] == (0, 0.0)
    assert got[("b", "achieved")] == (1, 1.0)
    assert got[("__all__", "behind")] == (2, 0.5)  # 2 of 4
    assert got[("__all__", "achieved")] == (1, 0.25)
    assert list(r.loc[r["domain"] == "a", "total"].unique()) == [3]


def test_rollup_international_with_not_assessed() -> None:
    r = rollup(small_assessed(), by="international_category")
    verdicts = list(dict.fromkeys(r["verdict"]))
    assert verdicts == [*INTERNATIONAL_CATEGORIES, "not_assessed"]
    row = r[(r["domain"] == "a") & (r["verdict"] == "not_assessed")]
    assert int(row["count"].iloc[0]) == 1 and float(row["share"].iloc[0]) == approx(1 / 3)


def test_shortfalls_order() -> None:
    rows = [
        ("X1", "up", "behind", -0.1, 0.05),
        ("X2", "up", "moving_away", -1.06, 0.02),  # moved slightly away: gap -106 pp
        ("X3", "up", "ahead", 0.2, 0.01),
        ("X4", "up", "not_achieved", None, None),
        ("X5", "up", "behind", -0.1, 0.05),
        ("X6", "up", "fell", None, None),
        ("X7", "down", "fell", None, None),
        ("X8", "down", "rose", None, None),
        ("X9", "up", "not_done", None, None),
        ("X10", "up", "unchanged", None, None),
        ("X11", "up", "not_achieved", -0.4, 0.143),  # 2 of 14 lines short
        ("X12", "up", "fell_overall", None, None),
        ("X13", "up", "rose_overall", None, None),
        ("X14", "down", "rose_overall", None, None),
    ]
    df = pd.DataFrame([{"id": i, "domain": "d", "direction": d, "schedule_verdict": v,
                        "schedule_gap": g, "distance_share": sh}
                       for i, d, v, g, sh in rows])  # fmt: skip
    s = shortfalls(df)
    # furthest from the target (share of the target) first, ties in plan order, then those
    # without a distance in plan order; X3 ahead, X7 fell while lower is better, X13 rose
    # overall while higher is better are not shortfalls; a trend that ends where it began
    # (X10) did not rise: listed
    assert list(s["id"]) == ["X11", "X1", "X5", "X2", "X4", "X6", "X8", "X9", "X10", "X12", "X14"]
    assert list(s.index) == list(range(11))


def test_final_switch_is_only_the_expected_turn() -> None:
    assert final_switch("ahead", "achieved", "on_track", "target_achieved")
    assert final_switch("behind", "not_achieved", "limited_progress", "limited_progress")
    assert final_switch("moving_away", "not_achieved", "deterioration", "deterioration")
    # of substance: a verdict against what the previous check pointed to, or a new category
    assert not final_switch("ahead", "not_achieved", "on_track", "on_track")
    assert not final_switch("behind", "achieved", "limited_progress", "target_achieved")
    assert not final_switch("behind", "not_achieved", "on_track", "limited_progress")
    assert not final_switch(None, "achieved", None, "target_achieved")
