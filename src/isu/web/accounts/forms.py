"""Forms for log-in and for administrators managing their organisation's units and users."""

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from isu.web.accounts.lockout import is_locked
from isu.web.accounts.models import Membership, Organisation, Role, Unit

LOCKED_MESSAGE = _(
    "För många misslyckade inloggningar. Av säkerhetsskäl är kontot spärrat i 15 minuter. "
    "Försök igen senare."
)


class LockoutMessageMixin:
    """Tells the user that the account is locked instead of 'wrong password'."""

    cleaned_data: dict[str, Any]

    def clean(self) -> dict[str, Any]:
        try:
            cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
            return cleaned
        except ValidationError:
            username = self.cleaned_data.get("username")
            if username and is_locked(username):
                raise ValidationError(LOCKED_MESSAGE, code="locked") from None
            raise


class LockingAuthenticationForm(LockoutMessageMixin, AuthenticationForm):
    """The log-in form of the application."""


class LockingAdminAuthenticationForm(LockoutMessageMixin, AdminAuthenticationForm):
    """The log-in form of Django's admin (superusers only)."""


class UnitForm(forms.ModelForm):  # type: ignore[type-arg]
    """Create a unit in an organisation; names are unique within the organisation."""

    class Meta:
        model = Unit
        fields = ("name",)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if Unit.objects.filter(organisation=self.instance.organisation, name__iexact=name).exists():
            raise ValidationError(_("Det finns redan en verksamhet med det namnet."))
        return name


class AddMemberForm(forms.Form):
    """Give a user a role in a unit, creating the user when the name is new."""

    username = forms.CharField(
        label=_("Användarnamn"),
        max_length=150,
        help_text=_("Till exempel förnamn.efternamn. Bokstäver, siffror och @ . + - _"),
    )
    first_name = forms.CharField(label=_("Förnamn"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Efternamn"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-postadress"), required=False)
    role = forms.ChoiceField(label=_("Roll"), choices=Role.choices)

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"].strip()
        get_user_model().username_validator(username)
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            return username
        if user.memberships.filter(unit=self.unit).exists():
            raise ValidationError(_("Användaren har redan en roll i den här verksamheten."))
        if not user.memberships.filter(unit__organisation=self.unit.organisation).exists():
            # The name belongs to someone outside the organisation: do not hand them access.
            raise ValidationError(_("Användarnamnet är upptaget. Välj ett annat."))
        return username


class RoleForm(forms.ModelForm):  # type: ignore[type-arg]
    """Change a member's role in a unit."""

    class Meta:
        model = Membership
        fields = ("role",)
