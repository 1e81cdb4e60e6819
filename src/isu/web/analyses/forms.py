"""One form per kind of item. Field names are the keys of the analysis file, so a form's
cleaned data is the item's content, and the library's rules (:func:`document.problems`) can say
which field a message belongs to."""

import datetime
from collections.abc import Mapping
from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from isu.report.document import (
    ActionStatus,
    Answer,
    ConclusionStatus,
    DecisionLevel,
    Effect,
    Effort,
    Involvement,
    Need,
    guidance,
)
from isu.report.document.model import Labelled
from isu.web.analyses.document import Part, problems
from isu.web.analyses.models import Analysis, Kind

TEXT = {"rows": 4}


def _choices(kind: type[Labelled], *, blank: str | None = None) -> list[tuple[str, str]]:
    options = [(m.value, m.label) for m in kind]
    return [("", blank), *options] if blank is not None else options


def _text(label: Any, *, required: bool = False, rows: int = 4, help_text: Any = "") -> Any:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _links(label: Any) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, required=False, widget=forms.CheckboxSelectMultiple
    )


class ItemForm(forms.Form):
    """An item's fields, plus the version the user started from (for conflicts)."""

    kind: ClassVar[str]
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        analysis: Analysis,
        key: str = "",
        links: Mapping[str, list[tuple[str, str]]] | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(data, **kwargs)
        self.analysis, self.key = analysis, key
        for name, choices in (links or {}).items():
            if name in self.fields:
                self.fields[name].choices = choices  # type: ignore[attr-defined]
        for name in [n for n, f in self.fields.items() if _is_empty_links(f)]:
            del self.fields[name]  # nothing to link to yet

    def content(self) -> dict[str, Any]:
        """The cleaned data as the item's content (empty values left out)."""
        content: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            if name == "version" or value in (None, "", []):
                continue
            if isinstance(value, datetime.date):
                value = value.isoformat()
            content[name] = value.strip() if isinstance(value, str) else value
        return content

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            part = Part(self.kind, self.key or "ny", self.content())
            for field, message in problems(self.analysis, part):
                self.add_error(field if field in self.fields else None, message)
        return cleaned


def _is_empty_links(field: forms.Field) -> bool:
    return isinstance(field, forms.MultipleChoiceField) and not list(field.choices)


class HeaderForm(ItemForm):
    kind = Kind.HEADER
    titel = forms.CharField(label=_("Titel"), max_length=200)
    fragestallning = _text(_("Frågeställning"), rows=3)
    period = forms.CharField(
        label=_("Period"), required=False, max_length=100, help_text=_("Till exempel 2026.")
    )
    sammanfattning = _text(
        _("Sammanfattning"), help_text=_("Visas först i rapporten. Skriv den sist."), rows=5
    )


class PinForm(ItemForm):
    kind = Kind.PIN
    # What is pinned never changes (a new pin is made from the dashboard): disabled fields keep
    # the stored values whatever is posted.
    typ = forms.CharField(widget=forms.HiddenInput, disabled=True)
    ref = forms.CharField(widget=forms.HiddenInput, disabled=True)
    kommentar = _text(
        _("Kommentar"), help_text=_("Varför vill ni titta närmare på det här?"), rows=3
    )


class ReflectionForm(ItemForm):
    kind = Kind.REFLECTION
    # The step-2 headings name the sources ("2.2 Verksamhet och profession").
    kalla = forms.ChoiceField(
        label=_("Kunskapskälla"),
        choices=[(source.value, guide.heading) for source, guide in guidance.STEP2.items()],
    )
    text = _text(_("Reflektion"), required=True, rows=6)
    iakttagelser = _links(_("Gäller iakttagelserna"))


class BiasForm(ItemForm):
    kind = Kind.BIAS
    stereotyp = _text(_("Utgår vi från en stereotyp bild av kön?"))
    forstarker = _text(_("Gör vi skillnader mellan könen större än de är?"))
    bortser = _text(_("Bortser vi från skillnader som finns?"))
    egen_analys = _text(_("Riskerar vi att upprepa sådan bias i den här analysen?"))


class MythForm(ItemForm):
    kind = Kind.MYTH
    pastaende = _text(_("Vad är det vi tror är speciellt här?"), rows=3)
    belagg = _text(_("Vad skulle visa att det stämmer – och vad visar våra uppgifter?"))
    stods = forms.ChoiceField(
        label=_("Stöds påståendet av uppgifterna?"),
        choices=_choices(Answer, blank="–"),
        required=False,
    )


class ConclusionForm(ItemForm):
    kind = Kind.CONCLUSION
    status = forms.ChoiceField(
        label=_("Kan vi dra en slutsats?"),
        choices=[
            (ConclusionStatus.DRAWN.value, _("Ja, vi drar en slutsats")),
            (
                ConclusionStatus.NOT_YET.value,
                _("Kan inte dra slutsats ännu – detta behöver vi veta"),
            ),
        ],
        widget=forms.RadioSelect,
        initial=ConclusionStatus.DRAWN.value,
    )
    text = _text(_("Slutsats eller hypotes"), required=True, rows=5)
    behover_veta = _text(
        _("Detta behöver vi veta"),
        help_text=_("Måste fyllas i om ni inte kan dra en slutsats ännu."),
        rows=3,
    )
    upprathaller_ojamstalldhet = forms.ChoiceField(
        label=_("Riskerar skillnaderna att upprätthålla ojämställdhet eller ojämlikhet?"),
        choices=_choices(Answer, blank="–"),
        required=False,
    )
    normer = _text(_("Påverkar normer om kön och bakgrund resultatet – hur?"), rows=3)
    behov = forms.MultipleChoiceField(
        label=_("Vad behövs mer?"),
        choices=_choices(Need),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    iakttagelser = _links(_("Bygger på iakttagelserna"))
    reflektioner = _links(_("Bygger på reflektionerna"))


class ActionForm(ItemForm):
    kind = Kind.ACTION
    text = _text(_("Åtgärd"), required=True, rows=4)
    svarar_mot = _links(_("Svarar mot slutsatserna"))
    orsak = forms.CharField(
        label=_("… eller mot orsaken"),
        required=False,
        max_length=500,
        help_text=_("Fyll i om åtgärden inte svarar mot en slutsats ovan."),
    )
    insats = forms.ChoiceField(
        label=_("Insats"), choices=_choices(Effort), widget=forms.RadioSelect
    )
    effekt = forms.ChoiceField(
        label=_("Effekt"), choices=_choices(Effect), widget=forms.RadioSelect
    )
    beslutsniva = forms.ChoiceField(
        label=_("Beslutsnivå"), choices=_choices(DecisionLevel), widget=forms.RadioSelect
    )
    ansvarig = forms.CharField(label=_("Ansvarig"), required=False, max_length=200)
    klart = forms.DateField(
        label=_("Klart senast"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("ÅÅÅÅ-MM-DD"),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=_choices(ActionStatus), initial=ActionStatus.PROPOSED.value
    )


class StakeholderForm(ItemForm):
    kind = Kind.STAKEHOLDER
    namn = forms.CharField(
        label=_("Vem"),
        max_length=200,
        help_text=_("Till exempel personalgruppen, brukarrådet, nämnden."),
    )
    roll = forms.ChoiceField(
        label=_("Involvera eller informera"),
        choices=_choices(Involvement),
        widget=forms.RadioSelect,
        initial=Involvement.INVOLVE.value,
    )
    hur = _text(_("Hur och när"), rows=2)


FORMS: dict[str, type[ItemForm]] = {
    form.kind: form
    for form in (
        HeaderForm,
        PinForm,
        ReflectionForm,
        BiasForm,
        MythForm,
        ConclusionForm,
        ActionForm,
        StakeholderForm,
    )
}
ADDABLE = (Kind.REFLECTION, Kind.CONCLUSION, Kind.ACTION, Kind.STAKEHOLDER)


class NewAnalysisForm(forms.Form):
    titel = forms.CharField(label=_("Titel"), max_length=200)
    fragestallning = _text(_("Frågeställning"), rows=3)
    period = forms.CharField(
        label=_("Period"), required=False, max_length=100, help_text=_("Till exempel 2026.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def header(self) -> dict[str, str]:
        return {k: v.strip() for k, v in self.cleaned_data.items() if v and v.strip()}
