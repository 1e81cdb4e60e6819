"""Keyed pseudonyms, so records about one person link up without storing the personnummer.

A pseudonym is HMAC-SHA-256 of the normalised 12-digit number under a secret key. A plain hash
would not do: there are only a few hundred million possible personnummer, so anyone could hash
them all and reverse the table. With a key they cannot, as long as the key stays secret.

Why the key lives outside the database: a stolen database (or export) alone cannot be linked
back to people, because re-computing pseudonyms needs the key. Why the key must be kept: the
same key gives the same pseudonym, which is what links a baseline measurement to its follow-up
months later. Losing the key breaks that link for all future imports; back it up separately from
the database.

Pseudonyms are the first 20 hex characters (80 bits) of the HMAC. By the birthday bound, the
probability that any two of n people collide is about n² / 2⁸¹; for n = 10⁷ (more than everyone
in Sweden) that is about 4·10⁻¹¹, so shorter identifiers cost nothing in practice.
"""

import hmac
import os
import re
import secrets
import stat
from pathlib import Path

import numpy as np
import pandas as pd

from isu.i18n import _

__all__ = [
    "KEY_ENV_VAR",
    "KEY_FILE_ENV_VAR",
    "PSEUDONYM_LENGTH",
    "PseudonymKeyError",
    "default_key_path",
    "load_or_create_key",
    "pseudonym",
    "pseudonym_for_client_id",
    "pseudonymise_column",
]

KEY_ENV_VAR = "ISU_PSEUDONYM_KEY"
KEY_FILE_ENV_VAR = "ISU_PSEUDONYM_KEY_FILE"
PSEUDONYM_LENGTH = 20
"""Hex characters kept from the HMAC (80 bits)."""

KEY_BYTES = 32
MIN_KEY_BYTES = 16
_CLIENT_ID_PREFIX = "klientnummer:"
_NORMALIZED = re.compile(r"[0-9]{12}")
_HEX_KEY = re.compile(f"[0-9a-fA-F]{{{2 * KEY_BYTES}}}")


class PseudonymKeyError(RuntimeError):
    """The pseudonym key is missing, malformed or not protected; the message is Swedish."""


def pseudonym(key: bytes, normalized: str) -> str:
    """Pseudonym for a normalised personnummer (12 digits, no separator).

    Requiring the normalised form means every written form of the number gives the same
    pseudonym; parse with :func:`~isu.identity.personnummer.parse_personnummer` first.
    """
    if _NORMALIZED.fullmatch(normalized) is None:
        raise ValueError("pseudonym() needs a normalised personnummer: 12 digits, no separator")
    return _digest(key, normalized)


def pseudonym_for_client_id(key: bytes, client_id: str) -> str:
    """Pseudonym for a client without personnummer, from a local case or client number.

    The input is prefixed with ``"klientnummer:"``, which contains letters, so it can never
    equal a 12-digit personnummer input and the two kinds of pseudonym cannot collide by
    construction.
    """
    stripped = client_id.strip()
    if not stripped:
        raise ValueError("client_id is empty")
    return _digest(key, _CLIENT_ID_PREFIX + stripped)


def pseudonymise_column(key: bytes, normalized: pd.Series) -> pd.Series:
    """Pseudonyms for a column of normalised numbers; NA stays NA.

    Each distinct number is hashed once, since follow-up data repeats the same people.
    """
    codes, uniques = pd.factorize(normalized, use_na_sentinel=True)
    distinct = pd.Series(uniques, dtype="str")
    if not distinct.str.fullmatch(r"\d{12}").all():
        raise ValueError("pseudonymise_column() needs normalised personnummer: 12 digits")
    _check_key(key)
    # One keyed HMAC, copied per value: the key schedule is computed once, not per person.
    keyed = hmac.new(key, digestmod="sha256")
    hashed = np.array(
        [_keyed_digest(keyed, value) for value in distinct.tolist()] + [None], dtype=object
    )
    # Code -1 (missing) picks the trailing None.
    result = hashed[codes]
    return pd.Series(
        pd.array(result, dtype=pd.StringDtype("python")),
        index=normalized.index,
        name=normalized.name,
        copy=False,
    )


def _digest(key: bytes, message: str) -> str:
    _check_key(key)
    return _hmac(key, message)


def _check_key(key: bytes) -> None:
    if len(key) < MIN_KEY_BYTES:
        raise ValueError(f"pseudonym key must be at least {MIN_KEY_BYTES} bytes")


def _hmac(key: bytes, message: str) -> str:
    return hmac.digest(key, message.encode("utf-8"), "sha256").hex()[:PSEUDONYM_LENGTH]


def _keyed_digest(keyed: hmac.HMAC, message: str) -> str:
    mac = keyed.copy()
    mac.update(message.encode("utf-8"))
    return mac.hexdigest()[:PSEUDONYM_LENGTH]


def default_key_path() -> Path:
    """``$XDG_CONFIG_HOME/isu/pseudonym.key``, or ``~/.config/isu/pseudonym.key``."""
    config_home = os.environ.get("XDG_CONFIG_HOME", "")
    # The XDG spec says relative values are invalid and must be ignored.
    base = Path(config_home) if Path(config_home).is_absolute() else Path.home() / ".config"
    return base / "isu" / "pseudonym.key"


def load_or_create_key(path: Path | None = None) -> bytes:
    """The secret pseudonym key (32 bytes), created on first use.

    Looked up in this order: the environment variable ``ISU_PSEUDONYM_KEY`` (64 hex
    characters), the file *path*, the file named by ``ISU_PSEUDONYM_KEY_FILE``, and
    :func:`default_key_path`. A missing file is created with 32 random bytes (as hex) and mode
    0600 in a directory created with mode 0700; an existing file readable by group or others is
    refused, since anyone who can read the key can undo the pseudonymisation. (The permission
    check is skipped on Windows, which has no such mode bits.)
    """
    from_env = os.environ.get(KEY_ENV_VAR)
    if from_env is not None:
        return _parse_hex_key(
            from_env,
            _("Miljövariabeln %(name)s måste innehålla exakt 64 hexadecimala tecken (32 byte).")
            % {"name": KEY_ENV_VAR},
        )
    if path is None:
        from_env_file = os.environ.get(KEY_FILE_ENV_VAR)
        path = Path(from_env_file) if from_env_file else default_key_path()
    path = path.expanduser()
    try:
        return _read_key_file(path)
    except FileNotFoundError:
        pass
    try:
        return _create_key_file(path)
    except FileExistsError:
        # Another process created it between our read and create: use theirs.
        return _read_key_file(path)


def _read_key_file(path: Path) -> bytes:
    mode = path.stat().st_mode
    if os.name != "nt" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise PseudonymKeyError(
            _(
                "Nyckelfilen %(path)s får bara vara läsbar för ägaren (chmod 600). "
                "Ändra behörigheterna och försök igen."
            )
            % {"path": path}
        )
    return _parse_hex_key(
        path.read_text(encoding="ascii", errors="replace"),
        _(
            "Nyckelfilen %(path)s är skadad: den ska innehålla exakt 64 hexadecimala tecken. "
            "Återställ den från säkerhetskopian; en ny nyckel ger nya pseudonymer som inte "
            "går att koppla till tidigare data."
        )
        % {"path": path},
    )


def _create_key_file(path: Path) -> bytes:
    key = secrets.token_bytes(KEY_BYTES)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # O_EXCL: never overwrite a key that appeared meanwhile; 0o600 from the first moment.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(descriptor, (key.hex() + "\n").encode("ascii"))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    return key


def _parse_hex_key(text: str, message: str) -> bytes:
    stripped = text.strip()
    if _HEX_KEY.fullmatch(stripped) is None:
        raise PseudonymKeyError(message)
    return bytes.fromhex(stripped)
