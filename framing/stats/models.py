"""Regression models of frame use by group (outlet).

* :func:`logit_by_group`: logistic GLM of a binary outcome (frame present in a sentence)
  on group dummies (+ log tokens), giving odds ratios against a reference group.
* :func:`count_by_group`: Poisson GLM of counts (frame-term hits) with a log(exposure) offset,
  giving rate ratios; when the Pearson dispersion exceeds a threshold a negative binomial
  (NB2, dispersion estimated by maximum likelihood) is fitted instead.

Both accept cluster labels (articles) for cluster-robust (CRV1) standard errors; statsmodels
applies the small-sample factor G/(G-1)·(N-1)/(N-K). Design matrices are built by hand (no
formula parsing), so group names may be any strings.

Degenerate inputs never raise: a group where the outcome never (or always) occurs is
perfectly separated and its ratio is not estimable; it is left out of the fit and reported
with a ``nan`` estimate and a note. Fitting problems (non-convergence, remaining separation)
are caught and written to ``note``.

Both functions return a tidy table with one row per non-reference group and columns
:data:`MODEL_COLUMNS`:

============ ==============================================================================
outcome      name of the outcome column
model        ``logit``, ``poisson``, ``negative binomial`` or ``quasi-poisson``
group        the group compared with ``reference``
reference    the reference group
estimate     log odds ratio / log rate ratio
se           its standard error (cluster-robust when clusters were given)
z            estimate / se
p            two-sided Wald p
ratio        exp(estimate): odds ratio or rate ratio
ci_low       lower Wald confidence limit of the ratio
ci_high      upper Wald confidence limit of the ratio
n            observations used in the fit
n_clusters   clusters (0 when none)
cov_type     ``nonrobust`` or ``cluster``
dispersion   Pearson χ²/df of the Poisson fit (count models; nan for logit)
note         caveats: separation, convergence, few clusters, overdispersion
============ ==============================================================================
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats as sps

__all__ = ["MODEL_COLUMNS", "count_by_group", "logit_by_group"]

MODEL_COLUMNS: list[str] = [
    "outcome",
    "model",
    "group",
    "reference",
    "estimate",
    "se",
    "z",
    "p",
    "ratio",
    "ci_low",
    "ci_high",
    "n",
    "n_clusters",
    "cov_type",
    "dispersion",
    "note",
]

FEW_CLUSTERS = 30  # below this, cluster-robust SEs are known to be too small


def _groups_in_order(values: pd.Series, order: Sequence[Any] | None) -> list[Any]:
    present = list(dict.fromkeys(values.tolist()))
    if order is None:
        return present
    return [g for g in order if g in set(present)] + [g for g in present if g not in order]


def _design(
    groups: np.ndarray, levels: list[Any], reference: Any, extra: np.ndarray | None
) -> tuple[np.ndarray, list[Any]]:
    others = [g for g in levels if g != reference]
    cols = [np.ones(len(groups))] + [(groups == g).astype(float) for g in others]
    if extra is not None:
        cols.append(extra)
    return np.column_stack(cols), others


def _fit(model: Any, cluster: np.ndarray | None, **kwargs: Any) -> tuple[Any, list[str]]:
    notes: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if cluster is not None:
            codes = pd.factorize(cluster)[0]
            res = model.fit(cov_type="cluster", cov_kwds={"groups": codes}, **kwargs)
        else:
            res = model.fit(**kwargs)
    for w in caught:
        name = type(w.message).__name__
        if "Separation" in name:
            notes.append("quasi-separation warning: estimates unreliable")
        elif "Convergence" in name:
            notes.append("fit did not converge: estimates unreliable")
    return res, sorted(set(notes))


def _empty_row(outcome: str, model: str, group: Any, reference: Any, note: str) -> dict:
    """A row without an estimate (``nan`` ratio and interval, no observations)."""
    row = dict.fromkeys(MODEL_COLUMNS, math.nan)
    row.update(
        outcome=outcome, model=model, group=group, reference=reference, n=0, n_clusters=0,
        cov_type="", note=note,
    )
    return row


def _not_fitted(
    rows: list[dict], outcome: str, model: str, levels: list[Any], reference: Any, note: str
) -> pd.DataFrame:
    """The table when no model is fitted: ``rows`` and an empty row per other level."""
    rows = rows + [_empty_row(outcome, model, lev, reference, note) for lev in levels if lev != reference]
    return pd.DataFrame(rows, columns=MODEL_COLUMNS)


#: A fit: given the notes so far (it may add to them), the result, the fit's own notes, the
#: model's name and the Pearson dispersion.
_FitFn = Callable[[list[str]], tuple[Any, list[str], str, float]]


def _fitted_table(
    fit: _FitFn,
    rows: list[dict],
    *,
    outcome: str,
    model: str,
    reference: Any,
    levels: list[Any],
    others: list[Any],
    clusters: np.ndarray | None,
    n: int,
    left_out: str,
    confidence: float,
) -> pd.DataFrame:
    """Run ``fit`` and turn its result into the table: one row per group in ``others``
    (``model`` names the rows when the fit fails), ``rows`` kept, ordered by ``levels``."""
    n_clusters, cov_type, notes = _cluster_notes(clusters)
    if left_out:
        notes.append(left_out)
    try:
        res, fit_notes, model, dispersion = fit(notes)
    except (np.linalg.LinAlgError, ValueError) as err:
        return _not_fitted(rows, outcome, model, others, reference, f"fit failed: {err}")
    params = np.asarray(res.params, dtype=float)
    bse = np.asarray(res.bse, dtype=float)
    zcrit = sps.norm.ppf(0.5 + confidence / 2)
    notes = notes + fit_notes
    fixed = dict(
        outcome=outcome, model=model, reference=reference, n=n, n_clusters=n_clusters,
        cov_type=cov_type, dispersion=dispersion,
    )
    for i, g in enumerate(others, start=1):
        b, se = params[i], bse[i]
        row_notes = list(notes)
        if not np.isfinite(se) or se > 10:
            row_notes.append("standard error huge or undefined (near-separation)")
        if not (np.isfinite(se) and se > 1e-8):
            why = "; ".join([*notes, "degenerate standard error: not estimable"])
            rows.append(_empty_row(outcome, model, g, reference, why))
            continue
        z = b / se
        rows.append(
            {
                **fixed,
                "group": g,
                "estimate": float(b),
                "se": float(se),
                "z": float(z),
                "p": float(2 * sps.norm.sf(abs(z))) if np.isfinite(z) else math.nan,
                "ratio": float(np.exp(b)),
                "ci_low": float(np.exp(b - zcrit * se)),
                "ci_high": float(np.exp(b + zcrit * se)),
                "note": "; ".join(row_notes),
            }
        )
    return _order_rows(rows, levels)


def _cluster_notes(cluster: np.ndarray | None) -> tuple[int, str, list[str]]:
    if cluster is None:
        return 0, "nonrobust", []
    g = int(pd.Series(cluster).nunique())
    notes = []
    if g < FEW_CLUSTERS:
        notes.append(f"only {g} clusters: cluster-robust SEs may be too small")
    return g, "cluster", notes


def logit_by_group(
    data: pd.DataFrame,
    outcome: str,
    group: str,
    *,
    reference: Any = None,
    order: Sequence[Any] | None = None,
    covariate: str | None = "n_tokens",
    cluster: str | None = None,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Logistic GLM ``outcome ~ group (+ log(covariate))``; odds ratios vs ``reference``.

    Parameters
    ----------
    data:
        One row per observation (sentence).
    outcome:
        A 0/1 or boolean column.
    group:
        The group column.
    reference:
        The reference group; by default the first group (in ``order`` or order of
        appearance) where the outcome both occurs and does not occur.
    order:
        The groups' order in the result.
    covariate:
        Enters as log(max(value, 1)) (default ``n_tokens``); None fits the saturated group
        model, whose coefficients are the differences of the groups' logits.
    cluster:
        A column of cluster labels (article ids) for cluster-robust SEs.
    confidence:
        Level of the Wald intervals.

    Returns
    -------
    pandas.DataFrame
        One row per non-reference group, columns :data:`MODEL_COLUMNS`.
    """
    df = data.dropna(subset=[outcome, group]).copy()
    y = df[outcome].astype(float).to_numpy()
    g = df[group].to_numpy()
    levels = _groups_in_order(df[group], order)
    rate = {lev: y[g == lev].mean() for lev in levels}
    separated = [lev for lev in levels if rate[lev] in (0.0, 1.0)]
    fit_levels = [lev for lev in levels if lev not in separated]
    ref = reference if reference is not None else (fit_levels[0] if fit_levels else None)
    if reference is not None and reference in separated:
        fit_levels = []  # the chosen reference cannot anchor odds ratios
    rows: list[dict] = []
    for lev in separated:
        if lev == ref:
            continue
        what = "never" if rate[lev] == 0 else "always"
        rows.append(
            _empty_row(
                outcome,
                "logit",
                lev,
                ref,
                f"outcome {what} occurs in {lev}: odds ratio not estimable (separation)",
            )
        )
    if len(fit_levels) < 2 or ref not in fit_levels:
        why = "fewer than two groups where the outcome varies: no model fitted"
        if reference is not None and reference in separated:
            why = f"reference {reference} is separated: no model fitted"
        return _not_fitted(rows, outcome, "logit", fit_levels, ref, why)
    keep = np.isin(g, fit_levels)
    extra = None
    if covariate is not None:
        extra = np.log(np.maximum(df[covariate].to_numpy(dtype=float), 1.0))[keep]
    X, others = _design(g[keep], fit_levels, ref, extra)
    clusters = df[cluster].to_numpy()[keep] if cluster is not None else None

    def fit(notes: list[str]) -> tuple[Any, list[str], str, float]:
        res, fit_notes = _fit(sm.GLM(y[keep], X, family=sm.families.Binomial()), clusters)
        return res, fit_notes, "logit", math.nan

    return _fitted_table(
        fit, rows, outcome=outcome, model="logit", reference=ref, levels=levels, others=others,
        clusters=clusters, n=int(keep.sum()), confidence=confidence,
        left_out="separated groups left out of the fit: " + ", ".join(map(str, separated)) if separated else "",
    )


def _order_rows(rows: list[dict], levels: list[Any]) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=MODEL_COLUMNS)
    rank = {lev: i for i, lev in enumerate(levels)}
    out["_o"] = out["group"].map(rank)
    return out.sort_values("_o", kind="mergesort").drop(columns="_o").reset_index(drop=True)


def count_by_group(
    data: pd.DataFrame,
    count: str,
    exposure: str,
    group: str,
    *,
    reference: Any = None,
    order: Sequence[Any] | None = None,
    cluster: str | None = None,
    family: str = "auto",
    overdispersion: float = 1.5,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Rate model ``count ~ group + offset(log exposure)``; rate ratios vs ``reference``.

    A group with no counts at all has a rate ratio of 0 that cannot be estimated on the log
    scale; it is left out and noted.

    Parameters
    ----------
    data, group, order, cluster, confidence:
        As in :func:`logit_by_group`.
    count:
        The count column (frame-term hits).
    exposure:
        The exposure column (tokens); rows with ``exposure <= 0`` are dropped.
    reference:
        The reference group (default: the first group with counts).
    family:
        ``poisson``, ``negbin`` or ``auto`` (Poisson unless its Pearson χ²/df exceeds
        ``overdispersion``, then NB2; if the NB2 fit fails to converge or its dispersion sits
        at the boundary 0, quasi-Poisson SEs scaled by the Pearson dispersion, or
        cluster-robust Poisson SEs with clusters).
    overdispersion:
        The Pearson χ²/df above which ``auto`` leaves Poisson.

    Returns
    -------
    pandas.DataFrame
        One row per non-reference group, columns :data:`MODEL_COLUMNS`.
    """
    df = data.dropna(subset=[count, exposure, group])
    df = df[df[exposure].astype(float) > 0]
    y = df[count].astype(float).to_numpy()
    g = df[group].to_numpy()
    levels = _groups_in_order(df[group], order)
    totals = {lev: y[g == lev].sum() for lev in levels}
    empty = [lev for lev in levels if totals[lev] == 0]
    fit_levels = [lev for lev in levels if lev not in empty]
    ref = reference if reference is not None else (fit_levels[0] if fit_levels else None)
    rows: list[dict] = []
    for lev in empty:
        if lev != ref:
            rows.append(
                _empty_row(
                    count, "poisson", lev, ref, f"no counts in {lev}: rate ratio not estimable"
                )
            )
    if len(fit_levels) < 2 or ref not in fit_levels:
        why = "fewer than two groups with counts: no model fitted"
        if ref in empty:
            why = f"reference {ref} has no counts: no model fitted"
        return _not_fitted(rows, count, "poisson", fit_levels, ref, why)
    keep = np.isin(g, fit_levels)
    X, others = _design(g[keep], fit_levels, ref, None)
    offset = np.log(df[exposure].to_numpy(dtype=float)[keep])
    clusters = df[cluster].to_numpy()[keep] if cluster is not None else None

    def fit(notes: list[str]) -> tuple[Any, list[str], str, float]:
        return _count_fit(y[keep], X, offset, clusters, family, overdispersion, notes)

    return _fitted_table(
        fit, rows, outcome=count, model="poisson", reference=ref, levels=levels, others=others,
        clusters=clusters, n=int(keep.sum()), confidence=confidence,
        left_out="groups without counts left out of the fit: " + ", ".join(map(str, empty)) if empty else "",
    )


def _count_fit(
    yk: np.ndarray,
    X: np.ndarray,
    offset: np.ndarray,
    clusters: np.ndarray | None,
    family: str,
    overdispersion: float,
    notes: list[str],
) -> tuple[Any, list[str], str, float]:
    """The count model of :func:`count_by_group`: Poisson, else NB2 or quasi-Poisson (see
    ``family``); the choice is noted in ``notes``. Returns the result, the fit's notes, the
    model's name and the Poisson dispersion."""
    pois = sm.GLM(yk, X, family=sm.families.Poisson(), offset=offset)
    res, fit_notes = _fit(pois, clusters)
    dispersion = float(res.pearson_chi2 / res.df_resid) if res.df_resid > 0 else math.nan
    model_name = "poisson"
    use_nb = family == "negbin" or (
        family == "auto" and np.isfinite(dispersion) and dispersion > overdispersion
    )
    if use_nb:
        try:
            nb = sm.NegativeBinomial(yk, X, offset=offset, loglike_method="nb2")
            nb_res, nb_notes = _fit(nb, clusters, disp=0, maxiter=200)
            nb_alpha = float(np.asarray(nb_res.params)[-1])
            nb_ok = (
                bool(nb_res.mle_retvals.get("converged", False))
                and not nb_notes
                and np.all(np.isfinite(nb_res.params))
                and np.all(np.isfinite(nb_res.bse))
                and np.all(np.asarray(nb_res.bse)[: X.shape[1]] > 1e-8)
                and nb_alpha > 1e-6
            )
        except (np.linalg.LinAlgError, ValueError):
            nb_ok = False
        if nb_ok:
            res, fit_notes, model_name = nb_res, nb_notes, "negative binomial"
            notes.append(
                f"Poisson dispersion {dispersion:.2f} > {overdispersion}: "
                f"negative binomial (NB2, alpha {nb_alpha:.3g})"
            )
        elif clusters is None:
            # Quasi-Poisson: same estimates, SEs scaled by the Pearson dispersion.
            res, fit_notes = _fit(pois, None, scale="X2")
            model_name = "quasi-poisson"
            notes.append(
                f"Poisson dispersion {dispersion:.2f} > {overdispersion} and the negative "
                "binomial fit failed: quasi-Poisson SEs (scaled by the dispersion)"
            )
        else:
            notes.append(
                f"Poisson dispersion {dispersion:.2f}; negative binomial failed: Poisson "
                "with cluster-robust SEs"
            )
    elif family == "auto" and np.isfinite(dispersion) and dispersion > 1:
        notes.append(f"Poisson dispersion {dispersion:.2f}")
    return res, fit_notes, model_name, dispersion
