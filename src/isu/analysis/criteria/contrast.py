"""Which two groups a criteria analysis compares, and the clients in them.

A contrast names a grouping variable and the levels of each group: girls against boys
(``juridiskt_kon``: ``kvinna`` against ``man``), children born outside Europe against all
others (``fodelseland``: ``utanfor_europa`` against every other level), optionally within one
level of another variable (boys only: ``within=(("juridiskt_kon", "man"),)``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from isu.analysis.criteria.profiles import Codes, Profiles
from isu.analysis.frame import AnalysisFrame, Dimension
from isu.codebook import LEGAL_SEX
from isu.i18n import _

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]


class ContrastError(ValueError):
    """A contrast or outcome the data cannot answer; the message is Swedish, for the user."""


@dataclass(frozen=True)
class Contrast:
    dimension: str
    first: tuple[str, ...]
    second: tuple[str, ...] = ()  # empty: every other answered level
    within: tuple[tuple[str, str], ...] = ()

    @property
    def id(self) -> str:
        second = "+".join(self.second) or "ovriga"
        within = "".join(f"[{k}={v}]" for k, v in self.within)
        return f"{self.dimension}:{'+'.join(self.first)}-{second}{within}"


def sex_contrast() -> Contrast:
    return Contrast(LEGAL_SEX, ("kvinna",), ("man",))


@dataclass(frozen=True)
class Groups:
    """What the result says about whom it compares."""

    contrast: str
    outcome: str
    outcome_label: str
    occasion: str
    occasion_label: str
    first: str  # «flickor», «barn med födelseland utanför Europa»
    second: str


@dataclass(frozen=True)
class Population:
    """The profiles of the clients in either group, with their counts (see profiles.py)."""

    outcome_variable: str
    codes: Mapping[str, Codes]  # per profile, for every dimension the analysis reads
    weight: IntArray  # clients per profile
    first: BoolArray  # per profile: in the first group
    outcome: BoolArray  # per profile: answered ja
    groups: Groups

    @cached_property
    def cell(self) -> IntArray:
        """Per profile: 0 first group and ja, 1 first and nej, 2 second and ja, 3 second, nej."""
        return (~self.first).astype(np.int64) * 2 + (~self.outcome).astype(np.int64)


def check_outcome(frame: AnalysisFrame, outcome: str) -> int:
    """The occasion to analyse *outcome* at, or a Swedish error saying why it cannot be."""
    if outcome not in frame.dimensions:
        raise ContrastError(_("Variabeln «{key}» finns inte i uppgifterna.").format(key=outcome))
    target = frame.dimensions[outcome]
    if target.codes[:2] != ("ja", "nej"):
        raise ContrastError(
            _("«{label}» är inte en ja/nej-fråga; kriterierna prövas för ja/nej-utfall.").format(
                label=target.label
            )
        )
    codes = frame.codes[outcome]
    return _occasion(frame, (codes == 0) | (codes == 1))


def check_contrast(frame: AnalysisFrame, contrast: Contrast) -> list[str]:
    """The dimensions *contrast* reads, or a Swedish error naming an unknown variable or level."""
    empty = np.zeros(0, dtype=np.int16)
    group = _dimension(frame, contrast.dimension)
    _in(empty, group, contrast.first + contrast.second)
    for key, code in contrast.within:
        _in(empty, _dimension(frame, key), (code,))
    return [contrast.dimension, *(key for key, _code in contrast.within)]


def population(frame: AnalysisFrame, profiles: Profiles, contrast: Contrast) -> Population:
    """The profiles of both groups of *contrast* among *profiles*."""
    outcome = profiles.outcome
    group = _dimension(frame, contrast.dimension)
    codes = profiles.codes
    first = _in(codes[group.key], group, contrast.first)
    second = (
        _in(codes[group.key], group, contrast.second)
        if contrast.second
        else ((codes[group.key] >= 0) & ~first)
    )
    chosen = first | second
    for key, code in contrast.within:
        chosen &= _in(codes[key], _dimension(frame, key), (code,))
    occasions = frame.codebook.occasions
    target = frame.dimensions[outcome]
    groups = Groups(
        contrast.id,
        outcome,
        target.label,
        occasions[profiles.occasion].code if occasions else "",
        occasions[profiles.occasion].label if occasions else "",
        group_phrase(frame, group, contrast.first, contrast.within),
        group_phrase(frame, group, contrast.second, contrast.within),
    )
    return Population(
        target.variable,
        {key: values[chosen] for key, values in codes.items()},
        profiles.weight[chosen],
        first[chosen],
        codes[outcome][chosen] == 0,
        groups,
    )


def _dimension(frame: AnalysisFrame, key: str) -> Dimension:
    if key not in frame.dimensions:
        raise ContrastError(_("Variabeln «{key}» finns inte i uppgifterna.").format(key=key))
    return frame.dimensions[key]


def _in(codes: Codes, dimension: Dimension, wanted: tuple[str, ...]) -> BoolArray:
    unknown = [code for code in wanted if code not in dimension.codes]
    if unknown:
        raise ContrastError(
            _("«{code}» är inget svarsalternativ för «{label}». Möjliga: {codes}.").format(
                code=unknown[0], label=dimension.label, codes=", ".join(dimension.codes)
            )
        )
    indices = [dimension.codes.index(code) for code in wanted]
    return np.isin(codes, indices)


def _occasion(frame: AnalysisFrame, answered: BoolArray) -> int:
    """The first occasion with answers (decisions and participation are measured once)."""
    present = frame.occasion[answered]
    present = present[present >= 0]
    if present.size == 0:
        raise ContrastError(_("Utfallet är inte besvarat i någon post."))
    return int(present.min())


_PLURAL = {
    "kvinna": {"Flicka": _("flickor"), "Kvinna": _("kvinnor")},
    "man": {"Pojke": _("pojkar"), "Man": _("män")},
}


def group_phrase(
    frame: AnalysisFrame,
    dimension: Dimension,
    codes: tuple[str, ...],
    within: tuple[tuple[str, str], ...],
) -> str:
    """«flickor», «pojkar med födelseland utanför Europa», «övriga pojkar»."""
    head = _("barn") if frame.codebook.audience == "barn" else _("personer")
    for key, code in within:
        if key == LEGAL_SEX:
            head = _sex_word(frame.dimensions[key], code)
    if dimension.key == LEGAL_SEX:
        return " ".join(_sex_word(dimension, c) for c in codes) if codes else _("övriga")
    if not codes:
        return _("övriga {group}").format(group=head)
    levels = _(" eller ").join(_lower_first(dimension.label_of(c)) for c in codes)
    return _("{head} med {dimension} {levels}").format(
        head=head, dimension=dimension.label.lower(), levels=levels
    )


def _sex_word(dimension: Dimension, code: str) -> str:
    label = dimension.label_of(code)
    return _PLURAL.get(code, {}).get(label, label.lower())


def _lower_first(text: str) -> str:
    if text.split(" ")[0] in {"Sverige", "Norden", "Europa"}:
        return text
    return text[:1].lower() + text[1:]
