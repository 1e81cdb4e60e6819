"""The codebook: what a follow-up measures, and the role each variable plays in the method.

A codebook is immutable; editing one produces a new version with a new fingerprint, so data can
always say which version they were collected with.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class VariableType(StrEnum):
    """Value types, named as in XLSForm where XLSForm has the type."""

    SELECT_ONE = "select_one"
    SELECT_MULTIPLE = "select_multiple"
    YES_NO = "yes_no"  # ours: Ja / Nej / Vet ej
    INTEGER = "integer"
    DECIMAL = "decimal"
    DATE = "date"
    TEXT = "text"
    PERSONNUMMER = "personnummer"  # ours: read at the door, never stored

    @property
    def has_categories(self) -> bool:
        return self in (VariableType.SELECT_ONE, VariableType.SELECT_MULTIPLE, VariableType.YES_NO)

    @property
    def is_numeric(self) -> bool:
        return self in (VariableType.INTEGER, VariableType.DECIMAL)


class Role(StrEnum):
    """The part a variable plays in the method (Analysstöd, steps 1 and the appendix criteria).

    Values are Swedish because people type them in the codebook workbook.
    """

    IDENTITY = "identitet"
    ADMINISTRATIVE = "administrativ"
    BACKGROUND = "bakgrund"
    NEED = "behov"
    INTERVENTION = "insats"
    OUTCOME = "resultat"
    GOAL_ATTAINMENT = "maluppfyllelse"
    PARTICIPATION = "delaktighet"
    SATISFACTION = "nojdhet"
    NEED_CRITERION = "kriterium_behov"
    MET_OTHERWISE = "kriterium_annat_satt"
    CONSENT = "kriterium_samtycke"
    PARTICIPATION_WISH = "kriterium_onskan"
    ACCOMMODATION = "kriterium_anpassning"

    @property
    def is_criterion(self) -> bool:
        return self.value.startswith("kriterium_")


# Variables the product itself understands; every codebook is built around them.
PERSONNUMMER = "personnummer"
CLIENT_ID = "klientnummer"
OCCASION = "tillfalle"
LEGAL_SEX = "juridiskt_kon"
AGE = "alder"
GENDER_IDENTITY = "konsidentitet"

YES, NO, UNKNOWN = "ja", "nej", "vet_ej"


@dataclass(frozen=True)
class Category:
    code: str
    label: str


YES_NO_CATEGORIES = (Category(YES, "Ja"), Category(NO, "Nej"), Category(UNKNOWN, "Vet ej"))


@dataclass(frozen=True)
class Variable:
    """One thing measured about a client at one or more occasions.

    ``occasions`` empty means "at every occasion"; ``relevant`` is an XLSForm skip rule.
    """

    key: str
    label: str
    type: VariableType
    role: Role
    description: str = ""
    categories: tuple[Category, ...] = ()
    list_name: str | None = None
    required: bool = False
    relevant: str | None = None
    occasions: tuple[str, ...] = ()
    ordered: bool = False
    sensitive: bool = False

    def __post_init__(self) -> None:
        if self.type is VariableType.YES_NO and not self.categories:
            object.__setattr__(self, "categories", YES_NO_CATEGORIES)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.categories)

    def label_of(self, code: str) -> str:
        for category in self.categories:
            if category.code == code:
                return category.label
        return code

    def measured_at(self, occasion: str) -> bool:
        return not self.occasions or occasion in self.occasions


@dataclass(frozen=True)
class Codebook:
    """A versioned set of variables answering one frågeställning.

    Construct through :func:`isu.codebook.validate_codebook` (or the templates and the XLSForm
    reader, which call it) so that every codebook in circulation is known to be consistent.
    """

    id: str
    title: str
    version: str
    variables: tuple[Variable, ...]
    question: str = ""
    area: str = ""
    audience: str = "vuxna"
    reference_date: datetime.date | None = None
    age_reference: str | None = None
    _by_key: Mapping[str, Variable] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_key", {v.key: v for v in self.variables})

    def __iter__(self) -> Iterator[Variable]:
        return iter(self.variables)

    def __len__(self) -> int:
        return len(self.variables)

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def __getitem__(self, key: str) -> Variable:
        return self._by_key[key]

    def get(self, key: str) -> Variable | None:
        return self._by_key.get(key)

    def with_role(self, *roles: Role) -> tuple[Variable, ...]:
        return tuple(v for v in self.variables if v.role in roles)

    @property
    def occasions(self) -> tuple[Category, ...]:
        """The measurement occasions: the categories of the ``tillfalle`` variable, if any."""
        occasion = self.get(OCCASION)
        return occasion.categories if occasion else ()

    def fingerprint(self) -> str:
        """A short hash of the content, so two copies of "version 3" can be told apart."""
        canonical = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "version": self.version,
            "question": self.question,
            "area": self.area,
            "audience": self.audience,
            "reference_date": self.reference_date.isoformat() if self.reference_date else None,
            "age_reference": self.age_reference,
            "variables": [_variable_to_dict(v) for v in self.variables],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Codebook:
        ref = data.get("reference_date")
        return cls(
            id=data["id"],
            title=data["title"],
            version=str(data["version"]),
            question=data.get("question", ""),
            area=data.get("area", ""),
            audience=data.get("audience", "vuxna"),
            reference_date=datetime.date.fromisoformat(ref) if ref else None,
            age_reference=data.get("age_reference"),
            variables=tuple(_variable_from_dict(v) for v in data["variables"]),
        )


def _variable_to_dict(v: Variable) -> dict[str, Any]:
    return {
        "key": v.key,
        "label": v.label,
        "type": v.type.value,
        "role": v.role.value,
        "description": v.description,
        "categories": [[c.code, c.label] for c in v.categories],
        "list_name": v.list_name,
        "required": v.required,
        "relevant": v.relevant,
        "occasions": list(v.occasions),
        "ordered": v.ordered,
        "sensitive": v.sensitive,
    }


def _variable_from_dict(d: Mapping[str, Any]) -> Variable:
    return Variable(
        key=d["key"],
        label=d["label"],
        type=VariableType(d["type"]),
        role=Role(d["role"]),
        description=d.get("description", ""),
        categories=tuple(Category(code, label) for code, label in d.get("categories", [])),
        list_name=d.get("list_name"),
        required=bool(d.get("required", False)),
        relevant=d.get("relevant"),
        occasions=tuple(d.get("occasions", ())),
        ordered=bool(d.get("ordered", False)),
        sensitive=bool(d.get("sensitive", False)),
    )


def categories(*pairs: tuple[str, str]) -> tuple[Category, ...]:
    """Shorthand for templates: ``categories(("ja", "Ja"), ("nej", "Nej"))``."""
    return tuple(Category(code, label) for code, label in pairs)


def duplicates(items: Iterable[str]) -> list[str]:
    """Items seen more than once, in first-seen order."""
    seen: set[str] = set()
    repeated: list[str] = []
    for item in items:
        if item in seen and item not in repeated:
            repeated.append(item)
        seen.add(item)
    return repeated
