"""The filter on the audit page (GET parameters, so a filtered view can be bookmarked)."""

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from isu.web.accounts.models import Organisation
from isu.web.audit.actions import Action


class DateInput(forms.DateInput):
    input_type = "date"


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Händelse"), choices=[("", _("Alla händelser")), *Action.choices], required=False
    )
    user = forms.ModelChoiceField(
        label=_("Användare"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("Alla användare"),
    )
    date_from = forms.DateField(label=_("Från och med"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("Till och med"), required=False, widget=DateInput)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = get_user_model().objects.filter(memberships__unit__organisation=organisation)
        self.fields["user"].queryset = members.distinct().order_by("username")  # type: ignore[attr-defined]

    def filter(self, events: QuerySet[Any]) -> QuerySet[Any]:
        """*events* narrowed by the valid filters; invalid ones are shown as errors and ignored."""
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("action"):
            events = events.filter(action=data["action"])
        if data.get("user"):
            events = events.filter(user=data["user"])
        if data.get("date_from"):
            events = events.filter(at__date__gte=data["date_from"])
        if data.get("date_to"):
            events = events.filter(at__date__lte=data["date_to"])
        return events
