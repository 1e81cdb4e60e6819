"""Forms of the regional comparison: a new comparison, the package upload, sharing, a package
export."""

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


ONLY_OWN_MUNICIPALITIES = gettext_lazy(
    "Jämförelsen kan bara delas med kommuner vars paket finns i den."
)


class ShareForm(forms.Form):
    """The municipalities a comparison is shared with, chosen among its own municipalities that
    have an organisation in this installation; any other id is refused as an invalid choice."""

    kommuner = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Dela med"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": ONLY_OWN_MUNICIPALITIES,
            "invalid_pk_value": ONLY_OWN_MUNICIPALITIES,
        },
    )

    def __init__(self, *args: Any, comparison: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        field = self.fields["kommuner"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        candidates = comparison.share_candidates()
        field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in candidates])
        field.initial = list(comparison.shared_with.values_list("pk", flat=True))


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


def period_of(years: Sequence[int]) -> str:
    """The period a package covers, from the years of its records' dates: «2025», «2024–2026»."""
    if not years:
        return _("okänd period")
    return str(years[0]) if len(set(years)) == 1 else f"{min(years)}–{max(years)}"
