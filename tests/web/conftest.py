"""Shared personas for the web tests.

One organisation (Testkommun) with unit A and unit B; a registrar and an analyst of unit A;
an administrator of both units; and a user of another municipality, who is an administrator
there, so isolation between organisations is tested against someone with real power.
"""

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.test import Client

from isu.web.accounts.models import Membership, Organisation, Role, Unit

PASSWORD = "ett-långt-testlösenord"


@dataclass(frozen=True)
class Personas:
    organisation: Organisation
    unit_a: Unit
    unit_b: Unit
    registrar: User
    analyst: User
    admin: User
    other_organisation: Organisation
    other_unit: Unit
    outsider: User


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 is deliberately slow; the tests only need hashing to work, not to be costly."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_user(username: str, **extra) -> User:
    return get_user_model().objects.create_user(username=username, password=PASSWORD, **extra)


@pytest.fixture
def personas(db) -> Personas:
    organisation = Organisation.objects.create(name="Testkommun", kind=Organisation.Kind.KOMMUN)
    unit_a = Unit.objects.create(organisation=organisation, name="Barn och unga")
    unit_b = Unit.objects.create(organisation=organisation, name="Vuxen")
    registrar = make_user("rut.registrerare", first_name="Rut", last_name="Registrerare")
    analyst = make_user("anna.analytiker", first_name="Anna", last_name="Analytiker")
    admin = make_user("adam.admin", first_name="Adam", last_name="Admin")
    Membership.objects.create(user=registrar, unit=unit_a, role=Role.REGISTRAR)
    Membership.objects.create(user=analyst, unit=unit_a, role=Role.ANALYST)
    Membership.objects.create(user=admin, unit=unit_a, role=Role.ADMINISTRATOR)
    Membership.objects.create(user=admin, unit=unit_b, role=Role.ADMINISTRATOR)
    other_organisation = Organisation.objects.create(name="Grannkommun")
    other_unit = Unit.objects.create(organisation=other_organisation, name="Socialtjänst")
    outsider = make_user("olle.utomstaende")
    Membership.objects.create(user=outsider, unit=other_unit, role=Role.ADMINISTRATOR)
    return Personas(
        organisation,
        unit_a,
        unit_b,
        registrar,
        analyst,
        admin,
        other_organisation,
        other_unit,
        outsider,
    )


@pytest.fixture
def login_as(db):
    """``login_as(user)`` → a test client with *user* logged in (signals and audit included)."""

    def _login(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return _login


_ANALYSED: dict = {}


@pytest.fixture
def step1_cache(settings, tmp_path, monkeypatch):
    """An empty data directory and a fixed pseudonym key; each distinct input is analysed once
    per test process (the demo follow-up's analysis takes seconds)."""
    import hashlib

    import pandas as pd
    from django.core.cache import cache

    from isu.web.followups import analysis_cache

    settings.DATA_DIR = tmp_path / "data"
    monkeypatch.setenv("ISU_PSEUDONYM_KEY", "ab" * 32)
    real = analysis_cache.analyse_records

    def analyse(records, codebook, settings=None, **kwargs):
        digest = hashlib.sha256(pd.util.hash_pandas_object(records, index=False).values.tobytes())
        key = (codebook.fingerprint(), digest.hexdigest(), repr(settings))
        if key not in _ANALYSED:
            _ANALYSED[key] = real(records, codebook, settings, **kwargs)
        return _ANALYSED[key]

    monkeypatch.setattr(analysis_cache, "analyse_records", analyse)
    analysis_cache.clear_memory()
    cache.clear()
    yield
    analysis_cache.clear_memory()
    cache.clear()


@pytest.fixture
def demo_followup(personas, step1_cache):
    """The demo follow-up (60 children) in unit A, with its step-1 result."""
    from isu.web.followups.demo import create_demo_followup

    return create_demo_followup(personas.unit_a, personas.admin, children=60)


@pytest.fixture
def package_files():
    """The demo packages that ship with ISU, as ``{file name: bytes}`` (eight municipalities,
    among them «Demo kommun»)."""
    from isu.region.demo import shipped_demo_packages

    return {path.name: path.read_bytes() for path in shipped_demo_packages()}


@pytest.fixture
def region_personas(personas):
    """A region organisation with an analyst and a registrar, beside the municipal personas."""
    region = Organisation.objects.create(name="Testregion", kind=Organisation.Kind.REGION)
    unit = Unit.objects.create(organisation=region, name="Regional analys")
    analyst = make_user("rita.region")
    registrar = make_user("reza.registrerare")
    Membership.objects.create(user=analyst, unit=unit, role=Role.ANALYST)
    Membership.objects.create(user=registrar, unit=unit, role=Role.REGISTRAR)
    return {"organisation": region, "analyst": analyst, "registrar": registrar}


@pytest.fixture
def filled(region_personas, package_files):
    """A regional comparison holding every demo package."""
    from isu.web.region.models import Comparison

    comparison = Comparison.objects.create(
        organisation=region_personas["organisation"], title="Barn och unga 2025"
    )
    added = comparison.add_files(list(package_files.items()), region_personas["analyst"])
    assert not added.refused
    return comparison
