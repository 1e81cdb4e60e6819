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
    region = create_demo_region(demo["organisation"], demo["users"]["analytiker"])
    assert region["organisation"].kind == Organisation.Kind.REGION
    assert region["user"].check_password(region["password"])
    comparison = region["comparisons"]["region"]
    assert comparison.packages.count() == 8
    html = login_as(region["user"]).get(reverse("region:comparison", args=[comparison.pk]))
    assert "Trattdiagram" in html.content.decode()


def test_the_demo_municipalitys_analyst_sees_is_it_the_same_with_us(db, login_as):
    demo = create_demo_organisation()
    region = create_demo_region(demo["organisation"], demo["users"]["analytiker"])
    own = region["comparisons"]["kommun"]
    page = login_as(demo["users"]["analytiker"]).get(reverse("region:comparison", args=[own.pk]))
    assert "Är det lika hos oss? Demo kommun mot övriga regionen" in page.content.decode()


def test_creating_the_demo_region_twice_changes_only_the_password(db):
    demo = create_demo_organisation()
    first = create_demo_region(demo["organisation"], demo["users"]["analytiker"])
    second = create_demo_region(demo["organisation"], demo["users"]["analytiker"])
    assert Comparison.objects.count() == 2
    assert get_user_model().objects.filter(username=DEMO_REGION_USER).count() == 1
    assert first["password"] != second["password"]
