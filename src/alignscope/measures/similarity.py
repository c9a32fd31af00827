"""Foreign-policy similarity of all pairs of states at once (pure numpy).

Each row of ``X`` is one state's portfolio: its value on each item (an alliance tie
valued ``0..3`` towards every other state, or a UN vote coded e.g. no/abstain/yes
``0..2``); ``-1`` marks a missing value.  For every pair of states ``(i, j)`` all
measures are computed over the items on which *both* are non-missing, from the
``K x K`` contingency table (``K = n_categories``)::

    N_ab[i, j] = #{items k : X[i, k] == a and X[j, k] == b}  =  (O_a @ O_b.T)[i, j]

with the one-hot indicator matrices ``O_c = (X == c)`` (missing values are in no
``O_c``).  Every quantity below is a sum over these tables and is obtained for all pairs
by a matrix product of stacked one-hot matrices (e.g. ``sum_ab delta_ab N_ab`` without
forming the ``N_ab``; only tau-b builds the full table); the only Python loops run over
categories.  With ``n`` the number of
jointly non-missing items, ``r_a = sum_b N_ab`` (state i's marginal counts), ``c_b =
sum_a N_ab`` (state j's), ``delta_ab`` a distance between categories ``a`` and ``b``:

``s_abs``, ``s_sq``, ``s_abs_w``, ``s_sq_w``
    Signorino & Ritter (1999) S: ``S = 1 - 2 * d / d_max`` with the weighted mean
    distance ``d = sum_k w_k delta(x_ik, x_jk) / sum_k w_k`` and ``d_max`` the largest
    possible distance, ``K - 1`` (absolute) or ``(K - 1)**2`` (squared) - the range of
    the coding scheme, not the range observed in the pair.  ``w_k = 1`` for
    ``s_abs``/``s_sq``; ``w_k = weights[k]`` (e.g. the capability share of the state
    that is item ``k``) for the ``_w`` variants.  ``s_abs`` is S&R's own absolute
    (city-block) metric and is the one to report as plain "S"; ``s_sq`` is given to
    compare with the squared-distance chance-corrected measures.  Range ``[-1, 1]``.
``kappa``
    Cohen (1960): ``(p_o - p_e) / (1 - p_e)``, ``p_o = sum_a N_aa / n``,
    ``p_e = sum_a r_a c_a / n**2`` (each state's own marginals).  Nominal categories.
``pi``
    Scott (1955): as kappa but ``p_e = sum_a q_a**2 / n**2`` with the pooled marginals
    ``q_a = (r_a + c_a) / 2``.  Nominal categories.
``kappa_w``
    Haege (2011) chance-corrected S, Cohen-style: ``1 - D_o / D_e`` with the observed
    mean distance ``D_o = sum_ab N_ab delta_ab / n`` and the distance expected if the
    two portfolios were independent draws from each state's own marginal distribution
    ``D_e = sum_ab r_a c_b delta_ab / n**2``.  This is Cohen's (1968) weighted kappa
    with disagreement weights ``delta_ab``.  Default and only metric here: squared,
    ``delta_ab = (a - b)**2`` (quadratic weights), because quadratic-weighted kappa is
    the standard ordinal kappa (it equals the intraclass correlation asymptotically,
    Fleiss & Cohen 1973) and it is the default of ``cohenk()`` (``w_exp = 2``) in
    Miller's fpsim R package, which rebuilds Haege's FPSIM measures, so values are
    comparable.  Not capability-weighted; rescaling ``delta`` does not change it.
``pi_w``
    Haege (2011) chance-corrected S, Scott-style: as ``kappa_w`` but
    ``D_e = sum_ab q_a q_b delta_ab / n**2`` (pooled marginals), same squared metric;
    Haege proposes both the pi and the kappa form.
``taub``
    Kendall's tau-b, as used by Bueno de Mesquita (1975) for alliance portfolios:
    ``(C - D) / sqrt((n0 - n1) (n0 - n2))`` over the ``n`` common items, with ``C``/``D``
    the concordant/discordant item pairs, ``n0 = n(n-1)/2``,
    ``n1 = sum_a r_a(r_a-1)/2`` and ``n2 = sum_b c_b(c_b-1)/2`` (Kendall 1945).

For ``K = 2`` the absolute and squared metrics coincide, so ``kappa_w == kappa`` and
``pi_w == pi``.  All measures are symmetric in ``(i, j)``; the diagonal is computed the
same way (self-similarity: 1 unless undefined by the rules below).

Undefined values are NaN:

* every measure when ``n == 0`` (no jointly non-missing item; ``n_common == 0``), and
  the ``_w`` S variants when ``sum_k w_k == 0`` over the common items;
* ``kappa``/``kappa_w`` when ``p_e == 1`` resp. ``D_e == 0``, and ``pi``/``pi_w`` when
  their pooled ``p_e == 1`` resp. ``D_e == 0``: this happens exactly when both
  portfolios are constant *and identical* (e.g. two states with no ties at all);
  agreement is then total but none of it is distinguishable from chance.  S is 1 there.
* ``taub`` when either portfolio is constant over the common items (a zero factor in
  the denominator), and when ``n < 2``.

References
----------
Bueno de Mesquita, B. (1975). Measuring systemic polarity. Journal of Conflict
    Resolution 19(2): 187-216.
Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and
    Psychological Measurement 20(1): 37-46.
Cohen, J. (1968). Weighted kappa. Psychological Bulletin 70(4): 213-220.
Fleiss, J. L. & Cohen, J. (1973). The equivalence of weighted kappa and the intraclass
    correlation coefficient. Educational and Psychological Measurement 33(3): 613-619.
Haege, F. M. (2011). Choice or circumstance? Adjusting measures of foreign policy
    similarity for chance agreement. Political Analysis 19(3): 287-305.
Kendall, M. G. (1945). The treatment of ties in ranking problems. Biometrika 33(3):
    239-251.
Scott, W. A. (1955). Reliability of content analysis: the case of nominal scale coding.
    Public Opinion Quarterly 19(3): 321-325.
Signorino, C. S. & Ritter, J. M. (1999). Tau-b or not tau-b: measuring the similarity
    of foreign policy positions. International Studies Quarterly 43(1): 115-144.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["MEASURES", "MISSING", "N_COMMON", "WEIGHTED_MEASURES", "pairwise_similarity"]

#: Code for a missing value in ``X``.
MISSING = -1
#: Key of the extra output: number of jointly non-missing items per pair.
N_COMMON = "n_common"
#: All measure names understood by :func:`pairwise_similarity`.
MEASURES = ("s_abs", "s_sq", "s_abs_w", "s_sq_w", "kappa", "pi", "kappa_w", "pi_w", "taub")
#: Measures that need the ``weights`` argument.
WEIGHTED_MEASURES = frozenset({"s_abs_w", "s_sq_w"})


def pairwise_similarity(
    X: np.ndarray,
    *,
    measures: Sequence[str],
    n_categories: int,
    weights: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Similarity of every pair of rows (states) of ``X`` for each requested measure.

    X: ``(n_states, n_items)`` integer matrix, categories coded ``0..n_categories-1``,
    ``-1`` = missing (state did not vote / item not applicable).  Row ``i`` is state
    ``i``'s portfolio; ``X`` need not be symmetric (one-way ties are fine).
    measures: names from :data:`MEASURES` (formulas in the module docstring).
    n_categories: ``K >= 2``; fixes ``d_max`` of S and the category set of the tables.
    weights: ``(n_items,)`` non-negative finite weights, one per item/column (e.g. the
    CINC share of the state each column refers to); required by ``s_abs_w``/``s_sq_w``
    (Signorino & Ritter 1999, capability-weighted S) and ignored by the others.

    Returns ``{name: (n_states, n_states) float64 array}`` with NaN where the measure is
    undefined, plus ``"n_common"``: the number of jointly non-missing items per pair
    (float64), so callers can tell "no common items" from other undefined cases.
    """
    X = _check_x(X, n_categories)
    names = list(dict.fromkeys(measures))
    unknown = [m for m in names if m not in MEASURES]
    if unknown:
        raise ValueError(f"unknown measure(s) {unknown}; known: {MEASURES}")
    w = None if weights is None else _check_weights(weights, X.shape[1])
    if w is None and WEIGHTED_MEASURES.intersection(names):
        raise ValueError(f"measures {sorted(WEIGHTED_MEASURES)} need `weights`")

    k = n_categories
    cats = np.arange(k, dtype=np.float64)
    deltas = {"abs": np.abs(cats[:, None] - cats[None, :])}
    deltas["sq"] = deltas["abs"] ** 2
    d_maxes = {"abs": k - 1.0, "sq": (k - 1.0) ** 2}

    n_states, n_items = X.shape
    # onehot[i, a, k] = 1 if X[i, k] == a: the O_a stacked state-major, so that
    # onehot.reshape(n_states, k * n_items) is free and sum_a O_a @ O_a.T is one product.
    onehot = (X[:, None, :] == np.arange(k)[None, :, None]).astype(np.float64)
    valid = onehot.sum(axis=1)  # (n_states, n_items): 1 where non-missing
    # Unweighted quantities are sums of 0/1 products, i.e. exact integers in float64.
    n = valid @ valid.T  # jointly non-missing items per pair
    # r[a, i, j]: common items where i is in category a; c[b, i, j]: where j is in b
    r = (onehot.reshape(n_states * k, n_items) @ valid.T).reshape(n_states, k, n_states)
    r = r.transpose(1, 0, 2)
    c = r.transpose(0, 2, 1)
    ones = np.ones(n_items)
    cache: dict[str, np.ndarray] = {}

    def dist_sum(metric: str) -> np.ndarray:  # sum_ab N_ab delta_ab
        if metric not in cache:
            cache[metric] = _pair_sum(onehot, ones, deltas[metric])
        return cache[metric]

    def agreement() -> np.ndarray:  # sum_a N_aa
        if "agree" not in cache:
            cache["agree"] = _pair_sum(onehot, ones, np.eye(k))
        return cache["agree"]

    out: dict[str, np.ndarray] = {}
    for name in names:
        if name in ("s_abs", "s_sq"):
            metric = name[2:]
            out[name] = _s(dist_sum(metric), n, d_maxes[metric])
        elif name in ("s_abs_w", "s_sq_w"):
            metric = name[2:-2]
            if "w_total" not in cache:
                # floating sums run in a different order for (i, j) and (j, i)
                cache["w_total"] = _sym((valid * w) @ valid.T)
            num = _sym(_pair_sum(onehot, w, deltas[metric]))
            out[name] = _s(num, cache["w_total"], d_maxes[metric])
        elif name == "kappa":
            expected = (r * c).sum(axis=0)
            out[name] = _div(n * agreement() - expected, n * n - expected)
        elif name == "pi":
            q = (r + c) / 2.0
            expected = (q * q).sum(axis=0)
            out[name] = _div(n * agreement() - expected, n * n - expected)
        elif name == "kappa_w":
            out[name] = 1.0 - _div(n * dist_sum("sq"), _expected(deltas["sq"], r, c))
        elif name == "pi_w":
            q = (r + c) / 2.0
            out[name] = 1.0 - _div(n * dist_sum("sq"), _expected(deltas["sq"], q, q))
        else:  # taub needs the full K x K table of every pair
            out[name] = _taub(_contingency(onehot), r, c, n)
    out[N_COMMON] = n
    return out


def _check_x(X: np.ndarray, n_categories: int) -> np.ndarray:
    X = np.asarray(X)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (n_states, n_items), got shape {X.shape}")
    if not np.issubdtype(X.dtype, np.integer):
        raise TypeError(f"X must have an integer dtype, got {X.dtype}")
    if int(n_categories) != n_categories or n_categories < 2:
        raise ValueError(f"n_categories must be an integer >= 2, got {n_categories}")
    if X.size and (X.min() < MISSING or X.max() >= n_categories):
        raise ValueError(f"X values must be in -1..{n_categories - 1}")
    return X


def _check_weights(weights: np.ndarray, n_items: int) -> np.ndarray:
    w = np.asarray(weights, dtype=np.float64)
    if w.shape != (n_items,):
        raise ValueError(f"weights must have shape ({n_items},), got {w.shape}")
    if not np.all(np.isfinite(w)) or np.any(w < 0):
        raise ValueError("weights must be finite and non-negative")
    return w


def _contingency(onehot: np.ndarray) -> np.ndarray:
    """Counts ``T[a, b, i, j] = (O_a @ O_b.T)[i, j]`` (a strided view), one product."""
    n_states, k, n_items = onehot.shape
    flat = onehot.reshape(n_states * k, n_items)
    return (flat @ flat.T).reshape(n_states, k, n_states, k).transpose(1, 3, 0, 2)


def _pair_sum(onehot: np.ndarray, w: np.ndarray, dist: np.ndarray) -> np.ndarray:
    """``sum_k w_k dist[X[i, k], X[j, k]]`` over jointly non-missing items, all pairs.

    Equals ``sum_ab dist[a, b] * ((O_a * w) @ O_b.T)``, done as one matrix product.
    """
    n_states, k, n_items = onehot.shape
    left = (onehot * w).reshape(n_states, k * n_items)
    spread = dist @ onehot  # spread[j, a, k] = dist[a, X[j, k]] (0 if missing)
    return left @ spread.reshape(n_states, k * n_items).T


def _expected(dist: np.ndarray, p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """``sum_ab p_a q_b dist[a, b]`` for every pair (``p``, ``q``: ``(K, n, n)``)."""
    return (p * np.tensordot(dist, q, axes=([1], [0]))).sum(axis=0)


def _div(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """``num / den``, NaN where ``den == 0``."""
    out = np.full(np.shape(num), np.nan)
    np.divide(num, den, out=out, where=den != 0)
    return out


def _s(dist_sum: np.ndarray, total: np.ndarray, d_max: float) -> np.ndarray:
    """Signorino-Ritter ``1 - 2 * (dist_sum / total) / d_max``; NaN where total is 0."""
    return 1.0 - 2.0 * _div(dist_sum, total * d_max)


def _sym(a: np.ndarray) -> np.ndarray:
    return (a + a.T) / 2.0


def _taub(table: np.ndarray, r: np.ndarray, c: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Kendall's tau-b from the ``(K, K, n, n)`` tables via running sums over categories."""
    # C - D = sum over cells (a, b) and (a', b') with a < a' of
    #         table[a, b] * table[a', b'] * sign(b' - b).
    # Loop over the K categories (cumulative sums on (n, n) slices stay in cache).
    k = table.shape[0]
    c_minus_d = np.zeros(table.shape[2:])
    after = np.zeros_like(table[0])  # after[b] = sum_{a' > a} table[a', b]
    for a in range(k - 2, -1, -1):
        after += table[a + 1]
        higher = after.sum(axis=0)  # running sum_{b' > b} after[b'], starting at b = -1
        lower = np.zeros_like(higher)  # running sum_{b' < b} after[b']
        for b in range(k):
            higher -= after[b]
            c_minus_d += table[a, b] * (higher - lower)
            lower += after[b]
    n0 = n * (n - 1.0) / 2.0
    untied_i = n0 - (r * (r - 1.0) / 2.0).sum(axis=0)
    untied_j = n0 - (c * (c - 1.0) / 2.0).sum(axis=0)
    return _div(c_minus_d, np.sqrt(untied_i * untied_j))
