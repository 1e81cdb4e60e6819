"""Models and migrations never drift apart."""

from django.core.management import call_command


def test_there_are_no_missing_migrations(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
