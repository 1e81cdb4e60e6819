"""Observations ("Vad ser vi?"): the differences worth a closer look, as careful sentences.

Every comparison of every table is scanned; the p-values are adjusted together with
Benjamini–Hochberg, so that scanning hundreds of comparisons does not manufacture findings.
A difference becomes an observation only when the adjusted test rejects, its 95 % interval
excludes zero, both groups have at least ``min_group`` people, and the difference is at least
``min_difference`` (a careful analyst does not call 1 percentage point a difference worth
acting on, even in a million records). Sex comparisons of decisions and participation that do
not reach that bar are reported as "no certain difference", and too small groups as such.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from isu.analysis.comparisons import REST
from isu.analysis.estimates import Share, benjamini_hochberg
from isu.analysis.formatting import interval_text, percent
from isu.analysis.frame import Dimension
from isu.analysis.tables import MISSING_LABEL, Comparison, Group, Table
from isu.codebook import LEGAL_SEX, Role
from isu.i18n import _

MIN_GROUP = 20
MIN_DIFFERENCE = 0.05
FDR = 0.05
KEY_ROLES = (Role.INTERVENTION, Role.PARTICIPATION)


@dataclass(frozen=True)
class Observation:
    kind: str  # "skillnad", "ingen_sakerstalld_skillnad", "for_litet_underlag"
    text: str
    table: str
    comparison: Comparison | None
    rank: int = 0


def observe(
    tables: Sequence[Table],
    *,
    min_group: int = MIN_GROUP,
    min_difference: float = MIN_DIFFERENCE,
    fdr: float = FDR,
) -> tuple[Observation, ...]:
    """Differences first (largest certain ones on top), then non-differences and small data."""
    by_id = {t.id: t for t in tables}
    differences, others = [], []
    for adjusted in (c for t in tables for c in t.comparisons):
        reject = adjusted.q_value is not None and adjusted.q_value <= fdr
        d = adjusted.difference
        large_enough = min(d.first.n, d.second.n) >= min_group
        certain = bool(reject) and not d.spans_zero and large_enough
        table = by_id[adjusted.table]
        if certain and abs(d.estimate or 0.0) >= min_difference:
            differences.append(adjusted)
        elif adjusted.kind == "kon" and _is_key(table):
            others.append(_not_certain(table, adjusted, large_enough, min_group))
    differences = _without_repetition(differences)
    differences.sort(key=lambda c: (-abs(c.difference.estimate or 0.0), c.q_value or 1.0))
    found = [
        Observation("skillnad", _difference_text(by_id[c.table], c), c.table, c, rank)
        for rank, c in enumerate(differences, start=1)
    ]
    return (*found, *others)


def with_q_values(tables: Sequence[Table], fdr: float = FDR) -> list[Table]:
    """The tables with every comparison's Benjamini–Hochberg q-value filled in."""
    comparisons = [c for t in tables for c in t.comparisons]
    q_values, _rejected = _adjust(comparisons, fdr)
    adjusted = iter(_with_q(c, q) for c, q in zip(comparisons, q_values, strict=True))
    return [replace(t, comparisons=tuple(next(adjusted) for _ in t.comparisons)) for t in tables]


def _adjust(comparisons: list[Comparison], fdr: float) -> tuple[np.ndarray, np.ndarray]:
    """Benjamini–Hochberg within two families: the method's own question (women against men,
    variable by variable) and the exploratory scan of every background group. Mixing them would
    let hundreds of intersectional comparisons drown the sex differences the method asks about."""
    q_values = np.full(len(comparisons), np.nan)
    rejected = np.zeros(len(comparisons), dtype=bool)
    for primary in (True, False):
        members = [i for i, c in enumerate(comparisons) if (c.kind == "kon") == primary]
        if members:
            q, r = benjamini_hochberg([comparisons[i].p_value for i in members], alpha=fdr)
            q_values[members], rejected[members] = q, r
    return q_values, rejected


def _without_repetition(found: list[Comparison]) -> list[Comparison]:
    """Say a thing once: a group difference seen for everyone is not repeated per sex, and a sex
    difference seen overall is not repeated within each background group (same direction)."""
    overall_groups = {(c.table, c.category, c.first) for c in found if c.kind == "grupp"}
    overall_sex = {
        (c.table.rsplit("/", 1)[0], c.category, _sign(c)) for c in found if c.kind == "kon"
    }
    kept = []
    for c in found:
        if c.kind == "grupp_inom_kon":
            everyone = ((c.first[0][0], None), *c.first[1:])
            if (c.table, c.category, everyone) in overall_groups:
                continue
        if (
            c.kind == "kon_inom_grupp"
            and (c.table.rsplit("/", 1)[0], c.category, _sign(c)) in overall_sex
        ):
            continue
        kept.append(c)
    return kept


def _sign(c: Comparison) -> bool:
    return (c.difference.estimate or 0.0) > 0


def _with_q(comparison: Comparison, q: float) -> Comparison:
    return replace(comparison, q_value=None if np.isnan(q) else float(q))


def _is_key(table: Table) -> bool:
    return table.variable.role in KEY_ROLES


def _share_text(share: Share) -> str:
    return _("{share} (95 % KI {interval}, n={n})").format(
        share=percent(share.estimate), interval=interval_text(share.low, share.high), n=share.n
    )


def subject(table: Table, category: str) -> str:
    """What is counted, e.g. «Beslut om insats: Ja»."""
    label = table.variable.label_of(category)
    return f"«{table.variable.label}: {label}»"


def _difference_text(table: Table, c: Comparison) -> str:
    d = c.difference
    points = abs(d.estimate or 0.0) * 100
    low, high = sorted((abs((d.low or 0.0) * 100), abs((d.high or 0.0) * 100)))
    more = _("högre") if (d.estimate or 0.0) > 0 else _("lägre")
    return _(
        "{occasion}: andelen med {subject} var {first} bland {first_group} jämfört med "
        "{second} bland {second_group}, {points:.0f} procentenheter {more} "
        "(95 % KI {low:.0f}–{high:.0f} procentenheter)."
    ).format(
        occasion=table.occasion_label,
        subject=subject(table, c.category),
        first=_share_text(d.first),
        first_group=group_phrase(table, c.first),
        second=_share_text(d.second),
        second_group=group_phrase(table, c.second),
        points=points,
        more=more,
        low=low,
        high=high,
    )


def _not_certain(table: Table, c: Comparison, large_enough: bool, min_group: int) -> Observation:
    d = c.difference
    if not large_enough:
        text = _(
            "{occasion}: för litet underlag för att dra slutsatser om skillnader mellan "
            "{first_group} och {second_group} i {subject} (n={n1} och n={n2}; minst {minimum} "
            "i varje grupp behövs)."
        ).format(
            occasion=table.occasion_label,
            first_group=group_phrase(table, c.first),
            second_group=group_phrase(table, c.second),
            subject=subject(table, c.category),
            n1=d.first.n,
            n2=d.second.n,
            minimum=min_group,
        )
        return Observation("for_litet_underlag", text, table.id, c)
    if d.spans_zero:
        template = _(
            "{occasion}: ingen säkerställd skillnad mellan {first_group} och {second_group} i "
            "{subject}: {first} jämfört med {second}; skillnaden {points} procentenheter "
            "(95 % KI {interval})."
        )
    else:
        template = _(
            "{occasion}: en möjlig skillnad mellan {first_group} och {second_group} i {subject}: "
            "{first} jämfört med {second}; skillnaden {points} procentenheter (95 % KI "
            "{interval}). Den är inte säkerställd när hänsyn tas till hur många jämförelser som "
            "gjorts, eller är mindre än {minimum} procentenheter."
        )
    text = template.format(
        minimum=f"{MIN_DIFFERENCE * 100:.0f}",
        occasion=table.occasion_label,
        first_group=group_phrase(table, c.first),
        second_group=group_phrase(table, c.second),
        subject=subject(table, c.category),
        first=_share_text(d.first),
        second=_share_text(d.second),
        points=f"{(d.estimate or 0.0) * 100:+.0f}".replace("-", "−"),
        interval=interval_text(d.low, d.high, scale=100, unit=""),
    )
    return Observation("ingen_sakerstalld_skillnad", text, table.id, c)


def group_phrase(table: Table, group: Group) -> str:
    """((kon, man), (fodelseland, utanfor_europa)) → «pojkar med födelseland utanför Europa»;
    a level written "!code" reads "annat än …"; no sex → «alla»."""
    dims = {d.key: d for d in table.breakdown}
    head = _("alla")
    details = []
    for key, code in group:
        dim = dims[key]
        if key == dims[table.breakdown[0].key].key and key == LEGAL_SEX:
            if code is not None:
                head = _PLURAL.get(dim.label_of(code), dim.label_of(code).lower())
            continue
        if code is None:
            continue
        if code.startswith(REST):
            return _("övriga {group}").format(group=head) if head != _("alla") else _("övriga")
        level = _lower_first(_level(dim, code))
        details.append(_("{dim} {level}").format(dim=dim.label.lower(), level=level))
    return head + (" " + _("med") + " " + " och ".join(details) if details else "")


def _level(dim: Dimension, code: str) -> str:
    return dim.label_of(code) if code in dim.codes else MISSING_LABEL


def _lower_first(text: str) -> str:
    """Lower-case a label's first letter unless it is a proper noun such as a country."""
    if text.split(" ")[0] in _PROPER:
        return text
    return text[:1].lower() + text[1:]


_PROPER = {"Sverige", "Norden", "Europa"}


_PLURAL = {
    "Flicka": _("flickor"),
    "Pojke": _("pojkar"),
    "Kvinna": _("kvinnor"),
    "Man": _("män"),
    "Alla": _("alla"),
}
