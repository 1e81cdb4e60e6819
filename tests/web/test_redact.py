"""No personnummer in logs: the filter masks 10- and 12-digit numbers in every record."""

import logging
import sys

import pytest
from django.conf import settings

from isu.web.redact import MASK, RedactPersonnummerFilter, redact


@pytest.mark.parametrize(
    "text",
    ["19121212-1212", "191212121212", "121212-1212", "1212121212", "121212+1212", "20121212 1212"],
)
def test_every_written_form_of_a_personnummer_is_masked(text):
    assert redact(f"sökte {text}.") == f"sökte {MASK}."


@pytest.mark.parametrize("text", ["2025-03-01", "id 12345", "12345678901234", "år 2024"])
def test_other_numbers_are_left_alone(text):
    assert redact(text) == text


def make_record(msg, *args, exc_info=None):
    return logging.LogRecord("isu", logging.WARNING, __file__, 1, msg, args, exc_info)


def test_the_filter_masks_the_message_and_its_arguments():
    record = make_record("GET /sok?pnr=%s %s", "191212121212", 200)
    assert RedactPersonnummerFilter().filter(record)
    assert record.getMessage() == f"GET /sok?pnr={MASK} 200"


def test_the_filter_masks_exception_text():
    try:
        raise ValueError("ogiltigt personnummer 19121212-1212")
    except ValueError:
        record = make_record("fel", exc_info=sys.exc_info())
    RedactPersonnummerFilter().filter(record)
    assert "1212-1212" not in record.exc_text
    assert MASK in logging.Formatter().format(record)


def test_every_configured_log_handler_masks_personnummer():
    handlers = settings.LOGGING["handlers"]
    assert handlers
    assert all("redact" in handler.get("filters", []) for handler in handlers.values())
    assert not any("mail" in handler["class"].lower() for handler in handlers.values())
