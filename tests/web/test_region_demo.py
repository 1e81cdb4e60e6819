"""The demo region of `isu serve --demo`: a regional analyst and comparisons of demo packages."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from isu.region import check_region, read_package
from isu.region.demo import DEMO_MUNICIPALITY, demo_set, shipped_demo_packages, slug
from isu.web.accounts.models import Organisation
from isu.web.demo import create_demo_organisation
from isu.web.region.demo import DEMO_REGION_USER, create_demo_region
from isu.web.region.models import Comparison


def test_the_shipped_demo_packages_are_the_demo_set_and_load(db):
    paths = shipped_demo_packages()
    assert sorted(p.stem for p in paths) == sorted(slug(m.name) for m in demo_set())
    region = check_region([read_package(p) for p in paths])
    assert DEMO_MUNICIPALITY.name in region.municipalities


def test_the_demo_region_has_an_analyst_and_a_filled_comparison(db, login_as):
    demo = create_demo_organisation()
    region = create_demo_region(demo["organisation"])
    assert region["organisation"].kind == Organisation.Kind.REGION
    assert region["user"].check_password(region["password"])
    comparison = region["comparison"]
    assert comparison.packages.count() == 8
    html = login_as(region["user"]).get(reverse("region:comparison", args=[comparison.pk]))
    assert "Trattdiagram" in html.content.decode()


def test_the_region_shares_the_demo_comparison_with_the_demo_municipality(db, login_as):
    demo = create_demo_organisation()
    region = create_demo_region(demo["organisation"])
    client = login_as(demo["users"]["analytiker"])
    listing = client.get(reverse("region:list")).content.decode()
    assert "Delade med er" in listing and region["comparison"].title in listing
    page = client.get(reverse("region:comparison", args=[region["comparison"].pk]))
    assert "Är det lika hos oss? Demo kommun mot övriga regionen" in page.content.decode()


def test_creating_the_demo_region_twice_changes_only_the_password(db):
    demo = create_demo_organisation()
    first = create_demo_region(demo["organisation"])
    second = create_demo_region(demo["organisation"])
    assert Comparison.objects.count() == 1
    assert list(second["comparison"].shared_with.all()) == [demo["organisation"]]
    assert get_user_model().objects.filter(username=DEMO_REGION_USER).count() == 1
    assert first["password"] != second["password"]
