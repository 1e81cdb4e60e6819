"""Files the web app keeps in its data directory (staged imports, error reports, built reports):
readable by the server's user only, and never seen half-written."""

import os
from pathlib import Path


def write_private(path: Path, content: bytes) -> None:
    """Write *content* to *path* (mode 0600, its directory 0700) under a temporary name first."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = path.with_name(f".{path.name}.part")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(content)
    partial.replace(path)
