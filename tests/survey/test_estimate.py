"""Weights and weighted scores with their intervals, against hand calculations and samplics."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from healthcheck.engine.survey import Z95, domain_means, rake, weighted_mean

# Two districts (strata), two 社区 (PSUs) each, six respondents with fixed weights.
STRATUM = np.array(["A", "A", "A", "B", "B", "B"])
PSU = np.array(["c1", "c1", "c2", "c3", "c4", "c4"])
Y = np.array([100.0, 50.0, 0.0, 75.0, 25.0, 100.0])
W = np.array([1.0, 1.0, 2.0, 1.0, 1.0, 2.0])


def test_weighted_score_and_interval_by_hand() -> None:
    # mean: Σwy / Σw = 450 / 8
    mean = 450 / 8
    # z = w (y - mean) / Σw, summed per PSU
    z_c1 = (1 * (100 - mean) + 1 * (50 - mean)) / 8  # 4.6875
    z_c2 = 2 * (0 - mean) / 8  # -14.0625
    z_c3 = 1 * (75 - mean) / 8  # 2.34375
    z_c4 = (1 * (25 - mean) + 2 * (100 - mean)) / 8  # 7.03125
    # per stratum: n_h / (n_h - 1) Σ (Z - Z̄)², two PSUs each
    var_a = 2 * ((z_c1 - (z_c1 + z_c2) / 2) ** 2 + (z_c2 - (z_c1 + z_c2) / 2) ** 2)
    var_b = 2 * ((z_c3 - (z_c3 + z_c4) / 2) ** 2 + (z_c4 - (z_c3 + z_c4) / 2) ** 2)
    assert var_a + var_b == pytest.approx(373.53515625)
    se = math.sqrt(var_a + var_b)
    est = weighted_mean(Y, W, STRATUM, PSU)
    assert est.n == 6
    assert est.mean == pytest.approx(56.25)
    assert est.low == pytest.approx(56.25 - Z95 * se)
    assert est.high == pytest.approx(56.25 + Z95 * se)


def test_unanswered_left_out_and_domains_by_hand() -> None:
    y = Y.copy()
    y[1] = np.nan  # the second respondent did not answer
    est = domain_means(y, W, STRATUM, PSU, domain=STRATUM)
    # district A: (100·1 + 0·2) / 3
    assert est["A"].n == 2
    assert est["A"].mean == pytest.approx(100 / 3)
    # district B: (75 + 25 + 200) / 4; the interval from B's own PSUs (A's contribute 0)
    mean_b = 300 / 4
    z3, z4 = (75 - mean_b) / 4, ((25 - mean_b) + 2 * (100 - mean_b)) / 4
    se_b = math.sqrt(2 * ((z3 - (z3 + z4) / 2) ** 2 + (z4 - (z3 + z4) / 2) ** 2))
    assert est["B"].mean == pytest.approx(mean_b)
    assert est["B"].high - est["B"].mean == pytest.approx(Z95 * se_b)


def test_rake_one_margin_is_post_stratification() -> None:
    frame = pd.DataFrame({"sex": ["female"] * 3 + ["male"]})
    w = rake(frame, {"sex": {"female": 600.0, "male": 400.0}})
    np.testing.assert_allclose(w, [200, 200, 200, 400])


def test_rake_meets_every_margin() -> None:
    rng = np.random.default_rng(3)
    frame = pd.DataFrame(
        {"sex": rng.choice(["f", "m"], 500), "age": rng.choice(["a", "b", "c"], 500)}
    )
    margins = {"sex": {"f": 520.0, "m": 480.0}, "age": {"a": 300.0, "b": 550.0, "c": 150.0}}
    w = rake(frame, margins)
    for var, totals in margins.items():
        for cat, total in totals.items():
            assert w[frame[var] == cat].sum() == pytest.approx(total, rel=1e-6)


def test_rake_refuses_a_category_without_population() -> None:
    frame = pd.DataFrame({"sex": ["female", "other"]})
    with pytest.raises(ValueError, match="no population"):
        rake(frame, {"sex": {"female": 1.0, "male": 1.0}})


def test_agrees_with_samplics() -> None:
    """The linearised standard errors equal samplics' TaylorEstimator (whose interval uses a
    t quantile; ours the normal one, so the standard errors are compared)."""
    samplics = pytest.importorskip("samplics")
    rng = np.random.default_rng(7)
    n = 600
    stratum = rng.choice(list("ABCD"), n)
    psu = np.array([f"{s}{k}" for s, k in zip(stratum, rng.integers(0, 6, n), strict=True)])
    y = rng.integers(0, 5, n) * 25.0
    w = rng.uniform(0.5, 3, n)
    domain = rng.choice(["x", "y"], n)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        est = samplics.TaylorEstimator(samplics.PopParam.mean)
        est.estimate(y=y, samp_weight=w, stratum=stratum, psu=psu, domain=domain)
    ours = domain_means(y, w, stratum, psu, domain=domain)
    for d in ("x", "y"):
        assert ours[d].mean == pytest.approx(est.point_est[d])
        assert (ours[d].high - ours[d].mean) / Z95 == pytest.approx(est.stderror[d])
