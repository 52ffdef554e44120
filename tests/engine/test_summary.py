"""Roll-ups and the 问题清单 (section F)."""

from __future__ import annotations

import pandas as pd
import pytest

from healthcheck.engine import INTERNATIONAL_CATEGORIES, SCHEDULE_VERDICTS, rollup, shortfalls

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
        ("X1", "up", "behind", -0.1),
        ("X2", "up", "moving_away", -0.5),
        ("X3", "up", "ahead", 0.2),
        ("X4", "up", "not_achieved", None),
        ("X5", "up", "behind", -0.1),
        ("X6", "up", "fell", None),
        ("X7", "down", "fell", None),
        ("X8", "down", "rose", None),
        ("X9", "up", "not_done", None),
        ("X10", "up", "unchanged", None),
        ("X11", "up", "not_achieved", -0.3),
    ]
    df = pd.DataFrame([{"id": i, "domain": "d", "direction": d, "schedule_verdict": v,
                        "schedule_gap": g} for i, d, v, g in rows])  # fmt: skip
    s = shortfalls(df)
    # worst gap first (-0.5, -0.3, -0.1, -0.1 in plan order), then empty gaps in plan order;
    # X3 ahead, X7 fell while lower is better, X10 unchanged are not shortfalls
    assert list(s["id"]) == ["X2", "X11", "X1", "X5", "X4", "X6", "X8", "X9"]
    assert list(s.index) == list(range(8))
