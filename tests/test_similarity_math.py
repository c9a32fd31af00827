"""Tests for alignscope.measures.similarity: hand-computed cases and a slow reference."""

from __future__ import annotations

import itertools
import math
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

try:
    from alignscope.measures.similarity import MEASURES, pairwise_similarity
except ImportError:  # package not installed (yet): use the src layout directly
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from alignscope.measures.similarity import MEASURES, pairwise_similarity

S_MEASURES = ("s_abs", "s_sq", "s_abs_w", "s_sq_w")


def pair(a, b, *, k=4, weights=None, measures=MEASURES):
    """All measures for the pair of portfolios (a, b): the [0, 1] entries."""
    x = np.array([a, b])
    if weights is None:
        weights = np.ones(x.shape[1])
    out = pairwise_similarity(x, measures=measures, n_categories=k, weights=weights)
    return {name: out[name][0, 1] for name in out}


# --------------------------------------------------------------------------------------
# hand-computed cases (alliance coding 0..3 unless stated, so d_max = 3 resp. 9)
# --------------------------------------------------------------------------------------


def test_identical_portfolios_are_one():
    # a == b == [3, 1, 0, 2]: every distance is 0 -> S = 1 (both metrics);
    # p_o = 1 and p_e = 4 * (1/4 * 1/4) = 1/4 -> kappa = pi = 1;
    # D_o = 0 -> kappa_w = pi_w = 1; all 6 item pairs concordant -> tau-b = 1.
    res = pair([3, 1, 0, 2], [3, 1, 0, 2])
    for name in MEASURES:
        assert res[name] == pytest.approx(1.0), name
    assert res["n_common"] == 4.0


def test_maximally_different_portfolios_are_minus_one():
    # a = [0, 0, 3, 3], b = [3, 3, 0, 0]: every |diff| = 3 = d_max -> S_abs = -1,
    # every diff^2 = 9 = d_max^2 -> S_sq = -1.
    # table: N_03 = N_30 = 2, no agreement; r = c = (2, 0, 0, 2) -> p_e = (4 + 4)/16
    # = 1/2 -> kappa = pi = (0 - 1/2) / (1 - 1/2) = -1.
    # D_o = 9, D_e = (2*2*9 + 2*2*9) / 16 = 4.5 -> kappa_w = pi_w = 1 - 9/4.5 = -1.
    # tau-b: the 4 cross pairs are discordant, n0 = 6, n1 = n2 = 1 + 1 = 2
    # -> (0 - 4) / sqrt(4 * 4) = -1.
    res = pair([0, 0, 3, 3], [3, 3, 0, 0])
    for name in MEASURES:
        assert res[name] == pytest.approx(-1.0), name


def test_partial_agreement_with_ties_hand_computed():
    # a = [3, 1, 0, 0], b = [3, 0, 0, 2], n = 4
    # |diff| = 0, 1, 0, 2 -> d = 3/4 -> S_abs = 1 - 2 * (3/4) / 3 = 1/2
    # diff^2 = 0, 1, 0, 4 -> d = 5/4 -> S_sq = 1 - 2 * (5/4) / 9 = 13/18
    # agreements at items 1 and 3 -> p_o = 1/2
    # r (a's counts of 0..3) = (2, 1, 0, 1), c (b's) = (2, 0, 1, 1)
    # kappa: p_e = (2*2 + 1*0 + 0*1 + 1*1) / 16 = 5/16 -> (8/16 - 5/16) / (11/16) = 3/11
    # pi: q = (r + c)/2 = (2, .5, .5, 1), p_e = (4 + .25 + .25 + 1) / 16 = 11/32
    #     -> (16/32 - 11/32) / (21/32) = 5/21
    # kappa_w: D_o = 5/4; sum_ab r_a c_b (a-b)^2:
    #     a=0: 2 * (1*4 + 1*9) = 26;  a=1: 1 * (2*1 + 1*1 + 1*4) = 7;
    #     a=3: 1 * (2*9 + 1*1) = 19   -> 52, D_e = 52/16 -> 1 - (5/4)/(52/16) = 8/13
    # pi_w: sum_ab q_a q_b (a-b)^2 = 2 * (2*.5*1 + 2*.5*4 + 2*1*9 + .5*.5*1 + .5*1*4
    #     + .5*1*1) = 2 * 25.75 = 51.5 -> 1 - (5/4) / (51.5/16) = 63/103
    # tau-b: item pairs (1,2) C, (1,3) C, (1,4) C, (2,3) tie in b, (2,4) D, (3,4) tie
    #     in a -> C = 3, D = 1; n0 = 6, n1 = 1 (two 0s in a), n2 = 1 (two 0s in b)
    #     -> (3 - 1) / sqrt(5 * 5) = 2/5
    res = pair([3, 1, 0, 0], [3, 0, 0, 2])
    assert res["s_abs"] == pytest.approx(0.5)
    assert res["s_sq"] == pytest.approx(13 / 18)
    assert res["kappa"] == pytest.approx(3 / 11)
    assert res["pi"] == pytest.approx(5 / 21)
    assert res["kappa_w"] == pytest.approx(8 / 13)
    assert res["pi_w"] == pytest.approx(63 / 103)
    assert res["taub"] == pytest.approx(0.4)
    # with all weights 1 the weighted S equal the unweighted ones
    assert res["s_abs_w"] == pytest.approx(0.5)
    assert res["s_sq_w"] == pytest.approx(13 / 18)


def test_weighted_s_hand_computed():
    # a = [3, 1, 0, 0], b = [3, 0, 0, 2], w = [.5, .1, .2, .2] (sum 1)
    # abs: sum w|diff| = .1*1 + .2*2 = .5 -> S = 1 - 2 * .5 / 3 = 2/3
    # sq:  sum w diff^2 = .1*1 + .2*4 = .9 -> S = 1 - 2 * .9 / 9 = 0.8
    w = np.array([0.5, 0.1, 0.2, 0.2])
    res = pair([3, 1, 0, 0], [3, 0, 0, 2], weights=w)
    assert res["s_abs_w"] == pytest.approx(2 / 3)
    assert res["s_sq_w"] == pytest.approx(0.8)
    # weights need not sum to 1: scaling them changes nothing
    res10 = pair([3, 1, 0, 0], [3, 0, 0, 2], weights=10 * w)
    assert res10["s_abs_w"] == pytest.approx(2 / 3)
    assert res10["s_sq_w"] == pytest.approx(0.8)


def test_weighted_s_ignores_weights_of_missing_items():
    # item 2 is missing for b, so its (large) weight must not count:
    # common items 0, 1, 3 with w = .5, .1, .2; sum w|diff| = .1 + .4 = .5 over
    # sum w = .8 -> d = .625 -> S_abs = 1 - 2 * .625 / 3 = 7/12
    w = np.array([0.5, 0.1, 100.0, 0.2])
    res = pair([3, 1, 0, 0], [3, 0, -1, 2], weights=w)
    assert res["s_abs_w"] == pytest.approx(7 / 12)
    assert res["n_common"] == 3.0


def test_weighted_s_zero_total_weight_is_nan():
    # the only common items carry weight 0 -> S_w undefined, unweighted S defined
    w = np.array([0.0, 0.0, 1.0])
    res = pair([1, 2, -1], [1, 0, 3], weights=w)
    assert math.isnan(res["s_abs_w"]) and math.isnan(res["s_sq_w"])
    assert res["s_abs"] == pytest.approx(1 - 2 * (2 / 2) / 3)


def test_weighted_with_equal_weights_equals_unweighted():
    rng = np.random.default_rng(7)
    x = rng.integers(-1, 4, size=(12, 15))
    for c in (1.0, 0.01, 3.5):
        out = pairwise_similarity(x, measures=MEASURES, n_categories=4, weights=np.full(15, c))
        np.testing.assert_allclose(out["s_abs_w"], out["s_abs"], rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(out["s_sq_w"], out["s_sq"], rtol=1e-12, atol=1e-12)


def test_missing_items_are_dropped_pairwise():
    # a = [3, 0, -1, 1], b = [3, 1, 2, -1]: only items 0 and 1 are common
    # -> same as [3, 0] vs [3, 1]: S_abs = 1 - 2 * (1/2) / 3 = 2/3, n_common = 2
    res = pair([3, 0, -1, 1], [3, 1, 2, -1])
    ref = pair([3, 0], [3, 1])
    assert res["n_common"] == 2.0
    assert res["s_abs"] == pytest.approx(2 / 3)
    for name in MEASURES:
        assert res[name] == pytest.approx(ref[name], nan_ok=True), name


def test_empty_and_all_missing_portfolios_are_nan():
    x = np.array(
        [
            [-1, -1, -1, -1],  # never voted: nothing in common with anyone
            [1, -1, 2, -1],
            [-1, 0, -1, 3],  # disjoint from row 1 -> n_common 0
        ]
    )
    out = pairwise_similarity(x, measures=MEASURES, n_categories=4, weights=np.ones(4))
    n = out["n_common"]
    assert n.dtype == np.float64
    np.testing.assert_array_equal(n, [[0, 0, 0], [0, 2, 0], [0, 0, 2]])
    for name in MEASURES:
        m = out[name]
        assert np.isnan(m[0]).all() and np.isnan(m[:, 0]).all(), name
        assert np.isnan(m[1, 2]) and np.isnan(m[2, 1]), name
    # the S diagonal of rows with data is 1 (self-similarity)
    assert out["s_abs"][1, 1] == 1.0 and out["s_abs"][2, 2] == 1.0


def test_no_items_at_all():
    out = pairwise_similarity(
        np.zeros((3, 0), dtype=int), measures=MEASURES, n_categories=4, weights=np.ones(0)
    )
    for name in MEASURES:
        assert out[name].shape == (3, 3) and np.isnan(out[name]).all()
    np.testing.assert_array_equal(out["n_common"], np.zeros((3, 3)))
    empty = pairwise_similarity(
        np.zeros((0, 5), dtype=int), measures=MEASURES, n_categories=4, weights=np.ones(5)
    )
    assert all(v.shape == (0, 0) for v in empty.values())


def test_constant_identical_portfolios():
    # both states have no ties at all: S = 1, but p_e = 1 / D_e = 0 -> chance-corrected
    # measures undefined; tau-b undefined (no variance)
    res = pair([0, 0, 0, 0], [0, 0, 0, 0])
    assert res["s_abs"] == 1.0 and res["s_sq"] == 1.0
    for name in ("kappa", "pi", "kappa_w", "pi_w", "taub"):
        assert math.isnan(res[name]), name


def test_constant_different_portfolios():
    # a = [0, 0, 0], b = [3, 3, 3]: S = -1;
    # kappa: p_o = 0, p_e = r.c/9 = 0 -> 0;  kappa_w: D_o = 9 = D_e -> 0
    # pi: q = (1.5, 0, 0, 1.5), p_e = (2.25 + 2.25)/9 = 1/2 -> (0 - 1/2)/(1/2) = -1
    # pi_w: D_e = 2 * 1.5 * 1.5 * 9 / 9 = 4.5 -> 1 - 9/4.5 = -1;  tau-b: no variance
    res = pair([0, 0, 0], [3, 3, 3])
    assert res["s_abs"] == -1.0 and res["s_sq"] == -1.0
    assert res["kappa"] == 0.0 and res["kappa_w"] == 0.0
    assert res["pi"] == pytest.approx(-1.0) and res["pi_w"] == pytest.approx(-1.0)
    assert math.isnan(res["taub"])


def test_taub_undefined_when_one_portfolio_constant():
    # a constant -> n0 - n1 = 0 -> tau-b NaN; kappa: p_o = 1/2, r = (4, 0), c = (2, 2),
    # p_e = 4*2/16 = 1/2 -> kappa = 0 (defined)
    res = pair([0, 0, 0, 0], [0, 1, 0, 1], k=2)
    assert math.isnan(res["taub"])
    assert res["kappa"] == 0.0


def test_kappa_and_pi_differ_when_marginals_differ():
    # binary: a = [1, 1, 1, 0], b = [1, 0, 0, 0]; p_o = 2/4
    # kappa: r = (1, 3), c = (3, 1) -> p_e = (1*3 + 3*1)/16 = 3/8 -> (1/2 - 3/8)/(5/8) = 1/5
    # pi: q = (2, 2) -> p_e = (4 + 4)/16 = 1/2 -> (1/2 - 1/2)/(1/2) = 0
    res = pair([1, 1, 1, 0], [1, 0, 0, 0], k=2)
    assert res["kappa"] == pytest.approx(0.2)
    assert res["pi"] == pytest.approx(0.0)
    # with K = 2 both metrics coincide: weighted kappa/pi equal the nominal ones
    assert res["kappa_w"] == pytest.approx(res["kappa"])
    assert res["pi_w"] == pytest.approx(res["pi"])
    assert res["s_abs"] == res["s_sq"] == pytest.approx(0.0)  # 2 of 4 differ by 1


def test_kappa_equals_pi_when_marginals_equal():
    # a = [1, 0, 1, 0], b = [0, 1, 1, 0]: r = c = (2, 2) -> pooled == own marginals
    res = pair([1, 0, 1, 0], [0, 1, 1, 0], k=2)
    assert res["kappa"] == pytest.approx(res["pi"])
    assert res["kappa"] == pytest.approx(0.0)  # p_o = 1/2 = p_e


def test_one_way_ties_use_rows():
    # state 0 has a defence pact (3) towards state 1, not reciprocated (X[1, 0] = 0);
    # diagonal = self-tie 3.  Portfolios are rows:
    #   S_abs(0, 1): [3, 3, 0] vs [0, 3, 0] -> |diff| 3, 0, 0 -> d = 1 -> 1 - 2/3 = 1/3
    #   S_abs(0, 2): [3, 3, 0] vs [0, 0, 3] -> d = 3 -> -1
    #   S_abs(1, 2): [0, 3, 0] vs [0, 0, 3] -> d = 2 -> 1 - 4/3 = -1/3
    x = np.array([[3, 3, 0], [0, 3, 0], [0, 0, 3]])
    s = pairwise_similarity(x, measures=["s_abs"], n_categories=4)["s_abs"]
    expected = np.array([[1, 1 / 3, -1], [1 / 3, 1, -1 / 3], [-1, -1 / 3, 1]])
    np.testing.assert_allclose(s, expected)
    # column portfolios (X.T) give a different answer: [3, 0, 0] vs [0, 0, 3] -> -1/3
    s_t = pairwise_similarity(x.T, measures=["s_abs"], n_categories=4)["s_abs"]
    assert s_t[0, 2] == pytest.approx(-1 / 3)
    assert not np.allclose(s, s_t)


def test_taub_against_scipy():
    from scipy import stats  # in the dev extra: a missing scipy fails rather than skips

    rng = np.random.default_rng(11)
    x = rng.integers(-1, 4, size=(9, 25))
    out = pairwise_similarity(x, measures=["taub"], n_categories=4)["taub"]
    for i, j in itertools.product(range(9), repeat=2):
        keep = (x[i] >= 0) & (x[j] >= 0)
        with warnings.catch_warnings():  # scipy warns on constant or too-short input
            warnings.simplefilter("ignore")
            ref = stats.kendalltau(x[i, keep], x[j, keep], variant="b")[0]
        assert out[i, j] == pytest.approx(ref, nan_ok=True)


def test_output_keys_and_validation():
    x = np.array([[0, 1], [1, 0]])
    out = pairwise_similarity(x, measures=["kappa", "s_abs", "kappa"], n_categories=2)
    assert list(out) == ["kappa", "s_abs", "n_common"]
    assert all(v.dtype == np.float64 for v in out.values())
    with pytest.raises(ValueError, match="unknown"):
        pairwise_similarity(x, measures=["S"], n_categories=2)
    with pytest.raises(ValueError, match="weights"):
        pairwise_similarity(x, measures=["s_abs_w"], n_categories=2)
    with pytest.raises(ValueError, match="shape"):
        pairwise_similarity(x, measures=["s_abs_w"], n_categories=2, weights=np.ones(3))
    with pytest.raises(ValueError, match="non-negative"):
        pairwise_similarity(x, measures=["s_abs_w"], n_categories=2, weights=np.array([1.0, -1.0]))
    with pytest.raises(ValueError, match="values"):
        pairwise_similarity(x + 1, measures=["s_abs"], n_categories=2)
    with pytest.raises(ValueError, match="values"):
        pairwise_similarity(x - 2, measures=["s_abs"], n_categories=2)
    with pytest.raises(TypeError):
        pairwise_similarity(x.astype(float), measures=["s_abs"], n_categories=2)
    with pytest.raises(ValueError):
        pairwise_similarity(x, measures=["s_abs"], n_categories=1)
    with pytest.raises(ValueError):
        pairwise_similarity(x[0], measures=["s_abs"], n_categories=2)


# --------------------------------------------------------------------------------------
# slow, straightforward per-pair reference (textbook definitions, not the table algebra)
# --------------------------------------------------------------------------------------


def _reference_pair(a, b, k, w):
    """Every measure for two 1-D portfolios, by explicit loops over items."""
    keep = [t for t in range(len(a)) if a[t] >= 0 and b[t] >= 0]
    x = [int(a[t]) for t in keep]
    y = [int(b[t]) for t in keep]
    ww = [float(w[t]) for t in keep]
    n = len(x)
    res = {"n_common": float(n)}
    nan = float("nan")
    if n == 0:
        return res | dict.fromkeys(MEASURES, nan)

    def s_measure(power, weights):
        total = sum(weights)
        if total == 0:
            return nan
        d = sum(wt * abs(u - v) ** power for wt, u, v in zip(weights, x, y, strict=True)) / total
        return 1 - 2 * d / (k - 1) ** power

    res["s_abs"] = s_measure(1, [1.0] * n)
    res["s_sq"] = s_measure(2, [1.0] * n)
    res["s_abs_w"] = s_measure(1, ww)
    res["s_sq_w"] = s_measure(2, ww)

    p_o = sum(u == v for u, v in zip(x, y, strict=True)) / n
    px = [x.count(c) / n for c in range(k)]
    py = [y.count(c) / n for c in range(k)]
    pe_k = sum(px[c] * py[c] for c in range(k))
    pe_p = sum(((px[c] + py[c]) / 2) ** 2 for c in range(k))
    res["kappa"] = nan if pe_k == 1 else (p_o - pe_k) / (1 - pe_k)
    res["pi"] = nan if pe_p == 1 else (p_o - pe_p) / (1 - pe_p)

    # Haege's expected distance: all n*n pairings of a's and b's positions (kappa),
    # or all (2n)^2 pairings of the pooled positions (pi)
    d_o = sum((u - v) ** 2 for u, v in zip(x, y, strict=True)) / n
    d_e_k = sum((u - v) ** 2 for u in x for v in y) / n**2
    pooled = x + y
    d_e_p = sum((u - v) ** 2 for u in pooled for v in pooled) / (2 * n) ** 2
    res["kappa_w"] = nan if d_e_k == 0 else 1 - d_o / d_e_k
    res["pi_w"] = nan if d_e_p == 0 else 1 - d_o / d_e_p

    # Kendall tau-b by brute force over item pairs
    conc = disc = tie_x = tie_y = 0
    for s, t in itertools.combinations(range(n), 2):
        sx = np.sign(x[s] - x[t])
        sy = np.sign(y[s] - y[t])
        conc += sx * sy > 0
        disc += sx * sy < 0
        tie_x += sx == 0
        tie_y += sy == 0
    n0 = n * (n - 1) / 2
    den = math.sqrt((n0 - tie_x) * (n0 - tie_y))
    res["taub"] = nan if den == 0 else (conc - disc) / den
    return res


def _reference(x, k, w):
    out = {name: np.empty((x.shape[0],) * 2) for name in (*MEASURES, "n_common")}
    for i, j in itertools.product(range(x.shape[0]), repeat=2):
        for name, value in _reference_pair(x[i], x[j], k, w).items():
            out[name][i, j] = value
    return out


@pytest.mark.parametrize("seed", range(40))
def test_matches_slow_reference_on_random_data(seed):
    rng = np.random.default_rng(seed)
    k = int(rng.integers(2, 5))
    n_states = int(rng.integers(1, 9))
    n_items = int(rng.integers(0, 13))
    x = rng.integers(0, k, size=(n_states, n_items))
    # missing values, sometimes whole rows; sometimes a constant row
    x[rng.random(x.shape) < rng.uniform(0, 0.5)] = -1
    if n_states > 2 and seed % 3 == 0:
        x[1] = -1
    if n_states > 3 and seed % 4 == 0:
        x[2] = np.where(x[2] >= 0, 0, -1)
    w = rng.random(n_items) * (rng.random(n_items) > 0.2)  # some zero weights
    got = pairwise_similarity(x, measures=MEASURES, n_categories=k, weights=w)
    ref = _reference(x, k, w)
    for name in (*MEASURES, "n_common"):
        np.testing.assert_allclose(
            got[name], ref[name], rtol=1e-10, atol=1e-12, equal_nan=True, err_msg=name
        )


@pytest.mark.parametrize("seed", range(5))
def test_symmetry_and_bounds(seed):
    rng = np.random.default_rng(100 + seed)
    x = rng.integers(-1, 4, size=(30, 40))
    out = pairwise_similarity(x, measures=MEASURES, n_categories=4, weights=rng.random(40))
    eps = 1e-12
    for name in MEASURES:
        m = out[name]
        np.testing.assert_array_equal(m, m.T, err_msg=name)  # S(A, B) == S(B, A)
        finite = m[np.isfinite(m)]
        assert finite.size > 0
        assert finite.max() <= 1 + eps, name  # S, kappa, pi, tau-b <= 1
        if name in S_MEASURES or name == "taub":
            assert finite.min() >= -1 - eps, name
    # self-similarity: rows with at least one non-constant value have 1 on the diagonal
    for name in MEASURES:
        np.testing.assert_allclose(np.diag(out[name]), 1.0, err_msg=name)
