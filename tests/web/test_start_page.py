"""The start page and the navigation."""

from django.urls import reverse

from .conftest import make_user


def test_the_start_page_lists_the_users_units_and_role(login_as, personas):
    response = login_as(personas.admin).get(reverse("start"))
    assert "Barn och unga" in response.text
    assert "Vuxen" in response.text
    assert "Administratör" in response.text
    assert "Socialtjänst" not in response.text


def test_a_user_without_units_sees_a_clear_empty_state(login_as, db):
    response = login_as(make_user("ny.utan.roll")).get(reverse("start"))
    assert "Du har ingen verksamhet ännu" in response.text
    assert "<table" not in response.text


def test_the_page_has_landmarks_a_skip_link_and_the_product_name(login_as, personas):
    html = login_as(personas.registrar).get(reverse("start")).text
    assert '<html lang="sv">' in html
    assert 'href="#main"' in html and '<main id="main"' in html
    assert "<header" in html and "<footer" in html and "<nav" in html
    assert "ISU – jämställd uppföljning" in html


def test_the_navigation_marks_the_current_page(login_as, personas):
    html = login_as(personas.registrar).get(reverse("start")).text
    assert f'<a href="{reverse("start")}" aria-current="page">Start</a>' in html
    assert f'<a href="{reverse("followups:list")}">Uppföljningar</a>' in html


def test_administration_is_in_the_navigation_only_for_administrators(login_as, personas):
    admin_link = reverse("accounts:administration")
    assert admin_link in login_as(personas.admin).get(reverse("start")).text
    assert admin_link not in login_as(personas.analyst).get(reverse("start")).text


def test_log_out_is_a_button_in_a_form(login_as, personas):
    html = login_as(personas.registrar).get(reverse("start")).text
    assert f'action="{reverse("logout")}"' in html
    assert "Logga ut</button>" in html
