"""Weighting and estimation: raking to population margins, weighted means with intervals.

**Weights.** Each usable response starts with weight 1 and is raked (iterative proportional
fitting) to the one-way margins of the population: sex, age group and district
(``survey-margins.csv``).  A respondent then stands for as many residents as their weight.

**Estimates.** A score is a weighted mean (Hájek ratio estimator).  Its variance is the
Taylor-linearisation variance of a stratified cluster sample, the districts as strata and the
社区 as primary sampling units (PSUs), taking the raked weights as fixed (the usual,
slightly conservative practice)::

    z_i   = w_i (y_i - ȳ) / Σ w          (within the domain; 0 outside it)
    Z_hj  = Σ_{i in PSU j of stratum h} z_i
    v(ȳ)  = Σ_h  n_h / (n_h - 1) · Σ_j (Z_hj - Z̄_h)²

with ``n_h`` the PSUs of stratum h in the sample (a stratum with a single PSU adds nothing).
The 95 % interval is ȳ ± 1.96 √v.  The design effect is v over the variance of the same
mean from a simple random sample of the same size, s²_w / n.

This is what samplics' ``TaylorEstimator`` computes (the tests check the two agree); it is
written here, vectorised over all domains at once, because samplics is archived upstream and
its domain estimation takes minutes for a city's 社区 at 200,000 responses (see
``benchmarks/survey.py`` and the README's "Resident survey").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["Z95", "Estimate", "domain_means", "rake", "weighted_mean"]

#: the normal quantile of a two-sided 95 % interval
Z95 = 1.959963984540054


@dataclass(frozen=True)
class Estimate:
    n: int
    mean: float | None
    low: float | None
    high: float | None
    deff: float | None


def rake(
    frame: pd.DataFrame,
    margins: Mapping[str, Mapping[str, float]],
    *,
    tol: float = 1e-8,
    max_iter: int = 200,
) -> np.ndarray:
    """Weights that reproduce every margin (variable -> category -> population total).

    Raises ValueError when a category of the sample has no population total or a total has
    no respondent (the margins cannot be met), or when the fitting does not converge."""
    columns: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for var, totals in margins.items():
        values = frame[var].astype(str)
        unknown = sorted(set(values) - set(totals))
        empty = sorted(k for k, v in totals.items() if v > 0 and k not in set(values))
        if unknown or empty:
            raise ValueError(
                f"margin {var}: no population for {unknown}"
                if unknown
                else f"margin {var}: no respondent in {empty}"
            )
        cats = pd.Categorical(values, categories=list(totals))
        columns[var] = (np.asarray(cats.codes), np.array([float(totals[k]) for k in totals]))
    w = np.ones(len(frame))
    for _ in range(max_iter):
        worst = 0.0
        for codes, target in columns.values():
            sums = np.bincount(codes, weights=w, minlength=len(target))
            factor = np.divide(target, sums, out=np.ones_like(target), where=sums > 0)
            w = w * factor[codes]
            worst = max(worst, float(np.max(np.abs(sums - target) / np.maximum(target, 1.0))))
        if worst < tol:
            return w
    raise ValueError(f"raking did not converge in {max_iter} iterations")


def _design(stratum: np.ndarray, psu: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Codes of the strata and of the PSUs (nested in strata), and the PSUs per stratum."""
    h = pd.factorize(stratum)[0].astype(np.int64)
    p = pd.factorize(psu)[0].astype(np.int64)
    j = pd.factorize(h * (int(p.max()) + 1 if len(p) else 1) + p)[0]
    psu_stratum = np.zeros(j.max() + 1 if len(j) else 0, dtype=int)
    psu_stratum[j] = h
    n_h = np.bincount(psu_stratum, minlength=h.max() + 1 if len(h) else 0)
    return h, j, n_h


def domain_means(
    y: np.ndarray,
    w: np.ndarray,
    stratum: np.ndarray,
    psu: np.ndarray,
    domain: np.ndarray | None = None,
) -> dict[str, Estimate]:
    """The weighted mean of ``y`` in every domain (all respondents: key ``""``), with its 95 %
    interval and design effect.  Respondents with ``y`` NaN are left out of the means; the
    design (strata, PSUs per stratum) is that of every respondent given."""
    y = np.asarray(y, dtype=float)
    w = np.asarray(w, dtype=float)
    h, j, n_h = _design(np.asarray(stratum), np.asarray(psu))
    dom = np.zeros(len(y), dtype=int) if domain is None else None
    labels: list[str] = [""]
    if domain is not None:
        codes, uniq = pd.factorize(np.asarray(domain).astype(str))
        dom, labels = codes, [str(u) for u in uniq]
    assert dom is not None
    ok = ~np.isnan(y)
    y, w, h, j, dom = y[ok], w[ok], h[ok], j[ok], dom[ok]
    k = len(labels)
    sw = np.bincount(dom, weights=w, minlength=k)
    swy = np.bincount(dom, weights=w * y, minlength=k)
    n = np.bincount(dom, minlength=k)
    mean = np.divide(swy, sw, out=np.full(k, np.nan), where=sw > 0)
    z = w * (y - mean[dom]) / sw[dom]
    # PSU totals of z per domain, then per (domain, stratum): Σ Z and Σ Z²
    frame = pd.DataFrame({"d": dom, "h": h, "j": j, "z": z})
    per_psu = frame.groupby(["d", "h", "j"], sort=False)["z"].sum().reset_index()
    per_psu["z2"] = per_psu["z"] ** 2
    per_h = per_psu.groupby(["d", "h"], sort=False)[["z", "z2"]].sum().reset_index()
    nh = n_h[per_h["h"].to_numpy()].astype(float)
    ss = per_h["z2"].to_numpy() - per_h["z"].to_numpy() ** 2 / nh
    contrib = np.where(nh > 1, nh / np.maximum(nh - 1, 1) * ss, 0.0)
    var = np.bincount(per_h["d"].to_numpy(), weights=contrib, minlength=k)
    # the variance of a simple random sample of the same size: s²_w / n
    s2 = np.bincount(dom, weights=w * (y - mean[dom]) ** 2, minlength=k)
    srs = np.divide(s2 / np.maximum(sw, 1e-300), np.maximum(n - 1, 1) * 1.0)
    out = {}
    for i, label in enumerate(labels):
        if n[i] == 0:
            out[label] = Estimate(0, None, None, None, None)
            continue
        se = float(np.sqrt(max(var[i], 0.0)))
        m = float(mean[i])
        deff = float(var[i] / srs[i]) if srs[i] > 0 else None
        out[label] = Estimate(int(n[i]), m, m - Z95 * se, m + Z95 * se, deff)
    return out


def weighted_mean(y: np.ndarray, w: np.ndarray, stratum: np.ndarray, psu: np.ndarray) -> Estimate:
    """The weighted mean of ``y`` over all respondents (see :func:`domain_means`)."""
    return domain_means(y, w, stratum, psu)[""]
