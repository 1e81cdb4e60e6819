"""«Regionpaket»: a municipality exports a follow-up's published tables for the region."""

import pytest
from django.urls import reverse

from isu.region import read_package_bytes
from isu.web.audit.models import AuditEvent
from isu.web.followups.models import FollowUp
from isu.web.region.models import Comparison


def url(followup):
    return reverse("region:package_export", args=[followup.pk])


@pytest.fixture
def exported(demo_followup, personas, login_as):
    response = login_as(personas.analyst).post(url(demo_followup))
    assert response.status_code == 200
    return response


def test_an_analyst_downloads_the_package_named_after_the_organisation(exported, demo_followup):
    assert exported["Content-Disposition"] == (
        'attachment; filename="regionpaket-testkommun-2025-2026.zip"'
    )
    package = read_package_bytes(exported.content, "paket.zip")
    assert (package.municipality, package.period) == ("Testkommun", "2025–2026")
    assert package.template == demo_followup.codebook().id


def test_the_export_is_logged_with_the_package_and_its_checksum(exported, demo_followup):
    event = AuditEvent.objects.get(action="export", object_type="followup")
    assert event.detail["paket"] == "regionpaket-testkommun-2025-2026.zip"
    assert len(event.detail["kontrollsumma"].replace(":", "")) == 64
    assert "dolt" not in event.detail["kontrollsumma"]
    assert event.unit == demo_followup.unit


def test_the_exported_package_can_be_compared_by_a_region(exported, region_personas, package_files):
    comparison = Comparison.objects.create(organisation=region_personas["organisation"], title="R")
    files = [("testkommun.zip", exported.content), ("ale.zip", package_files["ale.zip"])]
    added = comparison.add_files(files, region_personas["analyst"])
    assert added.refused == []
    assert added.stored[0].municipality == "Testkommun"


def test_the_export_page_offers_a_period_and_the_dashboard_links_to_it(
    demo_followup, personas, login_as
):
    client = login_as(personas.analyst)
    assert "Ladda ner regionpaketet" in client.get(url(demo_followup)).content.decode()
    dashboard = client.get(reverse("followups:dashboard", args=[demo_followup.pk]))
    assert url(demo_followup) in dashboard.content.decode()


def test_registrars_get_403_and_other_municipalities_404(demo_followup, personas, login_as):
    assert login_as(personas.registrar).post(url(demo_followup)).status_code == 403
    assert login_as(personas.outsider).post(url(demo_followup)).status_code == 404
    assert (
        login_as(personas.analyst)
        .get(reverse("region:package_export", args=[demo_followup.pk + 99]))
        .status_code
        == 404
    )
    assert not AuditEvent.objects.filter(action="export").exists()


def test_a_follow_up_without_records_has_nothing_to_export(personas, login_as, step1_cache):
    followup = FollowUp.objects.create(
        unit=personas.unit_a, title="Tom", question="?", area="annat"
    )
    page = login_as(personas.analyst).get(url(followup)).content.decode()
    assert "inga poster att exportera" in page


def test_the_period_is_the_span_of_the_records_dates_and_every_record_goes_in(
    demo_followup, personas, login_as
):
    """One package per follow-up, of all its records: a package of a subset beside the whole
    would let a region subtract one from the other and recover hidden counts."""
    client = login_as(personas.analyst)
    page = client.get(url(demo_followup)).content.decode()
    assert "<strong>2025–2026</strong>" in page and 'name="period"' not in page
    response = client.post(url(demo_followup))
    package = read_package_bytes(response.content, "paket.zip")
    assert package.period == "2025–2026"
    event = AuditEvent.objects.get(action="export")
    assert event.detail["poster"] == demo_followup.records.count()
