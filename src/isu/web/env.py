"""Tiny typed helpers that read settings from the environment.

Settings come from the environment so that one code base serves a laptop demo (nothing set,
SQLite in ``./isu-data``) and a municipal server (PostgreSQL, HTTPS) alike. Each helper fails
loudly on a value it cannot read, instead of silently falling back to an insecure default.
"""

import os
import secrets
import string
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_SECRET_ALPHABET = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"


def env_str(name: str, default: str = "") -> str:
    """The variable's value with surrounding blanks removed, or *default* when unset."""
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    """``1/true/yes/on`` or ``0/false/no/off``; anything else is a configuration error."""
    value = os.environ.get(name)
    if value is None:
        return default
    if value.strip().lower() in _TRUE:
        return True
    if value.strip().lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be 1 or 0, got {value!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list, blanks dropped; *default* when unset or empty."""
    items = [item.strip() for item in os.environ.get(name, "").split(",")]
    return [item for item in items if item] or default


def env_path(name: str, default: str) -> Path:
    """An absolute path; relative values are taken from the current directory."""
    return Path(env_str(name, default) or default).expanduser().resolve()


def load_or_create_secret_key(path: Path) -> str:
    """Read the secret key from *path*, creating it (mode 0600) on first use.

    Generating the key once and keeping it means sessions survive a restart without the
    operator having to invent a secret. The key is written to a temporary file and then
    hard-linked into place, so two processes starting at once never see a half-written key:
    the loser of the race simply reads the winner's key.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = "".join(secrets.choice(_SECRET_ALPHABET) for _ in range(64))
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as file:
            file.write(key)
        try:
            path.hardlink_to(temporary)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    return path.read_text(encoding="ascii").strip()
