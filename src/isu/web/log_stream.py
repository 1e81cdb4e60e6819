"""A log handler that writes to the standard error stream of the moment.

``logging.StreamHandler`` keeps the stream it was created with. When something replaces
``sys.stderr`` later (pytest's output capture, a process manager that redirects it), log lines
go to the old, possibly closed stream and logging prints "I/O operation on closed file" instead
of the message. Looking the stream up when a line is written avoids that.
"""

import logging
import sys
from typing import TextIO


class CurrentStderrHandler(logging.StreamHandler[TextIO]):
    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, value: object) -> None:
        """The stream is always the current ``sys.stderr``; nothing to keep."""
