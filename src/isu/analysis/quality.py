"""Data quality, shown first as the method asks: how much material there is, and what is missing.

Missing answers are counted per variable, occasion and sex among the records the question
applies to (its skip rule). Missing data that differ between women and men are themselves a
finding: a share computed from the answers alone can then mislead. Counts of missing answers
describe the registration, not the clients, and are published as they are; see docs/privacy.md.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from isu.analysis.estimates import Difference, Share, difference, share
from isu.analysis.frame import AnalysisFrame, Dimension, DimensionKind
from isu.analysis.tables import Table
from isu.codebook import LEGAL_SEX, Category, Role, Variable
from isu.i18n import _, ngettext


@dataclass(frozen=True)
class Completeness:
    """Answered among applicable records, for one sex (code) or everyone (None)."""

    sex: str | None
    label: str
    applicable: int | None  # None: hidden, the group is smaller than the threshold
    answered: int | None
    missing: int | None
    share: Share | None


@dataclass(frozen=True)
class VariableQuality:
    occasion: str
    occasion_label: str
    variable: str
    label: str
    rows: tuple[Completeness, ...]
    sex_difference: Difference | None  # women's minus men's share answered

    @property
    def missing(self) -> int:
        return sum(r.missing or 0 for r in self.rows if r.sex is None)


@dataclass(frozen=True)
class Size:
    occasion: str
    occasion_label: str
    sex: str | None
    label: str
    records: int | None


@dataclass(frozen=True)
class Quality:
    records: int
    clients: int
    sizes: tuple[Size, ...]
    variables: tuple[VariableQuality, ...]
    without_follow_up: int  # clients with only the first occasion
    notes: tuple[str, ...]


def assess(frame: AnalysisFrame, threshold: int, tables: Sequence[Table] = ()) -> Quality:
    """Sizes and completeness. The number answering a variable is shown per sex only where the
    variable's own sex table shows it too: the two would otherwise give a hidden number away
    (answered = applicable − missing)."""
    published = {t.id: t for t in tables}
    sex = frame.dimension(LEGAL_SEX)
    sexes = frame.codes[LEGAL_SEX]
    sizes, variables = [], []
    tallies = _tallies(frame)
    for index, occasion in enumerate(frame.codebook.occasions):
        at = frame.occasion == index
        groups = list(_groups(sex, sexes, at))
        shown = _with_protected_total([int(mask.sum()) for _c, _l, mask in groups], threshold)
        for (code, label, _mask), n in zip(groups, shown, strict=True):
            sizes.append(Size(occasion.code, occasion.label, code, label, n))
        for variable in frame.codebook.variables:
            if variable.role in (Role.IDENTITY, Role.ADMINISTRATIVE) or not variable.measured_at(
                occasion.code
            ):
                continue
            counts = tallies.get(variable.key)
            if counts is None:
                continue
            sex_table = published.get(f"{occasion.code}/{_table_key(frame, variable.key)}/kon")
            variables.append(
                _variable_quality(occasion, variable, sex, counts[index], threshold, sex_table)
            )
    clients = int(frame.client.max()) + 1 if len(frame) else 0  # numbered 0..k-1
    return Quality(
        len(frame),
        clients,
        tuple(sizes),
        tuple(v for v in variables if v.rows and v.rows[-1].applicable != 0),
        _without_follow_up(frame),
        (*_notes(variables), *consistency_notes(frame)),
    )


def _groups(sex: Dimension, codes: np.ndarray, mask: np.ndarray):  # type: ignore[no-untyped-def]
    for i, code in enumerate(sex.codes):
        yield code, sex.labels[i], mask & (codes == i)
    yield None, _("Alla"), mask


def _answered(frame: AnalysisFrame, key: str) -> np.ndarray | None:
    if key in frame.codes:
        return frame.codes[key] >= 0
    options = [k for k, d in frame.dimensions.items() if d.variable == key and k != key]
    if options:
        return frame.codes[options[0]] >= 0
    if key in frame.numeric:
        return ~np.isnan(frame.numeric[key])
    return None


def _shown(n: int, threshold: int) -> int | None:
    return None if 0 < n < threshold else n


def _with_protected_total(counts: list[int], threshold: int) -> list[int | None]:
    """Group counts then the total, small ones hidden; the total is hidden too when a group is
    hidden or the part not in any group (unknown sex) is small, or subtraction reveals them."""
    shown = [_shown(n, threshold) for n in counts]
    remainder = counts[-1] - sum(counts[:-1])
    if any(n is None for n in shown[:-1]) or 0 < remainder < threshold:
        shown[-1] = None
    return shown


def _table_key(frame: AnalysisFrame, key: str) -> str:
    """The dimension whose sex table holds the variable's answered counts (first option of a
    multiple-choice variable)."""
    if key in frame.dimensions:
        return key
    return next((k for k, d in frame.dimensions.items() if d.variable == key), key)


def _tallies(frame: AnalysisFrame) -> dict[str, np.ndarray]:
    """Per variable: records by occasion, sex (last = unknown), applicable and answered, counted
    in one pass each: ``counts[occasion, sex, applicable, answered]``."""
    sexes = len(frame.dimension(LEGAL_SEX)) + 1
    occasions = max(len(frame.codebook.occasions), 1) + 1
    sex_codes = frame.codes[LEGAL_SEX].astype(np.intp)
    occasion_codes = frame.occasion.astype(np.intp)
    base = (
        np.where(occasion_codes < 0, occasions - 1, occasion_codes) * sexes
        + np.where(sex_codes < 0, sexes - 1, sex_codes)
    ) * 4
    tallies = {}
    for variable in frame.codebook.variables:
        answered = _answered(frame, variable.key)
        if answered is None:
            continue
        applicable = frame.applicable.get(variable.key)
        index = base + answered
        if applicable is not None:
            index += 2 * applicable
        else:
            index += 2
        counts = np.bincount(index, minlength=occasions * sexes * 4)
        tallies[variable.key] = counts.reshape(occasions, sexes, 2, 2)
    return tallies


def _variable_quality(
    occasion: Category,
    variable: Variable,
    sex: Dimension,
    counts: np.ndarray,
    threshold: int,
    sex_table: Table | None,
) -> VariableQuality:
    """*counts*: ``[sex, applicable, answered]`` at this occasion."""
    rows: list[Completeness] = []
    shown = {row.group[0][1]: row.n for row in sex_table.rows} if sex_table is not None else None
    groups: list[tuple[str | None, str, np.ndarray]] = [
        (code, sex.labels[i], counts[i]) for i, code in enumerate(sex.codes)
    ]
    groups.append((None, _("Alla"), counts.sum(axis=0)))
    for code, label, group in groups:
        n = int(group[1].sum())
        k = int(group[1, 1])
        hidden_by_table = shown is not None and k > 0 and shown.get(code) is None
        if 0 < n < threshold or (code is None and any(r.applicable is None for r in rows)):
            rows.append(Completeness(code, label, None, None, None, None))
        elif hidden_by_table or (shown is None and 0 < k < threshold):
            rows.append(Completeness(code, label, n, None, None, None))
        else:
            rows.append(Completeness(code, label, n, k, n - k, share(k, n) if n else None))
    women, men = rows[0], rows[1]
    gap = None
    if (
        women.applicable
        and men.applicable
        and women.answered is not None
        and men.answered is not None
    ):
        gap = difference(women.answered, women.applicable, men.answered, men.applicable)
    return VariableQuality(
        occasion.code, occasion.label, variable.key, variable.label, tuple(rows), gap
    )


def _without_follow_up(frame: AnalysisFrame) -> int:
    if len(frame.codebook.occasions) < 2 or len(frame) == 0:
        return 0
    seen_later = np.zeros(frame.client.max() + 1, dtype=bool)
    seen_later[frame.client[frame.occasion > 0]] = True
    seen_first = np.zeros_like(seen_later)
    seen_first[frame.client[frame.occasion == 0]] = True
    return int((seen_first & ~seen_later).sum())


def _notes(variables: list[VariableQuality]) -> tuple[str, ...]:
    """Plain-Swedish findings: variables where missing data differ certainly between the sexes."""
    notes = []
    for v in variables:
        gap = v.sex_difference
        if gap is None or gap.spans_zero or abs(gap.estimate or 0) < 0.05:
            continue
        women, men = v.rows[0], v.rows[1]
        more = men.label.lower() if (gap.estimate or 0) > 0 else women.label.lower()
        notes.append(
            _(
                "{occasion}: uppgiften «{label}» saknas oftare för {group} "
                "({women}: {w} av {wn} besvarade, {men}: {m} av {mn}). Andelar som bara "
                "bygger på besvarade uppgifter kan därför ge en skev bild."
            ).format(
                occasion=v.occasion_label,
                label=v.label,
                group=_plural(more),
                women=women.label,
                w=women.answered,
                wn=women.applicable,
                men=men.label,
                m=men.answered,
                mn=men.applicable,
            )
        )
    return tuple(notes)


def _plural(label: str) -> str:
    return {"flicka": "flickor", "pojke": "pojkar", "kvinna": "kvinnor", "man": "män"}.get(
        label, label
    )


STALE_MONTHS = 24


def consistency_notes(frame: AnalysisFrame, today: datetime.date | None = None) -> list[str]:
    """Out-of-range dates, stale records and background answers that change between occasions.

    These count records, not people's characteristics, so they are stated as they are.
    """
    notes = []
    dates = frame.dates
    known = ~np.isnat(dates)
    if known.any():
        now = np.datetime64(today or datetime.date.today(), "D")
        future = int((dates[known] > now).sum())
        if future:
            notes.append(
                ngettext(
                    "{n} post har ett datum efter dagens datum.",
                    "{n} poster har ett datum efter dagens datum.",
                    future,
                ).format(n=future)
            )
        latest = dates[known].max()
        stale = int((dates[known] < latest - np.timedelta64(STALE_MONTHS * 30, "D")).sum())
        if stale:
            notes.append(
                ngettext(
                    "{n} post är mer än två år äldre än den senaste posten. Kontrollera att den "
                    "hör till uppföljningen.",
                    "{n} poster är mer än två år äldre än den senaste posten. Kontrollera att de "
                    "hör till uppföljningen.",
                    stale,
                ).format(n=stale)
            )
        reversed_ = _follow_up_before_first(frame)
        if reversed_:
            notes.append(
                ngettext(
                    "{n} person har en uppföljning daterad före sitt första tillfälle.",
                    "{n} personer har en uppföljning daterad före sitt första tillfälle.",
                    reversed_,
                ).format(n=reversed_)
            )
    for dimension in frame.dimensions.values():
        if dimension.role is not Role.BACKGROUND or dimension.kind is not DimensionKind.CATEGORY:
            continue
        changed = _changing_clients(frame.client, frame.codes[dimension.key])
        if changed:
            notes.append(
                ngettext(
                    "«{label}» skiljer sig mellan tillfällena för {n} person. Bakgrunden bör "
                    "vara densamma; tabellerna använder uppgiften som den står vid varje tillfälle.",
                    "«{label}» skiljer sig mellan tillfällena för {n} personer. Bakgrunden bör "
                    "vara densamma; tabellerna använder uppgiften som den står vid varje tillfälle.",
                    changed,
                ).format(label=dimension.label, n=changed)
            )
    return notes


def _changing_clients(client: np.ndarray, codes: np.ndarray) -> int:
    """Clients with more than one distinct answer (missing answers ignored)."""
    present = codes >= 0
    if not present.any():
        return 0
    size = int(client.max()) + 1
    low = np.full(size, np.iinfo(np.int16).max, dtype=np.int16)
    high = np.full(size, -1, dtype=np.int16)
    np.minimum.at(low, client[present], codes[present])
    np.maximum.at(high, client[present], codes[present])
    return int(((high >= 0) & (low != high)).sum())


def _follow_up_before_first(frame: AnalysisFrame) -> int:
    if len(frame.codebook.occasions) < 2:
        return 0
    size = int(frame.client.max()) + 1
    first = np.full(size, np.datetime64("NaT"), dtype="datetime64[D]")
    at_first = (frame.occasion == 0) & ~np.isnat(frame.dates)
    first[frame.client[at_first]] = frame.dates[at_first]
    later = (frame.occasion > 0) & ~np.isnat(frame.dates)
    before = frame.dates[later] < first[frame.client[later]]
    return int(np.unique(frame.client[later][before]).size)
