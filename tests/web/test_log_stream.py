"""Log lines reach the standard error stream in use when they are written, not the one that
existed when logging was configured (pytest and process managers replace it)."""

import io
import logging

from isu.web.log_stream import CurrentStderrHandler


def test_a_line_goes_to_the_stderr_of_the_moment(monkeypatch):
    handler = CurrentStderrHandler()
    logger = logging.getLogger("isu.test.log_stream")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        before, after = io.StringIO(), io.StringIO()
        monkeypatch.setattr("sys.stderr", before)
        logger.warning("första")
        monkeypatch.setattr("sys.stderr", after)
        before.close()  # as pytest closes the capture of a finished test
        logger.warning("andra")
    finally:
        logger.removeHandler(handler)
    assert after.getvalue() == "andra\n"


def test_the_web_app_logs_through_it(settings):
    handlers = settings.LOGGING["handlers"].values()
    assert all(h["class"] == "isu.web.log_stream.CurrentStderrHandler" for h in handlers)
