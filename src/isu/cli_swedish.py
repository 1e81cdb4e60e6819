"""Swedish for the parts of the command line that typer and click write themselves.

Click builds its usage errors as English f-strings (no gettext hook), so ``isu`` runs the typer
app without its standalone handling and says what went wrong here, in Swedish, with the same
exit code 2. The help panels' titles are typer settings.
"""

from __future__ import annotations

import re
from typing import Any

import typer.rich_utils

from isu.i18n import _


def use_swedish_help() -> None:
    typer.rich_utils.OPTIONS_PANEL_TITLE = _("Alternativ")
    typer.rich_utils.ARGUMENTS_PANEL_TITLE = _("Argument")
    typer.rich_utils.COMMANDS_PANEL_TITLE = _("Kommandon")
    typer.rich_utils.ERRORS_PANEL_TITLE = _("Fel")
    typer.rich_utils.REQUIRED_LONG_STRING = _("[obligatorisk]")
    typer.rich_utils.DEFAULT_STRING = _("[standard: {}]")
    typer.rich_utils.ABORTED_TEXT = _("Avbrutet.")


def usage_error(error: Any) -> str:
    """A Swedish sentence for a click usage error, with where to find help."""
    context = getattr(error, "ctx", None)
    command = context.command_path if context is not None else "isu"
    return f"{_describe(error)} " + _("Skriv '{command} --help' för hjälp.").format(command=command)


def _describe(error: Any) -> str:
    kind = type(error).__name__
    param = getattr(error, "param", None)
    name = _param_name(param)
    if kind == "MissingParameter":
        return _("{name} saknas.").format(name=name)
    if kind == "NoSuchOption":
        suggestion = ", ".join(getattr(error, "possibilities", None) or [])
        text = _("Okänt alternativ: {option}.").format(option=getattr(error, "option_name", ""))
        return text + (
            " " + _("Menade du {options}?").format(options=suggestion) if suggestion else ""
        )
    if kind == "BadParameter":
        detail = str(getattr(error, "message", ""))
        hint = " " + _("Ange ett heltal.") if "integer" in detail else ""
        hint = " " + _("Värdet är utanför det tillåtna intervallet.") if "range" in detail else hint
        return _("Ogiltigt värde för {name}.").format(name=name[:1].lower() + name[1:]) + hint
    message = error.format_message() if hasattr(error, "format_message") else str(error)
    command = re.match(r"No such command '(.*)'", message)
    if command:
        return _("Okänt kommando: '{name}'.").format(name=command.group(1))
    if re.match(r"Got unexpected extra arguments?", message):
        return _("För många argument: {detail}.").format(
            detail=message.split("(", 1)[-1].rstrip(")")
        )
    return _("Kommandot kunde inte tolkas: {message}").format(message=message)


def _param_name(param: Any) -> str:
    if param is None:
        return _("Ett värde")
    if getattr(param, "param_type_name", "") == "argument":
        return _("Argumentet {name}").format(name=str(param.name).upper())
    return _("Alternativet {name}").format(name=" / ".join(param.opts))
