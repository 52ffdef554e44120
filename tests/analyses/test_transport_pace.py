"""transport_pace (transport: every targeted indicator; flows are the per-year units)."""

from __future__ import annotations

import csv

import pytest

from healthcheck.notebook import DomainContext

T0, T = 2020, 2025
PLAN_CSV = "data/plan/indicators.csv"


def _targets(ctx: DomainContext) -> dict[str, tuple[str, float, bool]]:
    """id -> (kind, target, is a flow) from indicators.csv itself."""
    path = ctx.plan.path / "indicators.csv" if ctx.plan.path else None
    assert path is not None
    with path.open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["domain"] == "transport"]
    return {
        r["id"]: (r["kind"], float(r["target"]), "per year" in r["unit_en"].lower()) for r in rows
    }


@pytest.mark.parametrize("year", [2025, 2023])
def test_numbers(context, city, analysis, year):
    ctx = context("transport", year)
    targets = _targets(ctx)
    expected = {}
    for sid, (kind, target, flow) in targets.items():
        s = city(sid, year)
        t = max(s)
        y0, yt = s[T0][0], s[t][0]
        y_target = y0 * (1 + target / 100) if kind == "growth" else target
        expected[sid] = {
            "flow": flow,
            "level_vs_baseline": yt / y0,
            "cagr_observed": (yt / y0) ** (1 / (t - T0)) - 1,
            "cagr_required": (y_target / y0) ** (1 / (T - T0)) - 1,
            "from_now": (y_target / yt) ** (1 / (T - t)) - 1 if t < T else None,
            "pre_baseline": any(y < T0 for y in s),
        }

    result = analysis(ctx)
    rows = {r["id"]: r for r in result.frame.to_dict("records")}
    assert list(rows) == list(targets)
    for sid, want in expected.items():
        got = rows[sid]
        assert got["flow"] == want["flow"]
        assert got["level_vs_baseline"] == pytest.approx(want["level_vs_baseline"])
        assert got["cagr_observed"] == pytest.approx(want["cagr_observed"])
        assert got["cagr_required"] == pytest.approx(want["cagr_required"])
        if want["from_now"] is not None:
            assert got["cagr_required_from_now"] == pytest.approx(want["from_now"])

    flows = {k: v for k, v in expected.items() if v["flow"]}
    best = max(flows, key=lambda k: flows[k]["level_vs_baseline"])
    low = min(flows, key=lambda k: flows[k]["level_vs_baseline"])
    zh, en = result.text_zh, result.text_en
    assert f"（尤其是客运，{'、'.join(flows)}中的旅客指标）" in zh
    assert f"{best} {ctx.plan.indicator(best).name_zh}为{T0}年的" in zh
    assert f"{flows[best]['level_vs_baseline']:.2f}倍" in zh
    assert f"{flows[low]['level_vs_baseline']:.2f}倍" in zh
    assert ("数据中没有2020年以前" in zh) == (not any(v["pre_baseline"] for v in flows.values()))
    if year < T:
        hard = max(expected, key=lambda k: expected[k]["from_now"])
        assert f"{hard} {ctx.plan.indicator(hard).name_zh}今后每年需增长" in zh
        assert f"{expected[hard]['from_now'] * 100:.1f}%（迄今年均" in zh
        assert f"{expected[hard]['cagr_observed'] * 100:.1f}%）" in zh
    else:
        slow = [k for k, v in expected.items() if v["cagr_observed"] < v["cagr_required"]]
        assert f"已到目标年：{len(slow)}项指标的实际年均增速低于所需增速。" in zh
        assert f"{len(slow)} indicators grew more slowly" in en
