"""Default answer options for gender identity, a separate and optional variable.

Legal sex comes from the personnummer; gender identity is what the person says, asked only
where it is relevant. It is sensitive personal data (GDPR art. 9 may apply), so it is never
derived and never required. Adult and child options share the same codes so that analysis across
areas lines up, while the labels fit the audience.
"""

from enum import StrEnum

from isu.i18n import _
from isu.identity.personnummer import LegalSex

__all__ = ["Audience", "default_gender_identity_options", "legal_sex_label"]


class Audience(StrEnum):
    """Who a form or report is about, which decides the wording of sex and gender labels."""

    ADULTS = "vuxna"
    CHILDREN = "barn"


def default_gender_identity_options(audience: Audience) -> tuple[tuple[str, str], ...]:
    """``(code, Swedish label)`` pairs; the codes are the same for every audience."""
    kvinna, man = _sex_labels(audience)
    return (
        ("kvinna", kvinna),
        ("man", man),
        ("annat", _("Annat")),
        ("vill_inte_svara", _("Vill inte svara")),
    )


def legal_sex_label(sex: LegalSex, audience: Audience) -> str:
    """Kvinna/Man for adults, Flicka/Pojke for children."""
    kvinna, man = _sex_labels(audience)
    return kvinna if sex is LegalSex.KVINNA else man


def _sex_labels(audience: Audience) -> tuple[str, str]:
    if audience is Audience.CHILDREN:
        return _("Flicka"), _("Pojke")
    return _("Kvinna"), _("Man")
