"""Economic complexity (ECI, PCI, COI, COG) and the ecomplexity-style relatedness options.

Peer agreement runs the Growth Lab's ``ecomplexity`` 0.5.3 (pinned in requirements-test.txt)
on the same seeded tables.
"""

from __future__ import annotations

import contextlib
import io
import math
import warnings

import numpy as np
import pandas as pd
import pytest
from ecomplexity import ecomplexity, proximity
from ecomplexity.calc_density import calc_density
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from helpers import metrics

pytestmark = pytest.mark.fast

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# A nested network: A holds i, j, k; B holds i, j; C holds i only (RCA >= 0.5).
#            i    j    k   | LQ at threshold 0.5
#   A        1    1    1   | 0.67  1.0  2.0
#   B        1    1    0   | 1.0   1.5  0
#   C        1    0    0   | 2.0   0    0
NESTED = pd.DataFrame(
    [[1.0, 1.0, 1.0], [1.0, 1.0, 0.0], [1.0, 0.0, 0.0]], index=list("ABC"), columns=list("ijk")
)
# By hand: the industry matrix sum_r M_ri M_rj / (d_r u_i) has eigenvalues 1, 1/4 and 1/9;
# the eigenvector of 1/4 is k_p = (-2, 1, 4), so k_c = M k_p / d = (1, -1/2, -2), with mean
# -1/2 and population deviation sqrt(3/2); the sign already gives ECI rising with diversity.
SIGMA = math.sqrt(1.5)
KP = np.array([-2.0, 1.0, 4.0])


def seeded_table(n_regions: int, n_industries: int, seed: int) -> pd.DataFrame:
    """Skewed non-negative amounts with about a fifth of the cells zero (SYNTHETIC)."""
    rng = np.random.default_rng(seed)
    values = rng.lognormal(mean=0.0, sigma=1.5, size=(n_regions, n_industries))
    values[rng.random(values.shape) < 0.2] = 0.0
    values[:, 0] += 1.0  # every region and industry has a positive total
    values[0, :] += 1.0
    return pd.DataFrame(
        values,
        index=[f"r{r:04d}" for r in range(n_regions)],
        columns=[f"i{i:03d}" for i in range(n_industries)],
    )


def long_form(x: pd.DataFrame) -> pd.DataFrame:
    out = x.stack().rename("val").rename_axis(["loc", "prod"]).reset_index()
    out["time"] = 2000
    return out


COLS = {"time": "time", "loc": "loc", "prod": "prod", "val": "val"}


def run_ecomplexity(x: pd.DataFrame, **kwargs) -> pd.DataFrame:
    """ecomplexity's full output for one year, quietly (it prints and warns)."""
    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ecomplexity(
            long_form(x), COLS, verbose=False, check_logsupermodularity=False, **kwargs
        )


def run_proximity(x: pd.DataFrame, **kwargs) -> pd.DataFrame:
    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        edges = proximity(long_form(x), COLS, **kwargs)
    return edges.pivot(index="prod_1", columns="prod_2", values="proximity")


def per_region(out: pd.DataFrame, col: str, x: pd.DataFrame) -> np.ndarray:
    return out.groupby("loc")[col].first().reindex(x.index).to_numpy()


def per_industry(out: pd.DataFrame, col: str, x: pd.DataFrame) -> np.ndarray:
    return out.groupby("prod")[col].first().reindex(x.columns).to_numpy()


def per_cell(out: pd.DataFrame, col: str, x: pd.DataFrame) -> np.ndarray:
    wide = out.pivot(index="loc", columns="prod", values=col)
    return wide.reindex(index=x.index, columns=x.columns).to_numpy()


# --------------------------------------------------------------------------- hand-computed


def test_eci_and_pci_hand_computed_on_a_nested_network():
    eci = metrics.eci(NESTED, threshold=0.5)
    pci = metrics.pci(NESTED, threshold=0.5)
    assert eci.name == "eci" and list(eci.index) == list("ABC")
    np.testing.assert_allclose(eci, [SIGMA, 0.0, -SIGMA], atol=1e-12)
    np.testing.assert_allclose(pci, (KP + 0.5) / SIGMA, atol=1e-12)


def test_coi_and_cog_hand_computed_on_a_nested_network():
    # proximity: phi_ij = 2/3, phi_ik = 1/3, phi_jk = 1/2; row sums 2, 13/6, 11/6.
    # density of what is missing: B->k 5/11; C->j 4/13, C->k 2/11.
    raw = np.array([0.0, 5 / 11 * 4, 4 / 13 * 1 + 2 / 11 * 4])
    np.testing.assert_allclose(
        metrics.coi(NESTED, threshold=0.5), (raw - raw.mean()) / raw.std(), atol=1e-12
    )
    expected = np.zeros((3, 3))
    expected[1, 2] = 4 / (11 / 6) / SIGMA
    expected[2, 1] = (1 / (13 / 6) + 0.5 * 4 / (11 / 6)) / SIGMA
    expected[2, 2] = (0.5 * 1 / (13 / 6) + 4 / (11 / 6)) / SIGMA
    np.testing.assert_allclose(metrics.cog(NESTED, threshold=0.5), expected, atol=1e-12)


def test_eci_is_the_mean_pci_of_the_industries_present():
    x = seeded_table(40, 15, seed=3)
    m = metrics.location_quotient(x, binary=True)
    mean_pci = (m @ metrics.pci(x)) / m.sum(axis=1)
    np.testing.assert_allclose(mean_pci, metrics.eci(x), atol=1e-10)


def test_reflections_converge_to_the_eigenvector_ranking():
    for shape, seed in (((30, 12), 1), ((120, 40), 2), ((60, 90), 4)):
        x = seeded_table(*shape, seed=seed)
        for fn in (metrics.eci, metrics.pci, metrics.coi):
            by_eigen = fn(x)
            by_reflections = fn(x, method="reflections")
            assert list(by_eigen.sort_values().index) == list(by_reflections.sort_values().index)
            np.testing.assert_allclose(by_reflections, by_eigen, atol=1e-8)
        np.testing.assert_allclose(
            metrics.cog(x, method="reflections"), metrics.cog(x), atol=1e-8
        )


# --------------------------------------------------------------------------- ecomplexity


@pytest.mark.parametrize(
    ("shape", "seed", "threshold"),
    [((4, 5), 0, 1.0), ((30, 12), 1, 1.0), ((120, 80), 2, 1.0), ((50, 20), 5, 1.3)],
)
def test_eci_pci_coi_cog_agree_with_ecomplexity(shape, seed, threshold):
    x = seeded_table(*shape, seed=seed)
    try:
        ours = {f: getattr(metrics, f)(x, threshold=threshold) for f in ("eci", "pci", "coi")}
    except ValueError as err:  # a degenerate table: say so instead of passing silently
        pytest.fail(f"seeded table {shape} seed {seed} is degenerate: {err}")
    out = run_ecomplexity(x, rca_mcp_threshold=threshold)
    np.testing.assert_allclose(ours["eci"], per_region(out, "eci", x), atol=1e-9)
    np.testing.assert_allclose(ours["pci"], per_industry(out, "pci", x), atol=1e-9)
    np.testing.assert_allclose(ours["coi"], per_region(out, "coi", x), atol=1e-9)
    np.testing.assert_allclose(
        metrics.cog(x, threshold=threshold), per_cell(out, "cog", x), atol=1e-9
    )
    m = metrics.location_quotient(x, binary=True, threshold=threshold)
    np.testing.assert_array_equal(m, per_cell(out, "mcp", x))
    density = metrics.relatedness_density(m, metrics.relatedness(m)) / 100
    np.testing.assert_allclose(density, per_cell(out, "density", x), atol=1e-12)


def test_population_presence_agrees_with_ecomplexity_rpop():
    x = seeded_table(40, 12, seed=7)
    # population roughly in line with each region's total, so every region leads somewhere
    pop = x.sum(axis=1) * np.random.default_rng(7).uniform(0.7, 1.3, len(x))
    pop_long = pd.DataFrame({"time": 2000, "loc": pop.index, "pop": pop.to_numpy()})
    out = run_ecomplexity(x, presence_test="rpop", pop=pop_long)
    np.testing.assert_allclose(metrics.rpop(x, pop), per_cell(out, "rpop", x), rtol=1e-12)
    np.testing.assert_array_equal(
        metrics.rpop(x, pop, binary=True), per_cell(out, "mcp", x)
    )
    np.testing.assert_allclose(
        metrics.eci(x, population=pop), per_region(out, "eci", x), atol=1e-9
    )
    np.testing.assert_allclose(
        metrics.cog(x, population=pop), per_cell(out, "cog", x), atol=1e-9
    )


def test_proximity_agrees_with_ecomplexity_discrete_continuous_and_asymmetric():
    x = seeded_table(60, 15, seed=8)
    m = metrics.location_quotient(x, binary=True)
    np.testing.assert_allclose(metrics.relatedness(m), run_proximity(x), atol=1e-12)
    np.testing.assert_allclose(
        metrics.relatedness(metrics.location_quotient(x), method="continuous"),
        run_proximity(x, continuous=True),
        atol=1e-12,
    )
    # ecomplexity lists P(j | i) for the pair (i, j): the transpose of P(i | j).
    conditional = metrics.relatedness(m, method="conditional")
    np.testing.assert_allclose(conditional.T, run_proximity(x, asymmetric=True), atol=1e-12)
    out = run_ecomplexity(x, asymmetric=True)
    np.testing.assert_allclose(
        metrics.relatedness_density(m, conditional) / 100, per_cell(out, "density", x), atol=1e-12
    )


def test_density_diagonal_kept_matches_ecomplexity_calc_density():
    x = seeded_table(30, 10, seed=9)
    m = metrics.location_quotient(x, binary=True)
    phi = metrics.relatedness(m)
    theirs = calc_density(m.to_numpy(dtype=float), phi.to_numpy())
    for diagonal in ("keep", "one"):
        ours = metrics.relatedness_density(m, phi, diagonal=diagonal) / 100
        np.testing.assert_allclose(ours, theirs, atol=1e-12)


# --------------------------------------------------------------------------- properties


@st.composite
def dense_tables(draw):
    n_rows = draw(st.integers(3, 8))
    n_cols = draw(st.integers(3, 8))
    seed = draw(st.integers(0, 2**32 - 1))
    return seeded_table(n_rows, n_cols, seed)


def complexity_or_reject(fn, x, **kwargs):
    try:
        return fn(x, **kwargs)
    except ValueError as err:
        assume("undefined" not in str(err) and "not unique" not in str(err))
        raise


@FAST
@given(dense_tables())
def test_eci_is_standardised_and_rises_with_diversity(x):
    eci = complexity_or_reject(metrics.eci, x)
    assert abs(eci.mean()) < 1e-9
    assert abs(eci.std(ddof=0) - 1) < 1e-9
    diversity = metrics.diversity(x, rca=True)
    assert np.corrcoef(diversity, eci)[0, 1] > 0


@FAST
@given(dense_tables(), st.randoms(use_true_random=False))
def test_reordering_regions_and_industries_only_reorders_the_results(x, rnd):
    before = complexity_or_reject(metrics.eci, x)
    rows, cols = list(x.index), list(x.columns)
    rnd.shuffle(rows)
    rnd.shuffle(cols)
    shuffled = x.loc[rows, cols]
    np.testing.assert_allclose(metrics.eci(shuffled).reindex(x.index), before, atol=1e-8)
    np.testing.assert_allclose(
        metrics.cog(shuffled).reindex(index=x.index, columns=x.columns), metrics.cog(x), atol=1e-8
    )


@FAST
@given(dense_tables())
def test_cog_is_zero_where_the_region_is_present(x):
    gain = complexity_or_reject(metrics.cog, x)
    present = metrics.location_quotient(x, binary=True).to_numpy() == 1
    assert np.all(gain.to_numpy()[present] == 0)


# --------------------------------------------------------------------------- bad input


def test_equal_diversity_makes_the_sign_undefined():
    # A holds i and j, B holds i, C holds j: corr(diversity, raw ECI) is 0.
    x = pd.DataFrame([[1.0, 1.0], [1.0, 0.0], [0.0, 1.0]], index=list("ABC"), columns=["i", "j"])
    with pytest.raises(ValueError, match="sign"):
        metrics.eci(x, threshold=0.5)


def test_separate_groups_are_rejected():
    x = pd.DataFrame(
        [[3.0, 1.0, 0, 0], [1.0, 3.0, 0, 0], [0, 0, 3.0, 1.0], [0, 0, 1.0, 3.0], [2.0, 2.0, 0, 0]],
        index=list("ABCDE"),
        columns=list("ijkl"),
    )
    with pytest.raises(ValueError, match="groups"):
        metrics.eci(x)


def test_threshold_leaving_a_region_or_an_industry_empty_names_it():
    x = seeded_table(10, 5, seed=0)
    with pytest.raises(ValueError, match=r"regions specialised in no industry \(RCA >= "
                       r"threshold 50\).*'r0"):
        metrics.pci(x, threshold=50)
    # LQ: A i 2, k 1; B j 2, k 1 -> at 1.2 no region is specialised in k
    even = pd.DataFrame({"i": [10.0, 0.0], "j": [0.0, 10.0], "k": [5.0, 5.0]})
    with pytest.raises(ValueError, match=r"no region is specialised \(RCA >= threshold 1.2\).*'k'"):
        metrics.pci(even, threshold=1.2)


@pytest.mark.parametrize("threshold", [0, -1, float("nan"), "1", True])
def test_bad_threshold_is_named(threshold):
    with pytest.raises(ValueError, match="threshold"):
        metrics.eci(seeded_table(10, 5, seed=0), threshold=threshold)


def test_bad_method_is_named():
    with pytest.raises(ValueError, match="method.*'power'"):
        metrics.eci(seeded_table(10, 5, seed=0), method="power")


def test_negative_amount_is_named_by_row_and_column():
    x = seeded_table(10, 5, seed=0)
    x.loc["r0003", "i002"] = -1.0
    with pytest.raises(ValueError, match=r"row 'r0003', column 'i002'"):
        metrics.coi(x)


def test_population_missing_a_region_is_named():
    x = seeded_table(10, 5, seed=0)
    pop = pd.Series(1.0, index=x.index[:-1])
    with pytest.raises(ValueError, match="population lacks.*'r0009'"):
        metrics.eci(x, population=pop)
    with pytest.raises(ValueError, match="population of region 'r0000'"):
        metrics.rpop(x, pd.Series(0.0, index=x.index))


def test_one_industry_is_too_few():
    with pytest.raises(ValueError, match="two regions and two industries"):
        metrics.eci(pd.DataFrame({"i": [1.0, 2.0]}, index=["A", "B"]))


def test_non_frame_input_is_a_type_error():
    with pytest.raises(TypeError, match="x must be a pandas DataFrame"):
        metrics.cog(np.ones((3, 3)))


def test_eci_does_not_depend_on_row_order_when_the_table_has_a_symmetry():
    # regression (found by hypothesis): swapping industries b<->c and a<->d with four regions
    # maps the presence matrix onto itself, and the eigenvector was exactly orthogonal to the
    # old fixed start of the inverse iteration, so ECI depended on the order of the rows
    x = pd.DataFrame(
        [[3.274052, 7.179079, 1.206043, 1.0], [3.247141, 0.222704, 0.0, 2.408140],
         [1.309742, 0.0, 2.179690, 0.456316], [1.357659, 0.938032, 0.0, 2.111317],
         [1.0, 0.783587, 1.832768, 0.0], [19.482662, 0.0, 0.0, 5.156742],
         [1.640686, 0.169505, 0.434361, 0.0]],
        index=[f"r{i}" for i in range(7)], columns=list("abcd"),
    )
    forward = metrics.eci(x)
    backward = metrics.eci(x.iloc[::-1, ::-1]).reindex(x.index)
    np.testing.assert_allclose(forward, backward, atol=1e-10)
    # r0 holds only b and r2 only c, which the symmetry swaps: their ECI is equal
    assert forward["r0"] == pytest.approx(forward["r2"], abs=1e-10)
