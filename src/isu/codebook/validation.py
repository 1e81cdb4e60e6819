"""Check a codebook for the mistakes people make when designing one in Excel.

Every problem is collected (not just the first) and described in Swedish, naming the variable,
so the designer can fix the whole workbook in one go.
"""

from __future__ import annotations

import re

from isu.codebook.model import (
    AGE,
    LEGAL_SEX,
    OCCASION,
    Codebook,
    Variable,
    VariableType,
    duplicates,
)
from isu.codebook.relevance import RelevanceError, parse_relevance
from isu.i18n import _

KEY_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class CodebookError(ValueError):
    """A codebook that cannot be used; ``problems`` lists every reason, in Swedish."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def validate_codebook(codebook: Codebook) -> Codebook:
    """Return *codebook* unchanged if it is consistent, else raise :class:`CodebookError`."""
    problems = _codebook_problems(codebook)
    for variable in codebook.variables:
        problems.extend(_variable_problems(variable, codebook))
    if problems:
        raise CodebookError(problems)
    return codebook


def _codebook_problems(codebook: Codebook) -> list[str]:
    problems: list[str] = []
    if not codebook.variables:
        problems.append(_("Kodboken innehåller inga variabler."))
    for key in duplicates(v.key for v in codebook.variables):
        problems.append(_("Variabelnamnet '{key}' förekommer mer än en gång.").format(key=key))
    if LEGAL_SEX not in codebook:
        problems.append(
            _(
                "Kodboken saknar variabeln '{key}' (juridiskt kön). Kön ska alltid ingå "
                "så att resultaten kan könsuppdelas."
            ).format(key=LEGAL_SEX)
        )
    elif codebook[LEGAL_SEX].codes != ("kvinna", "man"):
        problems.append(
            _(
                "Variabeln '{key}' ska ha koderna 'kvinna' och 'man' (etiketterna får väljas fritt)."
            ).format(key=LEGAL_SEX)
        )
    if AGE in codebook and codebook[AGE].type is not VariableType.INTEGER:
        problems.append(_("Variabeln '{key}' (ålder) ska vara av typen heltal.").format(key=AGE))
    personnummer = [v.key for v in codebook.variables if v.type is VariableType.PERSONNUMMER]
    if len(personnummer) > 1:
        problems.append(
            _("Kodboken har flera personnummervariabler ({keys}); högst en är tillåten.").format(
                keys=", ".join(personnummer)
            )
        )
    if codebook.age_reference is not None:
        ref = codebook.get(codebook.age_reference)
        if ref is None or ref.type is not VariableType.DATE:
            problems.append(
                _(
                    "Inställningen age_reference pekar på '{key}', som inte är en datumvariabel "
                    "i kodboken."
                ).format(key=codebook.age_reference)
            )
    if OCCASION in codebook and codebook[OCCASION].type is not VariableType.SELECT_ONE:
        problems.append(
            _("Variabeln '{key}' (tillfälle) ska vara ett enkelval.").format(key=OCCASION)
        )
    return problems


def _variable_problems(variable: Variable, codebook: Codebook) -> list[str]:
    where = _("Variabeln '{key}'").format(key=variable.key)
    problems: list[str] = []
    if not KEY_PATTERN.match(variable.key):
        problems.append(
            _(
                "{where}: namnet får bara innehålla bokstäverna a–z, siffror och understreck, "
                "och får inte börja med en siffra."
            ).format(where=where)
        )
    if not variable.label.strip():
        problems.append(_("{where}: etikett (label) saknas.").format(where=where))
    if variable.type.has_categories:
        if not variable.categories:
            problems.append(
                _(
                    "{where}: svarsalternativ saknas (listan '{list}' är tom eller finns inte)."
                ).format(where=where, list=variable.list_name or "")
            )
        for code in duplicates(variable.codes):
            problems.append(
                _("{where}: svarskoden '{code}' förekommer mer än en gång.").format(
                    where=where, code=code
                )
            )
        for code in duplicates(c.label.strip().casefold() for c in variable.categories):
            problems.append(
                _("{where}: etiketten '{label}' används för flera svarsalternativ.").format(
                    where=where, label=code
                )
            )
    elif variable.categories:
        problems.append(
            _("{where}: typen {type} kan inte ha svarsalternativ.").format(
                where=where, type=variable.type.value
            )
        )
    occasion_codes = {c.code for c in codebook.occasions}
    for occasion in variable.occasions:
        if occasion not in occasion_codes:
            problems.append(
                _(
                    "{where}: tillfället '{occasion}' finns inte bland kodbokens tillfällen ({known})."
                ).format(
                    where=where, occasion=occasion, known=", ".join(sorted(occasion_codes)) or "–"
                )
            )
    if variable.relevant:
        problems.extend(_relevance_problems(variable, codebook, where))
    return problems


def _relevance_problems(variable: Variable, codebook: Codebook, where: str) -> list[str]:
    assert variable.relevant is not None
    try:
        expression = parse_relevance(variable.relevant)
    except RelevanceError as error:
        return [
            _("{where}: villkoret (relevant) är felaktigt: {error}").format(
                where=where, error=error
            )
        ]
    problems = []
    for name in sorted(expression.names):
        if name not in codebook:
            problems.append(
                _(
                    "{where}: villkoret (relevant) nämner variabeln '{name}', som inte finns."
                ).format(where=where, name=name)
            )
        elif name == variable.key:
            problems.append(
                _("{where}: villkoret (relevant) får inte hänvisa till variabeln själv.").format(
                    where=where
                )
            )
    return problems
