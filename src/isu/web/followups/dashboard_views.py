"""Step 1, "Vad ser vi?", on screen: data quality, one chosen table with its chart, the
observations, and the downloads of the full result.

For analysts and administrators of the follow-up's unit (registrars get 403, other units 404).
The result is computed once per revision (:mod:`isu.web.followups.analysis_cache`); a view only
picks one of its tables and formats it, so a repeated view never analyses anything. A dashboard
view is not logged (it shows aggregated, disclosure-controlled figures, no records); a download
is, as an export.
"""

import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from isu.analysis import Dimension, Step1, Table
from isu.analysis.change import ATTRITION_KEY
from isu.analysis.formatting import number
from isu.analysis.frame import DimensionKind
from isu.codebook import Role
from isu.report import write_step1
from isu.report.document import PinKind, criteria_key, observation_key
from isu.report.step1_xlsx import first_only_text, observation_rule_text, secrecy_text
from isu.web import audit
from isu.web.followups import analysis_cache, charts
from isu.web.followups.access import ANALYSTS, followup_for
from isu.web.followups.criteria_display import criteria_sections
from isu.web.followups.models import FollowUp
from isu.web.request_types import AuthenticatedHttpRequest

OCCASION, VARIABLE, BREAKDOWN = "tillfalle", "variabel", "uppdelning"
SEX, GENDER_IDENTITY_TABLE = "kon", "konsidentitet"
CHANGE = "forandring"

# The picker's groups of variables, in the order of the method.
GROUPS = {
    Role.NEED.value: gettext_lazy("Behov"),
    Role.INTERVENTION.value: gettext_lazy("Insats"),
    Role.OUTCOME.value: gettext_lazy("Resultat"),
    Role.GOAL_ATTAINMENT.value: gettext_lazy("Måluppfyllelse"),
    Role.PARTICIPATION.value: gettext_lazy("Delaktighet"),
    Role.SATISFACTION.value: gettext_lazy("Nöjdhet"),
    "kriterier": gettext_lazy("Kriterier"),
    CHANGE: gettext_lazy("Förändring"),
}

# Downloads: file name → format of isu.report.write_step1 and its media type.
EXPORTS = {
    "steg1.html": ("html", "text/html; charset=utf-8"),
    "steg1.xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "results.json": ("json", "application/json"),
}
SHOWN_OBSERVATIONS = 10  # the rest of the differences behind "Visa alla"


def group_of(variable: Dimension) -> str:
    if variable.key == ATTRITION_KEY or variable.key.startswith(f"{CHANGE}:"):
        return CHANGE
    return "kriterier" if variable.role.is_criterion else variable.role.value


def breakdown_label(name: str, table: Table) -> str:
    if name == SEX:
        return _("Kön")
    if name == GENDER_IDENTITY_TABLE:
        return _("Könsidentitet")
    last = table.breakdown[-1]
    if last.kind is DimensionKind.PERIOD:
        return _("Kön över tid ({period})").format(period=last.label.lower())
    return _("Kön och {label}").format(label=last.label.lower())


class Picker:
    """The tables of a result by occasion, variable and breakdown, and which one to show."""

    def __init__(self, tables: Sequence[Table]) -> None:
        self.tables = {}
        self.keys: dict[str, tuple[str, str, str]] = {}
        self.occasions: dict[str, str] = {}
        variables: dict[str, Dimension] = {}
        breakdowns: dict[str, str] = {}
        for table in tables:
            key = (table.occasion, table.variable.key, table.id.rsplit("/", 1)[1])
            self.tables[key] = table
            self.keys[table.id] = key
            self.occasions.setdefault(table.occasion, table.occasion_label)
            variables.setdefault(table.variable.key, table.variable)
            breakdowns.setdefault(key[2], breakdown_label(key[2], table))
        self.variables = variables
        order = {SEX: 0, GENDER_IDENTITY_TABLE: 2}  # sex first, gender identity last
        self.breakdowns = dict(sorted(breakdowns.items(), key=lambda item: order.get(item[0], 1)))

    def choose(self, query: Mapping[str, str]) -> tuple[Table, bool]:
        """The table asked for, or the closest one (same variable first, then the same
        breakdown, then the same occasion); False when it is not the one asked for."""
        wanted = (query.get(OCCASION), query.get(VARIABLE), query.get(BREAKDOWN))
        if not any(wanted):
            return self.default(), True
        exact = self.tables.get(wanted)  # type: ignore[arg-type]
        if exact is not None:
            return exact, True

        def closeness(key: tuple[str, str, str]) -> int:
            return 4 * (key[1] == wanted[1]) + 2 * (key[2] == wanted[2]) + (key[0] == wanted[0])

        return self.tables[max(self.tables, key=closeness)], False

    def default(self) -> Table:
        """The first decision on an intervention by sex: the method's first question."""
        for (_occasion, _variable, name), table in self.tables.items():
            if name == SEX and table.variable.role is Role.INTERVENTION:
                return table
        return next(iter(self.tables.values()))

    def query(self, table_id: str) -> str:
        occasion, variable, breakdown = self.keys[table_id]
        return urlencode({OCCASION: occasion, VARIABLE: variable, BREAKDOWN: breakdown})

    def fields(self, table: Table) -> list[dict[str, Any]]:
        """The picker's three selects: name, label, chosen value and (grouped) options."""
        occasion, variable, breakdown = self.keys[table.id]
        grouped: dict[str, list[tuple[str, str]]] = {key: [] for key in GROUPS}
        for key, dimension in self.variables.items():
            grouped.setdefault(group_of(dimension), []).append((key, dimension.label))
        groups = [(GROUPS.get(g, g), items) for g, items in grouped.items() if items]
        return [
            _field(OCCASION, _("Tillfälle"), occasion, [("", list(self.occasions.items()))]),
            _field(VARIABLE, _("Uppgift"), variable, groups),
            _field(BREAKDOWN, _("Uppdelning"), breakdown, [("", list(self.breakdowns.items()))]),
        ]


def _field(name: str, label: str, chosen: str, groups: list[Any]) -> dict[str, Any]:
    return {"name": name, "label": label, "chosen": chosen, "groups": groups}


@login_required
def dashboard(request: AuthenticatedHttpRequest, followup_id: int) -> HttpResponse:
    followup = followup_for(request, followup_id, roles=ANALYSTS)
    if not followup.records.exists():
        return render(request, "followups/dashboard/empty.html", {"followup": followup})
    result = analysis_cache.result_for(followup)
    picker = Picker(result.tables)
    context = {
        "followup": followup,
        "result": result,
        # Only computed when the cached fragments of the page are missing (see the template).
        "sections": SimpleLazyObject(lambda: _sections(followup, result, picker)),
    }
    if result.tables:
        table, exact = picker.choose(request.GET)
        context |= {
            "fields": picker.fields(table),
            "exact": exact,
            "table": table,
            "grid": charts.grid(table),
            "chart": charts.chart(table),
            "chart_options": charts.embed_options(),
            "pin": pin_url(followup.pk, PinKind.TABLE, table.id),
        }
    return render(request, "followups/dashboard/dashboard.html", context)


def pin_url(followup_id: int, kind: PinKind, ref: str) -> str:
    """The «Fäst i analysen» link (a plain link: the cached fragments hold no CSRF token)."""
    base = reverse("analyses:pin", args=[followup_id])
    return f"{base}?{urlencode({'typ': kind.value, 'ref': ref})}"


def _sections(followup: FollowUp, result: Step1, picker: Picker) -> dict[str, Any]:
    quality = result.quality
    base = reverse("followups:dashboard", args=[followup.pk])
    observations = [
        {
            "kind": o.kind,
            "text": o.text,
            "url": f"{base}?{picker.query(o.table)}#tabell",
            "pin": pin_url(followup.pk, PinKind.OBSERVATION, observation_key(o)),
        }
        for o in result.observations
    ]
    criteria = criteria_sections(result)
    for shown, analysis in zip(criteria["analyses"], result.criteria, strict=True):
        shown["pin"] = pin_url(followup.pk, PinKind.CRITERIA, criteria_key(analysis))
    differences = [o for o in observations if o["kind"] == "skillnad"]
    threshold = result.settings.threshold
    return {
        "basis": ngettext(
            "Siffrorna bygger på {records} post om {clients} personer.",
            "Siffrorna bygger på {records} poster om {clients} personer.",
            quality.records,
        ).format(records=number(quality.records, 0), clients=number(quality.clients, 0)),
        "secrecy": secrecy_text(threshold),
        "first_only": first_only_text(quality) if len(result.codebook.occasions) > 1 else "",
        "sizes": charts.sizes(quality),
        "completeness": charts.completeness(quality.variables),
        "observation_rule": observation_rule_text(result),
        "differences": differences[:SHOWN_OBSERVATIONS],
        "more_differences": differences[SHOWN_OBSERVATIONS:],
        "other_observations": [o for o in observations if o["kind"] != "skillnad"],
        "numeric": [charts.numeric(t, threshold) for t in result.numeric],
        "paired": charts.paired(result),
        "criteria": criteria,
        "exports": list(EXPORTS),
    }


@login_required
def dashboard_export(
    request: AuthenticatedHttpRequest, followup_id: int, filename: str
) -> HttpResponse:
    followup = followup_for(request, followup_id, roles=ANALYSTS)
    if filename not in EXPORTS or not followup.records.exists():
        raise Http404
    kind, content_type = EXPORTS[filename]
    result = analysis_cache.result_for(followup)
    with tempfile.TemporaryDirectory() as directory:
        [path] = write_step1(result, Path(directory), [kind])
        content = path.read_bytes()
    audit.log(
        request,
        audit.Action.EXPORT,
        unit=followup.unit,
        object_type="followup",
        object_id=followup.pk,
        detail={"report": "steg1", "format": kind, "revision": followup.revision},
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    patch_cache_control(response, private=True, no_store=True)
    return response
