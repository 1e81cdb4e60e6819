"""The criteria for unjustified differences, as the codebook knows them.

The appendix of the Analysstöd (SKR 2024, bilaga, tables 1 and 2) lists, for decisions on
interventions and for participation, the criteria that may justify a difference between groups,
in a fixed order. This module says which variables of a codebook measure each criterion for a
given outcome, and which answers place a client in the *comparable* population (need assessed,
not met otherwise, consent present, …).

>>> from isu.codebook import template
>>> codebook = template("barn_och_unga")
>>> [(c.kind.value, [v.key for v in c.variables]) for c in criteria_for(codebook, "beslut_insats")][0]
('behov', ['utsatthet', 'risk', 'behov_av_stod'])
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from isu.codebook.model import NO, YES, Codebook, Role, Variable, VariableType
from isu.i18n import _

__all__ = [
    "Criterion",
    "CriterionVariables",
    "comparable_levels",
    "criteria_for",
    "is_participation",
]


class Criterion(StrEnum):
    """One criterion of the appendix tables, in the method's words."""

    NEED = "behov"
    MET_OTHERWISE = "annat_satt"
    CONSENT = "samtycke"
    WISH = "onskan"
    ACCOMMODATION = "anpassning"

    @property
    def label(self) -> str:
        return {
            Criterion.NEED: _("Skillnader i behov"),
            Criterion.MET_OTHERWISE: _("Behovet tillgodoses på annat sätt"),
            Criterion.CONSENT: _("Samtycke eller inställning"),
            Criterion.WISH: _("Önskan att vara delaktig"),
            Criterion.ACCOMMODATION: _("Funktionsnedsättning eller språk trots anpassningar"),
        }[self]

    @property
    def question(self) -> str:
        """The method's question for this criterion (Analysstöd, bilaga, worked example)."""
        return {
            Criterion.NEED: _("Kan skillnaden förklaras av att grupperna har olika behov?"),
            Criterion.MET_OTHERWISE: _(
                "Kan skillnaden förklaras av att behovet tillgodoses på annat sätt, till exempel "
                "av nätverk, anhörig eller annan verksamhet?"
            ),
            Criterion.CONSENT: _(
                "Kan skillnaden förklaras av samtycke eller inställning hos brukaren eller "
                "vårdnadshavarna?"
            ),
            Criterion.WISH: _("Kan skillnaden förklaras av att brukaren inte ville delta?"),
            Criterion.ACCOMMODATION: _(
                "Kan skillnaden förklaras av funktionsnedsättning eller bristande språkkunskaper, "
                "trots att kommunen gjort det som krävs för att underlätta?"
            ),
        }[self]

    @property
    def may_maintain_inequality(self) -> bool:
        """A difference explained by consent or wishes is lawful, yet not unproblematic: the
        method asks how motivation work and participation look for different groups."""
        return self in (Criterion.CONSENT, Criterion.WISH)


DECISION_CRITERIA = (Criterion.NEED, Criterion.MET_OTHERWISE, Criterion.CONSENT)
PARTICIPATION_CRITERIA = (Criterion.WISH, Criterion.CONSENT, Criterion.ACCOMMODATION)
_ROLES = {
    Criterion.NEED: Role.NEED_CRITERION,
    Criterion.MET_OTHERWISE: Role.MET_OTHERWISE,
    Criterion.CONSENT: Role.CONSENT,
    Criterion.WISH: Role.PARTICIPATION_WISH,
    Criterion.ACCOMMODATION: Role.ACCOMMODATION,
}
# Table 2's consent variables concern taking part in the investigation, not the decision.
PARTICIPATION_CONSENT = frozenset({"samtal_planerat", "vh_hindrat", "samtal_mot_vh_vilja"})

# Answers that put a client in the comparable population, for the appendix variables whose
# direction is not that of a plain yes/no of their role (see comparable_levels).
_COMPARABLE = {
    "samtycke": ("barn_over_15", "samtliga_vh"),
    "vh_hindrat": (NO,),
    "samtal_mot_vh_vilja": (),  # says how a talk was held, not whether one could be
    "onskemal_tillvaratagna": (),
}
ACCOMMODATION_UNMET = "nej_behovdes"  # "Nej men skulle ha behövts"


@dataclass(frozen=True)
class CriterionVariables:
    kind: Criterion
    variables: tuple[Variable, ...]


def is_participation(variable: Variable) -> bool:
    return variable.role is Role.PARTICIPATION


def criteria_for(codebook: Codebook, outcome: str) -> tuple[CriterionVariables, ...]:
    """The criteria that apply to *outcome*, in the method's order, with the variables that
    measure them at an occasion where the outcome is measured. Criteria without variables are
    left out."""
    target = codebook[outcome]
    participation = is_participation(target)
    order = PARTICIPATION_CRITERIA if participation else DECISION_CRITERIA
    found = []
    for kind in order:
        variables = tuple(
            v
            for v in codebook.with_role(_ROLES[kind])
            if v.key != outcome and _shares_occasion(v, target) and _analysable(v)
        )
        if kind is Criterion.CONSENT:
            variables = _consent_for(variables, participation=participation)
        if variables:
            found.append(CriterionVariables(kind, variables))
    return tuple(found)


def _consent_for(variables: tuple[Variable, ...], *, participation: bool) -> tuple[Variable, ...]:
    """Table 1's consent variables for decisions, table 2's for participation; a codebook with
    consent variables of only one kind uses them for both."""
    chosen = tuple(v for v in variables if (v.key in PARTICIPATION_CONSENT) == participation)
    return chosen or variables


def _shares_occasion(variable: Variable, outcome: Variable) -> bool:
    if not variable.occasions or not outcome.occasions:
        return True
    return bool(set(variable.occasions) & set(outcome.occasions))


def _analysable(variable: Variable) -> bool:
    return variable.type.has_categories


def comparable_levels(variable: Variable, kind: Criterion) -> tuple[str, ...] | None:
    """The answers of *variable* under which a client belongs to the comparable population,
    or None when the variable does not restrict it.

    Yes/no variables: need assessed (ja), need *not* met otherwise (nej), consent or wish
    present (ja). Accommodations: used or not needed — a client who needed an interpreter and
    got none is not comparable, since the municipality did not do what was required. Other
    variables restrict only where the appendix names the answers (consent from guardians).
    """
    if variable.key in _COMPARABLE:
        return _COMPARABLE[variable.key] or None
    if kind is Criterion.ACCOMMODATION:
        kept = tuple(code for code in variable.codes if code != ACCOMMODATION_UNMET)
        return kept if len(kept) < len(variable.codes) else None
    if variable.type is VariableType.YES_NO:
        return (NO,) if kind is Criterion.MET_OTHERWISE else (YES,)
    return None
