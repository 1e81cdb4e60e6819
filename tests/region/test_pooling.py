"""Pooling: the sum of packages is the analysis of the union where nothing was hidden, and where
cells were hidden no pooled figure reveals them."""

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.region.conftest import package, records

from isu.demo import generate
from isu.region.compare import compare
from isu.region.export import build_package
from isu.region.load import check_region
from isu.region.local import local_comparison
from isu.region.pool import HIDDEN_REASON, pool_table

CODEBOOK = generate(children=0).codebook
TABLE = "beslut/beslut_insats/kon"

municipalities = st.lists(
    st.tuples(st.integers(30, 150), st.integers(0, 10_000)),
    min_size=2,
    max_size=3,
    unique_by=lambda m: m[1],
)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(municipalities)
def test_pooled_packages_equal_the_union_of_the_records_when_nothing_is_hidden(found):
    """With threshold 1 nothing is hidden; every pooled margin of every table must then equal
    the same margin counted from all municipalities' records together."""
    parts = [records(children, seed) for children, seed in found]
    region = check_region(
        [
            build_package(part, CODEBOOK, municipality=f"K{i}", period="2025", threshold=1)
            for i, part in enumerate(parts)
        ]
    )
    union = build_package(
        pd.concat(parts, ignore_index=True), CODEBOOK, municipality="U", period="2025", threshold=1
    )
    for table in union.tables:
        pooled = pool_table(region, table.id)
        if table.axes != pooled.table.axes:
            continue  # levels that only the union has (an age band nobody in one part had)
        assert pooled.left_out == ()
        for dims, margin in table.margins.items():
            assert np.array_equal(pooled.margins[dims], margin.values.astype(np.int64)), (
                table.id,
                dims,
            )
    _shares_match_a_crosstab_of_the_union(region, pd.concat(parts, ignore_index=True))


def _shares_match_a_crosstab_of_the_union(region, union):
    """An independent oracle: the share granted by sex, counted by pandas from the records."""
    decisions = union[(union["tillfalle"] == "beslut") & union["beslut_insats"].notna()]
    table = pd.crosstab(decisions["juridiskt_kon"], decisions["beslut_insats"])
    result = compare(region, TABLE, "ja")
    for sex, pooled in zip(result.sexes, result.pooled_shares, strict=True):
        assert pooled.k == table.loc[sex, "ja"]
        assert pooled.n == table.loc[sex].sum()


def _region():
    return check_region(
        [package(n, c, s) for n, c, s in (("Ale", 300, 11), ("Dals-Ed", 40, 13), ("Ö", 25, 21))]
    )


def test_a_municipality_with_hidden_cells_is_left_out_of_the_pooled_table_and_named():
    region = _region()
    hidden_somewhere = 0
    for table in region.packages[0].tables:
        pooled = pool_table(region, table.id)
        for package_ in region.packages:
            own = package_.table(table.id)
            if own is not None and any(m.hidden.any() for m in own.margins.values()):
                hidden_somewhere += 1
                assert package_.municipality not in pooled.included
                assert (package_.municipality, HIDDEN_REASON) in {
                    (o.municipality, o.reason) for o in pooled.left_out
                }
    assert hidden_somewhere > 0


def test_no_pooled_figure_depends_on_a_hidden_cell():
    """Every pooled count is a sum of published cells of the municipalities named as included:
    so neither the pooled figure nor the pooled figure minus the others can reveal a hidden one."""
    region = _region()
    for table in region.packages[0].tables:
        pooled = pool_table(region, table.id)
        for dims, values in pooled.margins.items():
            expected = np.zeros_like(values)
            for name in pooled.included:
                margin = region.package(name).table(table.id).margins[dims].values
                assert not np.isnan(margin).any()
                expected += margin.astype(np.int64)
            assert np.array_equal(values, expected)


def test_shares_and_the_rest_of_the_region_leave_out_hidden_counts():
    region = _region()
    for table in [t for t in region.packages[0].tables if t.id.endswith("/kon")]:
        variable = table.axis(table.variable)
        for category in variable.codes:
            result = compare(region, table.id, category)
            for s, by_sex in enumerate(result.counts):
                shown = [c for c in by_sex if c.published]
                assert result.pooled[s].k == sum(c.k for c in shown)
                assert result.pooled[s].n == sum(c.n for c in shown)
                hidden = {c.municipality for c in by_sex if not c.published}
                assert hidden == {o.municipality for o in result.pooled[s].left_out}
            for name in region.municipalities:
                local = local_comparison(result, name)
                for s, row in enumerate(local.rows):
                    others = [c for c in result.counts[s] if c.municipality != name]
                    assert row.rest.k == sum(c.k for c in others if c.published)
                    ours = next(c for c in result.counts[s] if c.municipality == name)
                    assert (row.difference is None) or ours.published
