"""An analysis: the team's four steps of the method, as data that can be saved, checked and exported.

Step 1 is made of *pins*: references to what the step-1 result published (a table, an
observation, a criteria analysis), each with the team's comment. The numbers are never copied
into the document; they are looked up in the result when the report is built
(:mod:`isu.report.document.resolve`), so a report always shows the disclosure-controlled figures
of the data it is built from. Steps 2–4 are the team's own texts, linked to each other by id:
a reflection names the pins it concerns, a conclusion its pins and reflections, an action the
conclusions it answers.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeVar

from isu.i18n import _


class Labelled(StrEnum):
    """An enum whose members carry a Swedish label for screens and reports."""

    @property
    def label(self) -> str:
        # Keyed by class and value: members of a StrEnum compare equal to their string, and two
        # enums share the value "verksamhet".
        return _LABELS[type(self), self.value]


class PinKind(Labelled):
    TABLE = "tabell"
    OBSERVATION = "iakttagelse"
    CRITERIA = "kriterier"


class Source(Labelled):
    """The method's three sources of knowledge for step 2 (Analysstöd, SKR 2024, s. 16)."""

    INDIVIDUAL = "individ"
    ORGANISATION = "verksamhet"
    SOCIETY = "omvarld"


class Answer(Labelled):
    YES = "ja"
    NO = "nej"
    UNSURE = "vet_inte"


class ConclusionStatus(Labelled):
    DRAWN = "slutsats"
    NOT_YET = "inte_annu"  # "kan inte dra slutsats ännu — detta behöver vi veta"


class Need(Labelled):
    """What step 3 asks a team to consider before acting (Analysstöd, s. 20)."""

    KNOW_MORE = "veta_mer"
    OTHER_STATISTICS = "annan_statistik"
    COMPETENCE = "kompetens"
    NEW_COLLECTION = "ny_insamling"


class Effort(Labelled):
    EASY = "latt"
    HARD = "svar"


class Effect(Labelled):
    SMALL = "liten"
    LARGE = "stor"


class DecisionLevel(Labelled):
    UNIT = "verksamhet"
    POLITICAL = "politik"


class ActionStatus(Labelled):
    PROPOSED = "forslag"
    DECIDED = "beslutad"
    ONGOING = "pagar"
    DONE = "klar"


class Involvement(Labelled):
    INVOLVE = "involvera"
    INFORM = "informera"


_LABEL_LIST: list[tuple[Labelled, str]] = [
    (PinKind.TABLE, _("Tabell")),
    (PinKind.OBSERVATION, _("Iakttagelse")),
    (PinKind.CRITERIA, _("Prövning mot kriterierna")),
    (Source.INDIVIDUAL, _("2.1 Individ och grupp")),
    (Source.ORGANISATION, _("2.2 Verksamhet och profession")),
    (Source.SOCIETY, _("2.3 Omvärld och samhälle")),
    (Answer.YES, _("Ja")),
    (Answer.NO, _("Nej")),
    (Answer.UNSURE, _("Vet inte än")),
    (ConclusionStatus.DRAWN, _("Slutsats")),
    (ConclusionStatus.NOT_YET, _("Kan inte dra slutsats ännu")),
    (Need.KNOW_MORE, _("Vi behöver veta mer")),
    (Need.OTHER_STATISTICS, _("Annan statistik eller andra källor behövs")),
    (Need.COMPETENCE, _("Annan eller mer kompetens behövs")),
    (Need.NEW_COLLECTION, _("En ny eller större insamling behövs")),
    (Effort.EASY, _("Lätt att genomföra")),
    (Effort.HARD, _("Svår att genomföra")),
    (Effect.SMALL, _("Liten effekt")),
    (Effect.LARGE, _("Stor effekt")),
    (DecisionLevel.UNIT, _("Inom verksamheten")),
    (DecisionLevel.POLITICAL, _("Kräver politiskt beslut")),
    (ActionStatus.PROPOSED, _("Förslag")),
    (ActionStatus.DECIDED, _("Beslutad")),
    (ActionStatus.ONGOING, _("Pågår")),
    (ActionStatus.DONE, _("Genomförd")),
    (Involvement.INVOLVE, _("Involvera")),
    (Involvement.INFORM, _("Informera")),
]
_LABELS = {(type(member), member.value): label for member, label in _LABEL_LIST}


@dataclass(frozen=True)
class Pin:
    """Step 1: something the result shows that the team wants to look at more closely."""

    id: str
    kind: PinKind
    ref: str  # a table id, an observation key or a criteria analysis key of the result
    comment: str = ""


@dataclass(frozen=True)
class Reflection:
    """Step 2: a thought about possible causes, from one source of knowledge."""

    id: str
    source: Source
    text: str
    pins: tuple[str, ...] = ()


@dataclass(frozen=True)
class BiasCheck:
    """Step 2: the three faces of gender bias, also in the team's own analysis (s. 17)."""

    stereotyped: str = ""  # is our starting point stereotyped?
    amplified: str = ""  # do we make differences bigger than they are?
    ignored: str = ""  # do we overlook differences?
    own_analysis: str = ""  # do we risk reproducing bias in this analysis?


@dataclass(frozen=True)
class MythCheck:
    """Step 2: "det är så speciellt här hos oss" — what would show it, and does the data agree?"""

    claim: str = ""
    evidence: str = ""
    supported: Answer | None = None


@dataclass(frozen=True)
class Conclusion:
    """Step 3: what the team concludes — or what it needs to know before it can."""

    id: str
    text: str
    status: ConclusionStatus = ConclusionStatus.DRAWN
    needed: str = ""  # with NOT_YET: "detta behöver vi veta"
    maintains_inequality: Answer | None = None
    norms: str = ""  # do norms about sex and background affect the result, and how?
    needs: tuple[Need, ...] = ()
    pins: tuple[str, ...] = ()
    reflections: tuple[str, ...] = ()


@dataclass(frozen=True)
class Action:
    """Step 4: what to do differently, answering a named conclusion or cause."""

    id: str
    text: str
    effort: Effort
    effect: Effect
    level: DecisionLevel
    answers: tuple[str, ...] = ()  # conclusion ids
    cause: str = ""
    owner: str = ""
    due: datetime.date | None = None
    status: ActionStatus = ActionStatus.PROPOSED


@dataclass(frozen=True)
class Stakeholder:
    """Step 4: whom to involve or inform (staff, client groups, management, the board)."""

    name: str
    involvement: Involvement
    how: str = ""


@dataclass(frozen=True)
class Document:
    """One analysis of a follow-up: its title and the team's four steps."""

    title: str
    question: str = ""
    unit: str = ""
    period: str = ""
    authors: tuple[str, ...] = ()
    date: datetime.date | None = None
    summary: str = ""  # "Sammanfattning" on the report's first page
    pins: tuple[Pin, ...] = ()
    reflections: tuple[Reflection, ...] = ()
    bias: BiasCheck = field(default_factory=BiasCheck)
    myth: MythCheck = field(default_factory=MythCheck)
    conclusions: tuple[Conclusion, ...] = ()
    actions: tuple[Action, ...] = ()
    stakeholders: tuple[Stakeholder, ...] = ()

    def pin(self, pin_id: str) -> Pin:
        return _by_id(self.pins, pin_id)

    def reflection(self, reflection_id: str) -> Reflection:
        return _by_id(self.reflections, reflection_id)

    def conclusion(self, conclusion_id: str) -> Conclusion:
        return _by_id(self.conclusions, conclusion_id)


Identified = TypeVar("Identified", Pin, Reflection, Conclusion)


def _by_id(items: tuple[Identified, ...], wanted: str) -> Identified:
    for item in items:
        if item.id == wanted:
            return item
    raise KeyError(wanted)
