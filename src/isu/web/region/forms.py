"""Forms of the regional comparison: a new comparison, the package upload, a package export."""

import datetime
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from isu.ingest.reading import ZIP_MAGIC
from isu.web.accounts.models import Organisation
from isu.web.redact import redact

MAX_PACKAGE_BYTES = 10 * 1024 * 1024  # a package of 600 children is about 20 KB
MAX_FILES = 400  # Sweden has 290 municipalities; settings.DATA_UPLOAD_MAX_NUMBER_FILES matches


class ComparisonForm(forms.Form):
    titel = forms.CharField(
        label=gettext_lazy("Namn på jämförelsen"),
        max_length=200,
        help_text=gettext_lazy("Till exempel «Beslut om insats för barn och unga 2025»."),
    )
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
        if len(organisations) == 1:
            field.initial = organisations[0].pk
            field.widget = forms.HiddenInput()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    filer = MultipleFileField(
        label=gettext_lazy("Paketfiler (.zip)"),
        widget=MultipleFileInput(attrs={"accept": ".zip,application/zip", "multiple": True}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["filer"].help_text = _(
            "Välj en eller flera paketfiler som kommunerna har exporterat ur ISU, högst {count} "
            "filer och {limit} MB per fil."
        ).format(count=MAX_FILES, limit=MAX_PACKAGE_BYTES // 1024 // 1024)

    def clean_filer(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data["filer"]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(
                _("Välj högst {count} filer åt gången.").format(count=MAX_FILES)
            )
        return files


class UploadRefused(ValueError):
    """A file refused before parsing; the message is Swedish and names the file."""


def screen(upload: UploadedFile) -> tuple[str, bytes]:
    """The file's name and bytes if its size, name and first bytes say it is a package."""
    name = redact(Path(upload.name or "").name) or _("(namnlös fil)")
    if (upload.size or 0) > MAX_PACKAGE_BYTES:
        raise UploadRefused(
            _("{file}: filen är för stor ({size} MB); ett regionpaket är högst {limit} MB.").format(
                file=name,
                size=f"{(upload.size or 0) / 1024 / 1024:.1f}".replace(".", ","),
                limit=MAX_PACKAGE_BYTES // 1024 // 1024,
            )
        )
    content = upload.read()
    if Path(name).suffix.lower() != ".zip" or not content.startswith(ZIP_MAGIC):
        raise UploadRefused(
            _(
                "{file}: filen är inget regionpaket. Ett regionpaket är en .zip-fil som "
                "exporteras ur ISU."
            ).format(file=name)
        )
    return name, content


ALL_YEARS = "alla"


class PackageExportForm(forms.Form):
    """Which records go into the package: one year of the records' dates, or all of them.

    The period is what the region compares like with like by, so it is chosen from the years
    the records have, not typed: a package labelled 2025 holds the records dated 2025.
    """

    period = forms.ChoiceField(
        label=gettext_lazy("Period"),
        help_text=gettext_lazy(
            "Poster med datum det valda året, eller alla poster. Regionen jämför kommunernas "
            "paket för samma period."
        ),
    )

    def __init__(self, *args: Any, years: Sequence[int], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        field = self.fields["period"]
        assert isinstance(field, forms.ChoiceField)
        choices = [(str(year), str(year)) for year in sorted(years, reverse=True)]
        if years:
            span = f"{min(years)}–{max(years)}" if len(years) > 1 else str(years[0])
            choices.append((ALL_YEARS, _("Alla poster ({span})").format(span=span)))
        field.choices = choices
        latest_full = [y for y in years if y < datetime.date.today().year]
        field.initial = str(max(latest_full)) if latest_full else (choices[0][0] if choices else "")

    def label(self) -> str:
        """The period as the package names it: the year, or the span of years."""
        chosen = self.cleaned_data["period"]
        if chosen != ALL_YEARS:
            return str(chosen)
        field = self.fields["period"]
        assert isinstance(field, forms.ChoiceField)
        years = [int(value) for value, _label in field.choices if value != ALL_YEARS]
        return f"{min(years)}–{max(years)}" if len(years) > 1 else str(years[0])
