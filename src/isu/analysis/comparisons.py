"""Which differences step 1 looks at in a table, computed from its published numbers only.

In a sex table: girls against boys (women against men). In a sex × background table: girls
against boys within each background group; within each sex, each group against the rest of that
sex (boys born outside Europe against other boys); and each group against everyone else. In a
sex × period table: the last period against the first, for each sex and for all.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from isu.analysis.estimates import AssociationTest, Difference
from isu.analysis.frame import Dimension, DimensionKind
from isu.analysis.tables import Comparison, Group, Row
from isu.codebook import LEGAL_SEX
from isu.i18n import _

Counts = tuple[int, int]  # (k, n)


def compared_categories(variable: Dimension) -> tuple[int, ...]:
    """Yes/no and option variables compare the share answering "ja"; others every category."""
    if variable.kind is DimensionKind.OPTION or variable.codes[:2] == ("ja", "nej"):
        return (0,)
    return tuple(range(len(variable)))


Candidate = tuple[int, Group, Group, str, tuple[int, int], tuple[int, int]]


def candidates(
    variable: Dimension, breakdown: Sequence[Dimension], rows: Sequence[Row]
) -> list[Candidate]:
    """The pairs of rows a table compares, with their published (k, n)."""
    if not breakdown or breakdown[0].key != LEGAL_SEX:
        return []
    by_group = {row.group: row for row in rows}
    found = []
    for category in compared_categories(variable):
        for first, second, kind in _pairs(breakdown, by_group):
            a = _counts(by_group, first, category)
            b = _counts(by_group, second, category)
            if a is not None and b is not None and a[1] > 0 and b[1] > 0:
                found.append((category, first, second, kind, a, b))
    return found


def counts_of(found: Sequence[Candidate]) -> tuple[list[int], list[int], list[int], list[int]]:
    return (
        [c[4][0] for c in found],
        [c[4][1] for c in found],
        [c[5][0] for c in found],
        [c[5][1] for c in found],
    )


def comparisons(
    table_id: str,
    variable: Dimension,
    rows: Sequence[Row],
    found: Sequence[Candidate],
    gaps: Sequence[Difference],
    tests: Sequence[AssociationTest],
) -> tuple[Comparison, ...]:
    by_group = {row.group: row for row in rows}
    return tuple(
        Comparison(
            table_id,
            variable.codes[category],
            first,
            second,
            _label(first, by_group),
            _label(second, by_group),
            gap,
            test.p_value,
            test.method,
            kind,
        )
        for (category, first, second, kind, _a, _b), gap, test in zip(
            found, gaps, tests, strict=True
        )
    )


def _pairs(
    breakdown: Sequence[Dimension], by_group: dict[Group, Row]
) -> Iterator[tuple[Group, Group, str]]:
    sex = breakdown[0]
    female, male = sex.codes[0], sex.codes[1]
    if len(breakdown) == 1:
        yield ((sex.key, female),), ((sex.key, male),), "kon"
        return
    other = breakdown[1]
    levels = [
        code for code in (*other.codes, "") if ((sex.key, None), (other.key, code)) in by_group
    ]
    if other.kind is DimensionKind.PERIOD:
        present = [code for code in levels if code]
        if len(present) >= 2:
            for code in (female, male, None):
                yield (
                    ((sex.key, code), (other.key, present[-1])),
                    ((sex.key, code), (other.key, present[0])),
                    "period",
                )
        return
    for code in other.codes:
        if code not in levels:
            continue
        yield (
            ((sex.key, female), (other.key, code)),
            ((sex.key, male), (other.key, code)),
            "kon_inom_grupp",
        )
        for sex_code in (female, male, None):
            kind = "grupp" if sex_code is None else "grupp_inom_kon"
            yield (
                ((sex.key, sex_code), (other.key, code)),
                ((sex.key, sex_code), (other.key, REST + code)),
                kind,
            )


REST = "!"  # "!utanfor_europa": every level but this one


def _counts(by_group: dict[Group, Row], group: Group, category: int) -> Counts | None:
    """(k, n) of a group; for "!code" the group's total less that level."""
    key, code = group[-1]
    if code is None or not code.startswith(REST):
        row = by_group.get(group)
        return _row_counts(row, category) if row is not None else None
    whole = by_group.get((*group[:-1], (key, None)))
    part = by_group.get((*group[:-1], (key, code[len(REST) :])))
    if whole is None or part is None:
        return None
    all_counts, part_counts = _row_counts(whole, category), _row_counts(part, category)
    if all_counts is None or part_counts is None:
        return None
    return all_counts[0] - part_counts[0], all_counts[1] - part_counts[1]


def _row_counts(row: Row, category: int) -> Counts | None:
    count = row.cells[category].count
    return None if count is None or row.n is None else (count, row.n)


def _label(group: Group, by_group: dict[Group, Row]) -> str:
    code = group[-1][1]
    if code is not None and code.startswith(REST):
        base = by_group.get((*group[:-1], (group[-1][0], None)))
        part = by_group.get((*group[:-1], (group[-1][0], code[len(REST) :])))
        prefix = base.label.split(" – ")[0] if base is not None else ""
        level = part.label.split(" – ")[-1] if part is not None else ""
        return _("{group} – inte {level}").format(group=prefix, level=level[:1].lower() + level[1:])
    row = by_group.get(group)
    return row.label if row is not None else ""
