"""Regional comparisons: creating one, uploading packages, removing them, and who may."""

import io
import zipfile

import pytest
from django.urls import reverse

from isu.web.audit.models import AuditEvent
from isu.web.region.forms import MAX_PACKAGE_BYTES
from isu.web.region.models import Comparison, ComparisonPackage


def upload(client, comparison, files):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("region:packages", args=[comparison.pk]),
        {"filer": [SimpleUploadedFile(name, data) for name, data in files.items()]},
        follow=True,
    )


@pytest.fixture
def comparison(region_personas):
    return Comparison.objects.create(
        organisation=region_personas["organisation"], title="Barn och unga 2025"
    )


def tampered(data: bytes) -> bytes:
    """The package with one count changed but its old checksum kept."""
    source = zipfile.ZipFile(io.BytesIO(data))
    content = source.read("paket.jsonl").replace(b'"antal":[', b'"antal":[9', 1)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        out.writestr("paket.jsonl", content)
        out.writestr("sha256.txt", source.read("sha256.txt"))
    return buffer.getvalue()


def test_a_regional_analyst_creates_a_comparison(region_personas, login_as):
    client = login_as(region_personas["analyst"])
    response = client.post(
        reverse("region:list"),
        {"titel": "Barn 2025", "organisation": region_personas["organisation"].pk},
    )
    comparison = Comparison.objects.get()
    assert response.url == reverse("region:packages", args=[comparison.pk])
    assert comparison.organisation == region_personas["organisation"]
    assert (
        "Barn 2025"
        in login_as(region_personas["analyst"]).get(reverse("region:list")).content.decode()
    )


def test_the_navigation_offers_regional_comparison_to_analysts_only(personas, login_as):
    assert "Regional jämförelse" in login_as(personas.analyst).get("/").content.decode()
    assert "Regional jämförelse" not in login_as(personas.registrar).get("/").content.decode()


def test_uploaded_packages_are_stored_with_municipality_period_and_checksum(
    comparison, region_personas, login_as, package_files
):
    response = upload(login_as(region_personas["analyst"]), comparison, package_files)
    assert response.status_code == 200
    stored = ComparisonPackage.objects.filter(comparison=comparison)
    assert sorted(p.municipality for p in stored) == sorted(
        ["Ale", "Alingsås", "Bengtsfors", "Bollebygd", "Borås", "Dals-Ed", "Demo kommun", "Essunga"]
    )
    ale = stored.get(municipality="Ale")
    assert (ale.period, ale.template, len(ale.checksum)) == ("2025", "barn_och_unga", 64)
    assert AuditEvent.objects.filter(action="import", object_type="comparison").count() == 8
    assert "8 paket har sparats." in response.content.decode()


def test_refused_files_are_listed_with_the_librarys_message_and_the_rest_stored(
    comparison, region_personas, login_as, package_files
):
    client = login_as(region_personas["analyst"])
    upload(client, comparison, {"ale.zip": package_files["ale.zip"]})
    files = {
        "ale-igen.zip": package_files["ale.zip"],
        "andrad.zip": tampered(package_files["boras.zip"]),
        "lista.csv": b"kommun;andel\nAle;3\n",
        "falsk.zip": b"inte en zip",
        "essunga.zip": package_files["essunga.zip"],
    }
    page = upload(client, comparison, files).content.decode()
    assert "ale-igen.zip: Ale 2025 finns redan i ale.zip" in page
    assert "andrad.zip: kontrollsumman stämmer inte" in page
    assert "lista.csv: filen är inget regionpaket" in page
    assert "falsk.zip: filen är inget regionpaket" in page
    assert sorted(comparison.packages.values_list("municipality", flat=True)) == ["Ale", "Essunga"]


def test_a_too_large_file_is_refused_before_it_is_read(comparison, region_personas, login_as):
    page = upload(
        login_as(region_personas["analyst"]),
        comparison,
        {"stor.zip": b"PK\x03\x04" + b"0" * MAX_PACKAGE_BYTES},
    ).content.decode()
    assert "stor.zip: filen är för stor" in page
    assert not comparison.packages.exists()


def test_a_package_can_be_removed_and_it_is_logged(
    comparison, region_personas, login_as, package_files
):
    client = login_as(region_personas["analyst"])
    upload(client, comparison, {"ale.zip": package_files["ale.zip"]})
    package = comparison.packages.get()
    response = client.post(reverse("region:package_remove", args=[comparison.pk, package.pk]))
    assert response.status_code == 302
    assert not comparison.packages.exists()
    assert AuditEvent.objects.filter(detail__borttaget_paket="ale.zip").exists()


@pytest.mark.parametrize("name", ["comparison", "packages", "export"])
def test_users_of_other_organisations_get_404_and_registrars_403(
    name, comparison, region_personas, personas, login_as, package_files
):
    upload(login_as(region_personas["analyst"]), comparison, {"ale.zip": package_files["ale.zip"]})
    args = [comparison.pk, "region.json"] if name == "export" else [comparison.pk]
    url = reverse(f"region:{name}", args=args)
    assert login_as(personas.analyst).get(url).status_code == 404
    assert login_as(personas.outsider).get(url).status_code == 404
    assert login_as(region_personas["registrar"]).get(url).status_code == 403
    missing = reverse(f"region:{name}", args=[comparison.pk + 100, *args[1:]])
    assert login_as(region_personas["analyst"]).get(missing).status_code == 404


def test_removing_another_organisations_package_is_404(
    comparison, region_personas, personas, login_as, package_files
):
    upload(login_as(region_personas["analyst"]), comparison, {"ale.zip": package_files["ale.zip"]})
    package = comparison.packages.get()
    url = reverse("region:package_remove", args=[comparison.pk, package.pk])
    assert login_as(personas.admin).post(url).status_code == 404
    assert login_as(region_personas["registrar"]).post(url).status_code == 403
    assert comparison.packages.exists()


def test_a_registrar_only_user_gets_403_on_the_list(personas, login_as):
    assert login_as(personas.registrar).get(reverse("region:list")).status_code == 403


def test_anonymous_users_are_sent_to_log_in(comparison, client):
    assert client.get(reverse("region:comparison", args=[comparison.pk])).status_code == 302
