"""Pure helpers for changing a codebook from the web pages: each returns a new codebook.

Codebooks are immutable, so an edit is a function from the old codebook to a new one; the
views validate the result with :func:`isu.codebook.validate_codebook` and store it as a new
version. Nothing here touches the database or a request, so the rules are easy to test.

>>> slug("Uppföljning efter 6 månader")
'uppfoljning_efter_6_manader'
>>> is_system("tillfalle"), is_system("risk")
(True, False)
"""

import dataclasses
import datetime
import re
import unicodedata
from collections.abc import Iterable

from isu.codebook import (
    AGE,
    CLIENT_ID,
    LEGAL_SEX,
    OCCASION,
    PERSONNUMMER,
    Category,
    Codebook,
    Role,
    Variable,
    VariableType,
)

# The variables the product itself relies on: they can be relabelled, never removed.
SYSTEM_VARIABLES = frozenset({PERSONNUMMER, CLIENT_ID, OCCASION, "datum", LEGAL_SEX, AGE})


def is_system(key: str) -> bool:
    return key in SYSTEM_VARIABLES


def slug(text: str) -> str:
    """A code made from a label: lower case a–z, digits and ``_`` (å, ä, ö lose their dots)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_")


def unique_code(base: str, taken: Iterable[str]) -> str:
    """*base*, or *base* with the first free ``_2``, ``_3`` … suffix."""
    used = set(taken)
    code, n = base, 2
    while code in used:
        code, n = f"{base}_{n}", n + 1
    return code


def prepared(
    codebook: Codebook, *, question: str, area: str, reference_date: datetime.date | None
) -> Codebook:
    """The codebook with the follow-up's own question, area and reference date."""
    return dataclasses.replace(
        codebook, question=question, area=area, reference_date=reference_date
    )


def numbered(codebook: Codebook, number: int) -> Codebook:
    """The codebook labelled with its version number, so a downloaded workbook says which."""
    return dataclasses.replace(codebook, version=str(number))


def replace_variable(codebook: Codebook, variable: Variable) -> Codebook:
    """The codebook with the variable of the same key replaced, in the same place."""
    variables = tuple(variable if v.key == variable.key else v for v in codebook.variables)
    return dataclasses.replace(codebook, variables=variables)


def add_variable(codebook: Codebook, variable: Variable) -> Codebook:
    return dataclasses.replace(codebook, variables=(*codebook.variables, variable))


def remove_variable(codebook: Codebook, key: str) -> Codebook:
    if is_system(key):
        raise ValueError(f"{key} is a system variable")
    variables = tuple(v for v in codebook.variables if v.key != key)
    return dataclasses.replace(codebook, variables=variables)


def with_occasions(
    codebook: Codebook, occasions: tuple[Category, ...]
) -> tuple[Codebook, list[Variable]]:
    """The codebook measured at *occasions*, and the variables dropped on the way.

    A variable measured only at occasions that are no longer there could never be answered,
    so it goes; the others forget the removed occasions. A codebook without a ``tillfalle``
    variable gets one.
    """
    codes = {c.code for c in occasions}
    kept: list[Variable] = []
    dropped: list[Variable] = []
    for variable in codebook.variables:
        if variable.key == OCCASION:
            variable = dataclasses.replace(variable, categories=occasions)
        elif variable.occasions:
            remaining = tuple(o for o in variable.occasions if o in codes)
            if not remaining:
                dropped.append(variable)
                continue
            variable = dataclasses.replace(variable, occasions=remaining)
        kept.append(variable)
    if OCCASION not in codebook:
        kept.insert(0, occasion_variable(occasions))
    return dataclasses.replace(codebook, variables=tuple(kept)), dropped


def occasion_variable(occasions: tuple[Category, ...]) -> Variable:
    return Variable(
        OCCASION,
        "Tillfälle",
        VariableType.SELECT_ONE,
        Role.ADMINISTRATIVE,
        description="Vid vilket tillfälle uppgifterna samlades in.",
        categories=occasions,
        list_name=OCCASION,
        required=True,
    )


def stored_codes(values: Iterable[object]) -> set[str]:
    """The answer codes in stored values (multiple choice is stored space-separated)."""
    return {code for value in values if isinstance(value, str) for code in value.split()}


def removed_codes_in_use(old: Variable, new: Variable, in_use: Iterable[str]) -> list[str]:
    """Codes of *old* that *new* no longer has although stored records use them, sorted."""
    removed = set(old.codes) - set(new.codes)
    return sorted(removed & set(in_use))
