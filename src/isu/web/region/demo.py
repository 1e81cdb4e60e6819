"""The demo region: a region organisation with a regional analyst, and regional comparisons.

``isu serve --demo`` adds the organisation «Demo region» (kind region) with the unit «Regional
analys» and the user ``region`` (analyst), and a comparison filled with the demo packages that
ship with ISU (:func:`isu.region.demo.shipped_demo_packages`: seven synthetic municipalities
and «Demo kommun», whose package holds the figures of the demo follow-up). The region shares
the comparison with «Demo kommun», so its analyst sees «Är det lika hos oss?». Idempotent: a
repeated start only gives the user a new password.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from isu.region.demo import shipped_demo_packages
from isu.web.accounts.members import generate_password
from isu.web.accounts.models import Membership, Organisation, Role, Unit
from isu.web.region.models import Comparison

DEMO_REGION = "Demo region"
DEMO_REGION_UNIT = "Regional analys"
DEMO_REGION_USER = "region"
DEMO_COMPARISON = "Beslut om insats för barn och unga 2025 (demo)"


@transaction.atomic
def create_demo_region(municipality: Organisation) -> dict[str, Any]:
    """Create (or find) the demo region, its analyst and the comparison shared with
    *municipality*; reset the password.

    Returns ``{"organisation", "user", "password", "comparison"}``.
    """
    region, _created = Organisation.objects.get_or_create(
        name=DEMO_REGION, defaults={"kind": Organisation.Kind.REGION}
    )
    unit, _created = Unit.objects.get_or_create(organisation=region, name=DEMO_REGION_UNIT)
    analyst, _created = get_user_model().objects.get_or_create(username=DEMO_REGION_USER)
    password = generate_password()
    analyst.set_password(password)
    analyst.save(update_fields=["password"])
    Membership.objects.update_or_create(user=analyst, unit=unit, defaults={"role": Role.ANALYST})
    comparison = _comparison(region, analyst)
    comparison.shared_with.add(municipality)
    return {"organisation": region, "user": analyst, "password": password, "comparison": comparison}


def _comparison(organisation: Organisation, user: Any) -> Comparison:
    existing = Comparison.objects.filter(organisation=organisation, title=DEMO_COMPARISON).first()
    if existing is not None:
        return existing
    comparison = Comparison.objects.create(
        organisation=organisation, title=DEMO_COMPARISON, created_by=user
    )
    files = [(path.name, path.read_bytes()) for path in shipped_demo_packages()]
    added = comparison.add_files(files, user)
    if added.refused:  # the shipped set is checked by the tests; this would be a packaging bug
        raise RuntimeError("; ".join(added.refused))
    return comparison
