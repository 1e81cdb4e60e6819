"""A region shares a comparison with the municipalities whose packages it holds: their analysts
read it, opened on «Är det lika hos oss?» for themselves, and download it; they change nothing,
and nobody else reaches it."""

import pytest
from django.urls import reverse

from isu.web.audit.models import AuditEvent
from isu.web.region.models import Comparison


@pytest.fixture
def ale(personas):
    """The municipal personas' organisation, named as one of the demo packages."""
    personas.organisation.name = "Ale"
    personas.organisation.save()
    return personas.organisation


def share(client, comparison, organisations):
    return client.post(
        reverse("region:sharing", args=[comparison.pk]),
        {"kommuner": [o.pk for o in organisations]},
        follow=True,
    )


def test_the_packages_page_offers_the_municipalities_of_the_packages_only(
    filled, region_personas, personas, ale, login_as
):
    page = login_as(region_personas["analyst"]).get(reverse("region:packages", args=[filled.pk]))
    html = page.content.decode()
    assert "Dela med kommunerna" in html
    assert f'value="{ale.pk}"' in html
    assert f'value="{personas.other_organisation.pk}"' not in html  # «Grannkommun»: no package


def test_a_shared_municipality_reads_the_comparison_as_its_own(
    filled, region_personas, personas, ale, login_as
):
    response = share(login_as(region_personas["analyst"]), filled, [ale])
    assert "Jämförelsen är delad med Ale." in response.content.decode()
    assert list(filled.shared_with.all()) == [ale]
    assert AuditEvent.objects.filter(detail__delad_med=["Ale"]).exists()

    client = login_as(personas.analyst)
    listing = client.get(reverse("region:list")).content.decode()
    assert "Delade med er" in listing and filled.title in listing
    assert reverse("region:packages", args=[filled.pk]) not in listing
    page = client.get(reverse("region:comparison", args=[filled.pk])).content.decode()
    assert "Är det lika hos oss? Ale mot övriga regionen" in page
    assert "Delad med er av Testregion." in page
    assert "Lägg till referensvärden" not in page
    assert reverse("region:packages", args=[filled.pk]) not in page
    download = client.get(reverse("region:export", args=[filled.pk, "region.xlsx"]))
    assert download.status_code == 200
    assert AuditEvent.objects.filter(user=personas.analyst, detail__format="xlsx").exists()


def test_a_shared_municipality_changes_nothing(
    filled, region_personas, personas, ale, login_as, package_files
):
    share(login_as(region_personas["analyst"]), filled, [ale])
    package = filled.packages.first()
    client = login_as(personas.analyst)
    assert client.get(reverse("region:packages", args=[filled.pk])).status_code == 403
    assert (
        client.post(reverse("region:package_remove", args=[filled.pk, package.pk])).status_code
        == 403
    )
    assert client.post(reverse("region:reference_add", args=[filled.pk])).status_code == 403
    assert share(client, filled, []).status_code == 403
    assert filled.packages.count() == len(package_files)
    assert list(filled.shared_with.all()) == [ale]


def test_only_analysts_of_the_shared_municipality_read_it(
    filled, region_personas, personas, ale, login_as
):
    share(login_as(region_personas["analyst"]), filled, [ale])
    url = reverse("region:comparison", args=[filled.pk])
    assert login_as(personas.admin).get(url).status_code == 200
    assert login_as(personas.registrar).get(url).status_code == 403
    assert login_as(personas.outsider).get(url).status_code == 404


def test_a_municipality_without_a_package_cannot_be_shared_with(
    filled, region_personas, personas, ale, login_as
):
    response = share(login_as(region_personas["analyst"]), filled, [personas.other_organisation])
    assert "kan bara delas med kommuner vars paket finns i den" in response.content.decode()
    assert not filled.shared_with.exists()
    url = reverse("region:comparison", args=[filled.pk])
    assert login_as(personas.outsider).get(url).status_code == 404


def test_withdrawing_the_share_closes_the_comparison_again(
    filled, region_personas, personas, ale, login_as
):
    region = login_as(region_personas["analyst"])
    share(region, filled, [ale])
    response = share(region, filled, [])
    assert "Jämförelsen är inte delad med någon kommun." in response.content.decode()
    url = reverse("region:comparison", args=[filled.pk])
    assert login_as(personas.analyst).get(url).status_code == 404
    assert AuditEvent.objects.filter(detail__delad_med=[]).exists()


def test_the_regions_registrar_cannot_share(filled, region_personas, ale, login_as):
    assert share(login_as(region_personas["registrar"]), filled, [ale]).status_code == 403
    assert not filled.shared_with.exists()


def test_a_share_outlives_the_removal_of_the_package_and_can_be_withdrawn(
    filled, region_personas, personas, ale, login_as
):
    region = login_as(region_personas["analyst"])
    share(region, filled, [ale])
    package = filled.packages.get(municipality="Ale")
    region.post(reverse("region:package_remove", args=[filled.pk, package.pk]))
    assert ale in Comparison.objects.get(pk=filled.pk).share_candidates()
    share(region, filled, [])
    assert not filled.shared_with.exists()
