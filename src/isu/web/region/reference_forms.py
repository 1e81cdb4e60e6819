"""The upload of reference figures (a CSV of shares by sex) for the indicator being compared.

The file is checked for size and type before it is parsed, and then read by the library
(:func:`isu.region.reference.reference_from_bytes`), whose Swedish messages name the row and
the problem.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from isu.region.reference import Reference, ReferenceFileError, reference_from_bytes

MAX_REFERENCE_BYTES = 1024 * 1024  # a table of areas, periods and sexes: a few KB


class ReferenceForm(forms.Form):
    fil = forms.FileField(
        label=gettext_lazy("Referensvärden (CSV)"),
        help_text=gettext_lazy(
            "Kolumnerna område, kön och värde (i procent), gärna period. «..» och «-» betyder "
            "att uppgift saknas. Till exempel en tabell från Kolada."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.content = b""
        self.reference: Reference | None = None

    def clean_fil(self) -> Any:
        upload = self.cleaned_data["fil"]
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(_("Välj en CSV-fil (.csv)."))
        if upload.size > MAX_REFERENCE_BYTES:
            raise forms.ValidationError(_("Filen är för stor för en tabell med referensvärden."))
        self.content = upload.read()
        try:
            self.reference = reference_from_bytes(self.content, upload.name)
        except ReferenceFileError as error:
            raise forms.ValidationError(str(error)) from None
        if not self.reference.values:
            raise forms.ValidationError(_("Filen har inga rader med referensvärden."))
        return upload
