"""Forms of the "Ny uppföljning" wizard and of the variable editor.

The words are for social workers: roles and types get Swedish names, answer options are typed
one per line as ``kod = text``, and every problem the codebook library finds is shown in full.
"""

import dataclasses
import functools
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from isu.codebook import (
    TEMPLATES,
    Category,
    Codebook,
    CodebookError,
    Role,
    Variable,
    VariableType,
    read_xlsform,
    template,
)
from isu.codebook.model import duplicates
from isu.codebook.relevance import RelevanceError, parse_relevance
from isu.codebook.validation import KEY_PATTERN
from isu.web.accounts.models import Unit
from isu.web.followups.codebook_edit import is_system, slug, unique_code
from isu.web.followups.models import Area

MAX_WORKBOOK_BYTES = 5 * 1024 * 1024
UPLOAD = "egen_kodbok"

ROLE_LABELS = {
    Role.IDENTITY: _("Identitet (blir en pseudonym)"),
    Role.ADMINISTRATIVE: _("Administrativ uppgift (tillfälle, datum)"),
    Role.BACKGROUND: _("Bakgrund"),
    Role.NEED: _("Behov"),
    Role.INTERVENTION: _("Insats eller beslut"),
    Role.OUTCOME: _("Resultat"),
    Role.GOAL_ATTAINMENT: _("Måluppfyllelse"),
    Role.PARTICIPATION: _("Delaktighet"),
    Role.SATISFACTION: _("Nöjdhet"),
    Role.NEED_CRITERION: _("Kriterium: skillnad i behov"),
    Role.MET_OTHERWISE: _("Kriterium: behovet tillgodoses på annat sätt"),
    Role.CONSENT: _("Kriterium: samtycke eller inställning"),
    Role.PARTICIPATION_WISH: _("Kriterium: önskan att delta"),
    Role.ACCOMMODATION: _("Kriterium: funktionsnedsättning eller språk trots anpassning"),
}
TYPE_LABELS = {
    VariableType.SELECT_ONE: _("Ett svarsalternativ"),
    VariableType.SELECT_MULTIPLE: _("Flera svarsalternativ"),
    VariableType.YES_NO: _("Ja / Nej / Vet ej"),
    VariableType.INTEGER: _("Heltal"),
    VariableType.DECIMAL: _("Tal med decimaler"),
    VariableType.DATE: _("Datum"),
    VariableType.TEXT: _("Text"),
    VariableType.PERSONNUMMER: _("Personnummer"),
}
# Types whose answer options people write themselves (yes/no has its own fixed options).
EDITABLE_OPTIONS = (VariableType.SELECT_ONE, VariableType.SELECT_MULTIPLE)
NEW_TYPES = tuple(t for t in VariableType if t is not VariableType.PERSONNUMMER)


@dataclasses.dataclass(frozen=True)
class TemplateChoice:
    value: str
    title: str
    question: str
    variable_count: int
    occasions: tuple[str, ...]


@functools.cache
def template_choices() -> tuple[TemplateChoice, ...]:
    """The method's templates as the wizard presents them (built once: codebooks are immutable)."""
    return tuple(
        TemplateChoice(name, cb.title, cb.question, len(cb), tuple(c.label for c in cb.occasions))
        for name, cb in ((name, template(name)) for name in TEMPLATES)
    )


class StartForm(forms.Form):
    """Step 1: one of the method's templates, or the user's own XLSForm workbook."""

    start = forms.ChoiceField(label=_("Utgångspunkt"), required=False)
    workbook = forms.FileField(
        label=_("Excel-fil med kodboken"),
        required=False,
        help_text=_(
            "En arbetsbok i XLSForm-format (.xlsx) med bladen survey, choices och settings, "
            "högst 5 MB. Tips: en kodbok som laddats ner från en annan uppföljning visar hur "
            "den ska se ut."
        ),
        widget=forms.FileInput(attrs={"accept": ".xlsx"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(c.value, c.title) for c in template_choices()]
        self.fields["start"].choices = [*choices, (UPLOAD, _("Egen kodbok från Excel"))]
        self.codebook: Codebook | None = None
        self.source = ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start = cleaned.get("start") or (UPLOAD if cleaned.get("workbook") else "")
        if start == UPLOAD:
            self.codebook = self._read_workbook(cleaned.get("workbook"))
        elif start:
            self.codebook, self.source = template(start), f"mall:{start}"
        elif "start" not in self.errors:
            self.add_error("start", _("Välj en av mallarna eller en egen kodbok."))
        return cleaned

    def _read_workbook(self, upload: Any) -> Codebook | None:
        if upload is None:
            self.add_error("workbook", _("Välj en Excel-fil med kodboken."))
            return None
        if upload.size > MAX_WORKBOOK_BYTES:  # before reading a byte of it
            self.add_error("workbook", _("Filen är större än 5 MB. Välj en mindre fil."))
            return None
        try:
            codebook = read_xlsform(upload.read())
        except CodebookError as error:
            self.add_error("workbook", error.problems)
            return None
        self.source = f"fil:{upload.name}"
        return codebook


class DetailsForm(forms.Form):
    """Step 2: where the follow-up belongs, what it is called and what it asks."""

    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(),
        label=_("Verksamhet"),
        empty_label=None,
        help_text=_("Verksamheter där du är administratör."),
    )
    title = forms.CharField(
        label=_("Namn på uppföljningen"),
        max_length=200,
        help_text=_("Ett kort namn som alla känner igen, t.ex. ”Insatser för barn 2025”."),
    )
    question = forms.CharField(label=_("Frågeställning"), widget=forms.Textarea(attrs={"rows": 3}))
    area = forms.ChoiceField(label=_("Område"), choices=Area.choices)
    reference_date = forms.DateField(
        label=_("Referensdatum för ålder (frivilligt)"),
        required=False,
        help_text=_(
            "Åldern räknas vid datumet för varje tillfälle. Saknar en rad datum används "
            "i stället detta datum. Skriv som ÅÅÅÅ-MM-DD."
        ),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], codebook: Codebook, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        help_text = _(
            "Vad vill ni ta reda på? Skriv en fråga om skillnader mellan kvinnor och män "
            "eller flickor och pojkar, som uppföljningen ska kunna besvara."
        )
        if codebook.question:
            example = _("Exempel från mallen: ”%(question)s”") % {"question": codebook.question}
            help_text = f"{help_text} {example}"
        self.fields["question"].help_text = help_text
        if codebook.area in Area.values:
            self.fields["area"].initial = codebook.area
        self.fields["reference_date"].initial = codebook.reference_date


class OccasionForm(forms.Form):
    code = forms.CharField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Nytt tillfälle"), required=False, max_length=100)


class BaseOccasionFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    """The codebook's occasions, one row each, and empty rows for new ones.

    Existing occasions keep their codes; new ones get a code made from their name. A row
    left empty or marked for removal is not an occasion.
    """

    def __init__(self, *args: Any, codebook: Codebook, **kwargs: Any) -> None:
        self.codebook = codebook
        initial = [{"code": c.code, "name": c.label} for c in codebook.occasions]
        super().__init__(*args, initial=initial, prefix="tillfallen", **kwargs)

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if index is None or index >= len(self.codebook.occasions):
            return
        occasion = self.codebook.occasions[index]
        form.fields["name"].label = _("Tillfälle %(n)s") % {"n": index + 1}
        form.fields["DELETE"].label = _("Ta bort tillfället ”%(name)s”") % {"name": occasion.label}
        only_here = sum(1 for v in self.codebook if v.occasions == (occasion.code,))
        if only_here:
            form.fields["DELETE"].help_text = ngettext(
                "Då tas också %(count)s fråga bort, som bara ställs vid detta tillfälle.",
                "Då tas också %(count)s frågor bort, som bara ställs vid detta tillfälle.",
                only_here,
            ) % {"count": only_here}

    def clean(self) -> None:
        if any(self.errors):
            return
        rows = [
            (form.cleaned_data.get("code", ""), form.cleaned_data.get("name", "").strip())
            for form in self.forms
            if not self._should_delete_form(form)
        ]
        rows = [(code, name) for code, name in rows if name]
        if not rows:
            raise ValidationError(_("Ange minst ett tillfälle."))
        for name in duplicates(name.casefold() for _code, name in rows):
            raise ValidationError(_("Tillfället ”%(name)s” finns två gånger.") % {"name": name})
        taken = [code for code, _name in rows if code]
        occasions = []
        for code, name in rows:
            if not code:
                code = unique_code(slug(name) or "tillfalle", taken)
                taken.append(code)
            occasions.append(Category(code, name))
        self.occasions = tuple(occasions)


OccasionFormSet = forms.formset_factory(
    OccasionForm, formset=BaseOccasionFormSet, extra=3, can_delete=True, can_delete_extra=False
)


def format_categories(categories: tuple[Category, ...]) -> str:
    return "\n".join(f"{c.code} = {c.label}" for c in categories)


def parse_categories(text: str) -> tuple[Category, ...]:
    """Lines ``kod = text`` (or code and text separated by a tab, as pasted from Excel).

    A line with only a text gets a code made from it. Raises ValidationError listing every
    problem.
    """
    rows: list[tuple[str, str]] = []
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        code, sep, label = line.replace("\t", "=", 1).partition("=")
        code, label = (code.strip(), label.strip()) if sep else ("", code.strip())
        if sep and not (code and label):
            problems.append(
                _("Rad %(n)s: skriv både kod och text, t.ex. ”hog = Hög risk”.") % {"n": number}
            )
        elif re.search(r"\s", code):
            problems.append(
                _("Rad %(n)s: koden ”%(code)s” får inte innehålla mellanslag.")
                % {"n": number, "code": code}
            )
        rows.append((code, label))
    taken = [code for code, _label in rows if code]
    for code in duplicates(taken):
        problems.append(
            _("Koden ”%(code)s” används för flera svarsalternativ; varje kod måste vara unik.")
            % {"code": code}
        )
    if problems:
        raise ValidationError(problems)
    categories = []
    for code, label in rows:
        if not code:
            code = unique_code(slug(label) or "alternativ", taken)
            taken.append(code)
        categories.append(Category(code, label))
    return tuple(categories)


class VersionedForm(forms.Form):
    """A change to the codebook, made from version ``base_version`` (refused if it is stale)."""

    base_version = forms.IntegerField(widget=forms.HiddenInput)


class VariableForm(VersionedForm):
    """Change one variable: everything but its key and type, which data depend on."""

    label = forms.CharField(
        label=_("Fråga eller rubrik"),
        max_length=500,
        help_text=_("Så som frågan visas för den som registrerar och i Excel-mallen."),
    )
    description = forms.CharField(
        label=_("Hjälptext"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Förklarar frågan, t.ex. vad som räknas eller var uppgiften finns."),
    )
    categories = forms.CharField(
        label=_("Svarsalternativ"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Ett svarsalternativ per rad: kod = text, t.ex. ”hog = Hög risk”. Koden står i "
            "Excel-filerna; texten kan du ändra när du vill. En kod som redan används i "
            "sparade uppgifter kan inte tas bort eller ändras."
        ),
    )
    required = forms.BooleanField(
        label=_("Obligatorisk"),
        required=False,
        help_text=_("Frågan måste besvaras vid de tillfällen och i de fall den gäller."),
    )
    relevant = forms.CharField(
        label=_("Villkor: när frågan gäller (frivilligt)"),
        required=False,
        max_length=1000,
        help_text=_(
            "Lämna tomt om frågan alltid gäller. Exempel: ${beviljad_insats} = 'ja' betyder att "
            "frågan bara besvaras när insats har beviljats."
        ),
    )
    role = forms.ChoiceField(
        label=_("Roll i analysen"),
        choices=list(ROLE_LABELS.items()),
        help_text=_("Bestämmer hur variabeln används när skillnader mellan könen prövas."),
    )
    occasions = forms.MultipleChoiceField(
        label=_("Mäts vid"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Markera de tillfällen då frågan ställs. Ingen markering betyder alla."),
    )

    def __init__(self, *args: Any, codebook: Codebook, variable: Variable | None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.codebook = codebook
        self.fields["occasions"].choices = [(c.code, c.label) for c in codebook.occasions]
        if variable is not None:
            self._fit_to(variable)
        if not codebook.occasions:
            del self.fields["occasions"]

    def _fit_to(self, variable: Variable) -> None:
        self.initial.update(
            label=variable.label,
            description=variable.description,
            categories=format_categories(variable.categories),
            required=variable.required,
            relevant=variable.relevant or "",
            role=variable.role.value,
            occasions=list(variable.occasions) or [c.code for c in self.codebook.occasions],
        )
        if variable.type not in EDITABLE_OPTIONS:
            del self.fields["categories"]
        if is_system(variable.key):  # the product relies on what these are
            for name in ("role", "relevant", "occasions"):
                self.fields.pop(name, None)

    def clean_categories(self) -> tuple[Category, ...]:
        return parse_categories(self.cleaned_data["categories"])

    def clean_relevant(self) -> str:
        rule: str = self.cleaned_data["relevant"].strip()
        if not rule:
            return rule
        try:
            names = parse_relevance(rule).names
        except RelevanceError as error:
            raise ValidationError(str(error)) from None
        unknown = sorted(name for name in names if name not in self.codebook)
        if unknown:
            raise ValidationError(
                _("Villkoret nämner %(names)s, som inte finns i kodboken.")
                % {"names": ", ".join(f"${{{name}}}" for name in unknown)}
            )
        return rule

    def edited(self, variable: Variable) -> Variable:
        """*variable* with the form's values (fields not on the form stay as they were)."""
        data = self.cleaned_data
        changes: dict[str, Any] = {
            "label": data["label"].strip(),
            "description": data["description"].strip(),
            "required": data["required"],
        }
        if "categories" in self.fields:
            changes["categories"] = data["categories"]
        if "relevant" in self.fields:
            changes["relevant"] = data["relevant"] or None
        if "role" in self.fields:
            changes["role"] = Role(data["role"])
        if "occasions" in self.fields:
            every = [c.code for c in self.codebook.occasions]
            chosen = [code for code in every if code in data["occasions"]]
            changes["occasions"] = () if len(chosen) == len(every) else tuple(chosen)
        return dataclasses.replace(variable, **changes)


class NewVariableForm(VariableForm):
    """A new variable: also its key (made from the question if left empty) and its type."""

    key = forms.CharField(
        label=_("Kortnamn (frivilligt)"),
        required=False,
        max_length=60,
        help_text=_(
            "Blir kolumnrubrik i Excel-mallen och kan inte ändras senare. Bokstäverna a–z, "
            "siffror och understreck, t.ex. skolgang. Lämna tomt så skapas det från frågan."
        ),
    )
    type = forms.ChoiceField(
        label=_("Typ av svar"),
        choices=[(t.value, label) for t, label in TYPE_LABELS.items() if t in NEW_TYPES],
        help_text=_("Svarsalternativ behövs bara för ”ett” eller ”flera” svarsalternativ."),
    )
    field_order = ("key", "label", "type", "categories")

    def __init__(self, *args: Any, codebook: Codebook, **kwargs: Any) -> None:
        super().__init__(*args, codebook=codebook, variable=None, **kwargs)
        # No default: the role decides how the analysis uses the question, so it is a choice.
        roles = [(r, label) for r, label in ROLE_LABELS.items() if r is not Role.IDENTITY]
        self.fields["role"].choices = [("", _("Välj roll")), *roles]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        key = cleaned.get("key", "").strip() or self._key_from(cleaned.get("label", ""))
        if key and not KEY_PATTERN.match(key):
            self.add_error(
                "key",
                _(
                    "Kortnamnet får bara innehålla bokstäverna a–z, siffror och understreck "
                    "och får inte börja med en siffra."
                ),
            )
        elif key in self.codebook:
            self.add_error(
                "key", _("Det finns redan en variabel med kortnamnet ”%(key)s”.") % {"key": key}
            )
        cleaned["key"] = key
        if cleaned.get("type") in EDITABLE_OPTIONS and cleaned.get("categories") == ():
            self.add_error("categories", _("Skriv minst ett svarsalternativ."))
        return cleaned

    def _key_from(self, label: str) -> str:
        base = slug(label)[:40].strip("_") or "variabel"
        base = f"v_{base}" if base[0].isdigit() else base
        return unique_code(base, (v.key for v in self.codebook.variables))

    def new_variable(self) -> Variable:
        key, kind = self.cleaned_data["key"], VariableType(self.cleaned_data["type"])
        options = kind in EDITABLE_OPTIONS
        variable = self.edited(
            Variable(key, "", kind, Role.BACKGROUND, list_name=key if options else None)
        )
        # Other types take no options; yes/no gets its own fixed ones back.
        return variable if options else dataclasses.replace(variable, categories=())


@dataclasses.dataclass(frozen=True)
class VariableRow:
    """A variable as the editor's list shows it, in Swedish words."""

    variable: Variable
    type_label: str | Promise
    role_label: str | Promise
    occasions: str
    system: bool


def variable_rows(codebook: Codebook) -> list[VariableRow]:
    return [describe(v, codebook) for v in codebook]


def describe(variable: Variable, codebook: Codebook) -> VariableRow:
    names = {c.code: c.label for c in codebook.occasions}
    return VariableRow(
        variable,
        TYPE_LABELS[variable.type],
        ROLE_LABELS[variable.role],
        ", ".join(names.get(o, o) for o in variable.occasions) or str(_("Alla tillfällen")),
        is_system(variable.key),
    )
