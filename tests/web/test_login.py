"""Log-in, lock-out, log-out, password change and session lifetime."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from isu.web.accounts.lockout import MAX_FAILURES
from isu.web.accounts.models import LoginFailure
from isu.web.middleware import LOGIN_TIME_KEY

from .conftest import PASSWORD

LOCKED = "För många misslyckade inloggningar"


def log_in(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_log_in_works_and_lands_on_the_start_page(client, personas):
    response = client.post(
        reverse("login"), {"username": "rut.registrerare", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain == [(reverse("start"), 302)]
    assert "<h1>Start</h1>" in response.text
    assert "Barn och unga" in response.text


def test_a_wrong_password_gives_a_swedish_message_and_no_session(client, personas):
    response = log_in(client, "rut.registrerare", "fel")
    assert response.status_code == 200
    assert "Ange ett korrekt användarnamn och lösenord" in response.text
    assert SESSION_KEY not in client.session


def test_the_login_form_links_its_error_to_the_inputs(client, personas):
    response = log_in(client, "rut.registrerare", "fel")
    assert 'role="alert"' in response.text
    assert 'for="id_username"' in response.text
    assert 'for="id_password"' in response.text


def test_five_wrong_passwords_lock_the_account_even_for_the_right_password(client, personas):
    for _ in range(MAX_FAILURES):
        log_in(client, "rut.registrerare", "fel")
    response = log_in(client, "rut.registrerare", PASSWORD)
    assert LOCKED in response.text
    assert "15 minuter" in response.text
    assert SESSION_KEY not in client.session


def test_four_wrong_passwords_do_not_lock_the_account(client, personas):
    for _ in range(MAX_FAILURES - 1):
        log_in(client, "rut.registrerare", "fel")
    assert log_in(client, "rut.registrerare").status_code == 302


def test_the_lock_opens_after_fifteen_minutes(client, personas):
    for _ in range(MAX_FAILURES):
        log_in(client, "rut.registrerare", "fel")
    LoginFailure.objects.update(at=F("at") - timedelta(minutes=15, seconds=1))
    assert log_in(client, "rut.registrerare").status_code == 302


def test_attempts_while_locked_do_not_extend_the_lock(client, personas):
    for _ in range(MAX_FAILURES):
        log_in(client, "rut.registrerare", "fel")
    log_in(client, "rut.registrerare", "fel")
    assert LoginFailure.objects.count() == MAX_FAILURES


def test_the_lock_applies_to_unknown_user_names_too(client, db):
    for _ in range(MAX_FAILURES):
        log_in(client, "finns.inte", "fel")
    assert LOCKED in log_in(client, "finns.inte", "fel").text


def test_attempted_user_names_are_not_stored_in_plain_text(client, db):
    log_in(client, "mitt-lösenord-av-misstag", "fel")
    stored = LoginFailure.objects.get()
    assert "mitt" not in stored.username_hash


def test_the_lock_is_per_user_name(client, personas):
    for _ in range(MAX_FAILURES):
        log_in(client, "rut.registrerare", "fel")
    assert log_in(client, "anna.analytiker").status_code == 302


def test_a_successful_log_in_forgets_earlier_failures(client, personas):
    for _ in range(MAX_FAILURES - 1):
        log_in(client, "rut.registrerare", "fel")
    log_in(client, "rut.registrerare")
    assert LoginFailure.objects.count() == 0


def test_the_session_cookie_is_http_only_same_site_and_ends_with_the_browser(client, personas):
    response = log_in(client, "rut.registrerare")
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""


def test_a_session_lasts_eight_hours_at_most(settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_a_session_older_than_eight_hours_is_logged_out(client, personas):
    log_in(client, "rut.registrerare")
    session = client.session
    session[LOGIN_TIME_KEY] = (timezone.now() - timedelta(hours=8, minutes=1)).timestamp()
    session.save()
    response = client.get(reverse("start"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert "har loggats ut" in response.text
    assert SESSION_KEY not in client.session


def test_a_session_younger_than_eight_hours_stays(client, personas):
    log_in(client, "rut.registrerare")
    session = client.session
    session[LOGIN_TIME_KEY] = (timezone.now() - timedelta(hours=7, minutes=59)).timestamp()
    session.save()
    assert client.get(reverse("start")).status_code == 200


def test_log_out_ends_the_session(login_as, personas):
    client = login_as(personas.registrar)
    response = client.post(reverse("logout"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert "Du är utloggad" in response.text
    assert client.get(reverse("start")).status_code == 302


def test_anonymous_visitors_are_sent_to_the_log_in_page(client, db):
    response = client.get(reverse("start"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_user_can_change_the_password(login_as, personas):
    client = login_as(personas.registrar)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "ett-nytt-bra-lösen",
            "new_password2": "ett-nytt-bra-lösen",
        },
        follow=True,
    )
    assert "Ditt lösenord är bytt" in response.text
    personas.registrar.refresh_from_db()
    assert personas.registrar.check_password("ett-nytt-bra-lösen")


def test_a_weak_new_password_is_refused_in_swedish(login_as, personas):
    client = login_as(personas.registrar)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert "aria-invalid" in response.text
    assert "Lösenordet är för kort" in response.text or "för vanligt" in response.text
