"""Keep personnummer out of logs and audit details.

A personnummer must never be written anywhere at rest (see docs/privacy.md), yet it can reach a
log line by accident: a query string, a form value echoed in an error, an exception message.
Rather than trusting every call site, everything that looks like a Swedish personal identity
number (10 or 12 digits, optionally with ``-`` or ``+`` before the last four) is masked on the
way out. Other long digit runs of the same length (phone numbers, timestamps) are masked too;
that costs little in a log.
"""

import logging
import re
from typing import Any

MASK = "[personnummer dolt]"
_PERSONNUMMER_LIKE = re.compile(r"(?<![0-9])(?:[0-9]{2})?[0-9]{6}[-+ ]?[0-9]{4}(?![0-9])")


def redact(text: str) -> str:
    """*text* with every personnummer-like digit sequence replaced by a mask."""
    return _PERSONNUMMER_LIKE.sub(MASK, text)


def redact_value(value: Any) -> Any:
    """*value* with strings redacted, recursing into lists and dicts (for JSON details)."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {redact(str(k)): redact_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact_value(v) for v in value]
    return value


class RedactPersonnummerFilter(logging.Filter):
    """A logging filter that masks personnummer in the message and any exception text.

    The message is formatted here (``getMessage``) and the arguments dropped, so a number
    passed as an argument is masked as well as one in the format string.
    """

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
