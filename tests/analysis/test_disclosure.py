"""Disclosure control: small counts are hidden and no hidden count can be narrowed down.

The key property is checked against an oracle that knows nothing of the implementation: an
integer programme over all non-negative integer tables consistent with the published cells.
"""

import dataclasses
import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from isu.analysis.disclosure import (
    HIDDEN,
    ProtectedCube,
    Release,
    footnote,
    protect,
)
from isu.analysis.disclosure_audit import feasible_ranges

KU = ("kon", "utfall")
KU_MARGINS = [KU, ("kon",), ("utfall",), ()]
KRU = ("kon", "region", "utfall")
KRU_MARGINS = [c for r in (3, 2, 1, 0) for c in itertools.combinations(KRU, r)]

PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- the oracle ---------------------------------------------------------------------------------


def cell_rows(shape, dims, margin):
    """(index, 0/1 row over the flattened base cube) for every cell of *margin*."""
    axes = [dims.index(d) for d in margin]
    for index in np.ndindex(*(shape[a] for a in axes)):
        selector = [slice(None)] * len(shape)
        for axis, level in zip(axes, index, strict=True):
            selector[axis] = level
        row = np.zeros(shape)
        row[tuple(selector)] = 1.0
        yield index, row.ravel()


def published_constraints(counts, dims, cubes):
    """Rows and values of every published cell of every (dims, ProtectedCube) over *counts*."""
    rows, values = [], []
    for cube_dims, cube in cubes:
        for margin, protected in cube.margins.items():
            assert set(margin) <= set(cube_dims)
            for index, row in cell_rows(counts.shape, dims, margin):
                if not protected.hidden[index]:
                    rows.append(row)
                    values.append(row @ counts.ravel())
    return np.array(rows).reshape(-1, counts.size), np.array(values, dtype=float)


class IntegerOracle:
    """What a reader can infer: ranges over non-negative integer tables matching the published
    cells, by integer programming. Every table it finds is kept: when the tables already found
    spread a cell over *threshold* or more, no more programmes are needed for that cell.
    """

    def __init__(self, counts, constraints):
        a, b = constraints
        self.covered = a.any(axis=0) if len(a) else np.zeros(counts.size, dtype=bool)
        self.linear = [LinearConstraint(a, b, b)] if len(a) else []
        self.tables = [counts.ravel().astype(float)]

    def spread(self, target):
        values = [target @ table for table in self.tables]
        return min(values), max(values)

    def width(self, target, threshold):
        """The width of *target*'s range, or a lower bound of it that is >= *threshold*."""
        for sign in (1.0, -1.0):
            low, high = self.spread(target)
            if high - low >= threshold:
                return high - low
            if sign < 0 and (target[~self.covered] > 0).any():
                return np.inf  # a base cell nothing published pins down: no maximum
            self.tables.append(self._optimum(sign * target))
        low, high = self.spread(target)
        return high - low

    def _optimum(self, objective):
        result = milp(
            objective,
            integrality=np.ones(len(objective)),
            bounds=Bounds(0, np.inf),
            constraints=self.linear,
        )
        assert result.status == 0
        return np.round(result.x)


def assert_protected(counts, dims, cubes, threshold):
    """Every hidden cell's integer range is at least *threshold* wide; small counts are hidden."""
    oracle = IntegerOracle(counts, published_constraints(counts, dims, cubes))
    for cube_dims, cube in cubes:
        for margin, protected in cube.margins.items():
            for index, target in cell_rows(counts.shape, dims, margin):
                value = int(target @ counts.ravel())
                assert protected.counts[index] == value
                if 1 <= value < threshold:
                    assert protected.hidden[index], (margin, index, value)
                    assert protected.primary[index]
                if protected.hidden[index]:
                    width = oracle.width(target, threshold)
                    assert width >= threshold, (cube_dims, margin, index, value, width)


# --- strategies -----------------------------------------------------------------------------------

small_or_any = st.one_of(st.integers(0, 6), st.integers(0, 30))


@st.composite
def tables(draw, shapes):
    shape = tuple(draw(st.integers(lo, hi)) for lo, hi in shapes)
    cells = draw(st.lists(small_or_any, min_size=int(np.prod(shape)), max_size=int(np.prod(shape))))
    return np.array(cells, dtype=np.int64).reshape(shape)


# --- worked examples ------------------------------------------------------------------------------


def test_a_small_cell_is_hidden_with_a_complement_in_its_row_and_column():
    counts = np.array([[2, 10, 12], [8, 15, 9]])
    cube = protect(counts, KU, KU_MARGINS)
    hidden = cube.margin(KU).hidden
    assert hidden[0, 0]
    assert hidden[0, 1:].any()
    assert hidden[1, 0]
    assert cube.margin(KU).primary.tolist() == [[True, False, False], [False, False, False]]
    assert not cube.margin(("kon",)).hidden.any()
    assert not cube.margin(()).hidden


def test_small_margins_are_hidden_and_zeros_are_shown():
    counts = np.array([[1, 2, 0], [10, 12, 9]])
    cube = protect(counts, KU, KU_MARGINS)
    assert cube.margin(("kon",)).hidden[0]
    assert cube.margin(KU).hidden[0, :2].all()
    assert not cube.margin(KU).hidden[0, 2]  # a zero is not a small count
    assert_protected(counts, KU, [(KU, cube)], 5)


def test_zeros_alone_hide_nothing():
    counts = np.array([[0, 10], [7, 0]])
    cube = protect(counts, KU, KU_MARGINS)
    assert not any(m.hidden.any() for m in cube.margins.values())
    assert cube.margin(KU).published().tolist() == [[0.0, 10.0], [7.0, 0.0]]


def test_a_table_of_large_counts_is_published_whole():
    counts = np.array([[120, 340, 56], [98, 410, 77]])
    cube = protect(counts, KU, KU_MARGINS)
    assert not any(m.hidden.any() for m in cube.margins.values())
    assert cube.margin(()).published() == 1101.0


def test_a_small_grand_total_is_hidden():
    cube = protect(np.array([[1, 0], [0, 2]]), KU, KU_MARGINS)
    assert cube.margin(()).hidden
    assert np.isnan(cube.margin(()).published())


def test_published_marks_hidden_cells_as_nan():
    cube = protect(np.array([[2, 9], [7, 8]]), KU, KU_MARGINS)
    published = cube.margin(KU).published()
    assert np.isnan(published).tolist() == cube.margin(KU).hidden.tolist()
    assert cube.margin(("kon",)).published().tolist() == [11.0, 15.0]
    assert HIDDEN == ".."
    assert "5" in footnote(5)


def test_results_are_read_only():
    cube = protect(np.array([[2, 9], [7, 8]]), KU, KU_MARGINS)
    with pytest.raises(ValueError):
        cube.margin(KU).hidden[0, 0] = False


def test_a_margin_is_looked_up_as_it_was_requested():
    cube = protect(np.array([[20, 9], [7, 8]]), KU, [("utfall", "kon"), ()])
    assert cube.margin(("utfall", "kon")).counts.tolist() == [[20, 7], [9, 8]]
    with pytest.raises(KeyError):
        cube.margin(KU)


def test_feasible_ranges_of_a_hidden_rectangle():
    counts = np.array([[2, 9], [7, 8]])
    hidden = {KU: np.ones((2, 2), dtype=bool)}
    ranges = feasible_ranges(counts, KU, KU_MARGINS, hidden)
    low, high = ranges[KU]
    # a + t, b - t, c - t, d + t stays non-negative for -2 <= t <= 7
    assert low.tolist() == [[0, 2], [0, 6]]
    assert high.tolist() == [[9, 11], [9, 15]]
    assert ranges[("kon",)][0].tolist() == [11, 15] == ranges[("kon",)][1].tolist()


def test_feasible_ranges_are_unbounded_when_nothing_pins_a_cell_down():
    counts = np.array([[2, 9], [7, 8]])
    hidden = {KU: np.array([[True, False], [False, False]]), (): np.array(True)}
    low, high = feasible_ranges(counts, KU, [KU, ()], hidden)[KU]
    assert low[0, 0] == 0
    assert high[0, 0] == np.inf


# --- the key property -----------------------------------------------------------------------------


@PROPERTY
@given(tables([(2, 4), (2, 5)]))
def test_no_hidden_cell_of_a_two_way_table_can_be_narrowed(counts):
    cube = protect(counts, KU, KU_MARGINS)
    assert_protected(counts, KU, [(KU, cube)], 5)
    assert_only_small_counts_hidden_primarily(cube, 5)


@PROPERTY
@given(tables([(2, 2), (2, 3), (2, 3)]))
def test_no_hidden_cell_of_a_three_way_cube_can_be_narrowed(counts):
    cube = protect(counts, KRU, KRU_MARGINS)
    assert_protected(counts, KRU, [(KRU, cube)], 5)
    assert_only_small_counts_hidden_primarily(cube, 5)


def assert_only_small_counts_hidden_primarily(cube: ProtectedCube, threshold):
    for margin in cube.margins.values():
        small = (margin.counts >= 1) & (margin.counts < threshold)
        assert (margin.primary == small).all()
        assert not (small & ~margin.hidden).any()
        shown = margin.counts[~margin.hidden]
        assert ((shown == 0) | (shown >= threshold)).all()


# --- linked tables --------------------------------------------------------------------------------


def protect_linked(counts, threshold=5):
    release = Release(threshold)
    low = release.protect(counts.sum(axis=1), KU, KU_MARGINS, population="beslut")
    high = release.protect(counts, KRU, KRU_MARGINS, population="beslut")
    return release, low, high


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables([(2, 2), (2, 3), (2, 3)]))
def test_tables_sharing_margins_are_protected_together(counts):
    release, low, high = protect_linked(counts)
    for margin in KU_MARGINS:
        assert (low.margin(margin).hidden == high.margin(margin).hidden).all()
    assert_protected(counts, KRU, [(KU, low), (KRU, high)], 5)
    assert release.hidden_cells == sum(int(m.hidden.sum()) for m in high.margins.values())


def test_a_cell_hidden_in_the_small_table_stays_hidden_in_the_large_one():
    counts = np.array([[[2, 30], [1, 40]], [[20, 25], [30, 35]]])  # kon x region x utfall
    _, low, high = protect_linked(counts)
    assert low.margin(KU).hidden[0, 0]
    assert high.margin(KU).hidden[0, 0]
    assert_protected(counts, KRU, [(KU, low), (KRU, high)], 5)


def test_a_zero_inside_a_published_zero_is_not_hidden():
    # found by hypothesis: hiding such a zero protects nothing and can never pass the audit
    counts = np.array([[[1, 4], [0, 1]], [[0, 5], [0, 0]]])  # kon x region x utfall
    _, low, high = protect_linked(counts)
    assert not low.margin(KU).hidden[1, 0]
    assert not high.margin(KRU).hidden[1, :, 0].any()
    assert_protected(counts, KRU, [(KU, low), (KRU, high)], 5)


def test_margins_published_earlier_count_even_when_a_later_table_does_not_request_them():
    counts = np.array([[[3, 1], [5, 10]], [[3, 18], [0, 4]]])  # kon x region x utfall
    release = Release()
    low = release.protect(counts.sum(axis=1), KU, KU_MARGINS)
    high = release.protect(counts, KRU, [KRU, ("kon",), ("region",)])
    assert set(high.margins) == {KRU, ("kon",), ("region",)}
    assert_protected(counts, KRU, [(KU, low), (KRU, high)], 5)


def test_a_new_margin_of_an_earlier_table_is_refused():
    counts = np.array([[[3, 1], [5, 10]], [[3, 18], [0, 4]]])
    release = Release()
    release.protect(counts, KRU, [KRU, ("kon",)])
    with pytest.raises(ValueError, match="lower-dimensional tables first"):
        release.protect(counts.sum(axis=1), KU, KU_MARGINS)


def test_the_oracle_catches_a_cell_recoverable_by_subtraction():
    counts = np.array([[2, 10, 12], [8, 15, 9]])
    cube = protect(counts, KU, KU_MARGINS)
    primary_only = ProtectedCube(
        KU,
        {
            margin: dataclasses.replace(protected, hidden=protected.primary)
            for margin, protected in cube.margins.items()
        },
        5,
    )
    with pytest.raises(AssertionError):
        assert_protected(counts, KU, [(KU, primary_only)], 5)


def test_populations_are_kept_apart():
    release = Release()
    first = release.protect(np.array([[2, 9], [7, 8]]), KU, KU_MARGINS, population="beslut")
    second = release.protect(np.array([[20, 9], [7, 8]]), KU, KU_MARGINS, population="uppf")
    assert first.margin(KU).hidden[0, 0]
    assert not second.margin(KU).hidden.any()


def test_protecting_the_same_table_again_changes_nothing():
    release = Release()
    counts = np.array([[2, 10, 12], [8, 15, 9]])
    first = release.protect(counts, KU, KU_MARGINS)
    hidden = release.hidden_cells
    second = release.protect(counts, KU, KU_MARGINS)
    assert release.hidden_cells == hidden > 0
    for margin in KU_MARGINS:
        assert (first.margin(margin).hidden == second.margin(margin).hidden).all()


# --- threshold --------------------------------------------------------------------------------------


@pytest.mark.parametrize("threshold", [3, 10])
def test_the_threshold_is_configurable(threshold):
    counts = np.array([[2, 4, 12, 30], [8, 15, 9, 1], [0, 3, 11, 25]])
    cube = protect(counts, KU, KU_MARGINS, threshold=threshold)
    assert cube.threshold == threshold
    assert_only_small_counts_hidden_primarily(cube, threshold)
    assert_protected(counts, KU, [(KU, cube)], threshold)


def test_threshold_three_publishes_a_four():
    cube = protect(np.array([[4, 20], [30, 40]]), KU, KU_MARGINS, threshold=3)
    assert not cube.margin(KU).hidden.any()


# --- input validation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "dims", "margins"),
    [
        (np.ones((2, 3), dtype=int), ("kon",), [("kon",)]),  # dims do not match the shape
        (np.ones((2, 3), dtype=int), ("kon", "kon"), [("kon",)]),  # repeated dim
        (np.array([[1, -1], [2, 3]]), KU, KU_MARGINS),  # negative count
        (np.array([[1.5, 1], [2, 3]]), KU, KU_MARGINS),  # not a count
        (np.array([[True, False], [True, True]]), KU, KU_MARGINS),  # not a count
        (np.ones((2, 2), dtype=int), KU, [("kon", "region")]),  # unknown dim
        (np.ones((2, 2), dtype=int), KU, [KU, ("utfall", "kon")]),  # the same margin twice
        (np.ones((2, 2), dtype=int), KU, []),  # nothing to publish
        (np.ones((2, 0), dtype=int), KU, KU_MARGINS),  # empty cube
    ],
)
def test_programmer_errors_are_rejected(counts, dims, margins):
    with pytest.raises(ValueError):
        protect(counts, dims, margins)


@pytest.mark.parametrize("threshold", [0, -1, 2.5, True])
def test_a_threshold_below_one_is_rejected(threshold):
    with pytest.raises(ValueError, match="threshold"):
        Release(threshold)


def test_tables_of_one_population_must_agree():
    release = Release()
    release.protect(np.array([[20, 9], [7, 8]]), KU, KU_MARGINS)
    with pytest.raises(ValueError, match="same records"):
        release.protect(np.array([[21, 9], [7, 8]]), KU, KU_MARGINS)
    with pytest.raises(ValueError, match="levels"):
        release.protect(np.ones((3, 2), dtype=int) * 10, KU, KU_MARGINS)


def test_float_counts_with_integer_values_are_accepted():
    cube = protect(np.array([[20.0, 9.0], [7.0, 8.0]]), KU, KU_MARGINS)
    assert cube.margin(()).counts.dtype == np.int64
