"""The kinds of events the audit log records (no models here, so the package can import it)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    LOGIN = "login", _("Inloggning")
    LOGIN_FAILED = "login_failed", _("Misslyckad inloggning")
    LOGOUT = "logout", _("Utloggning")
    RECORD_VIEW = "record_view", _("Visade uppgifter")
    RECORD_EDIT = "record_edit", _("Ändrade uppgifter")
    IMPORT = "import", _("Import")
    EXPORT = "export", _("Export")
    USER_CHANGE = "user_change", _("Ändrad användare eller behörighet")
    FOLLOWUP_CHANGE = "followup_change", _("Ändrad uppföljning")


OBJECT_TYPE_LABELS = {
    "user": _("användare"),
    "unit": _("verksamhet"),
    "membership": _("roll i verksamhet"),
    "followup": _("uppföljning"),
    "record": _("post"),
    "import": _("import"),
    "analysis": _("analys"),
    "comparison": _("regional jämförelse"),
}
"""Swedish names of ``AuditEvent.object_type`` values; later apps add theirs here."""
