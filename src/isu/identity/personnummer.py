"""Parse one Swedish personnummer into the facts ISU needs, without keeping the number.

The number itself is only ever an input: callers keep the legal sex, birth date, age and a keyed
pseudonym (see :mod:`isu.identity.pseudonym`). Errors and ``repr`` therefore never echo the
number; they use :func:`mask`.

Rules implemented (as described by Skatteverket):

* Written forms: ``YYYYMMDD-NNNC``, ``YYYYMMDDNNNC``, ``YYMMDD-NNNC``, ``YYMMDDNNNC`` and
  ``YYMMDD+NNNC``, with surrounding whitespace. In the 12-digit form a ``-`` or ``+`` is
  accepted and ignored, since the century is already written out.
* ``C`` is a Luhn check digit over the 10 digits ``YYMMDDNNN``.
* The third serial digit is odd for men and even for women (legal sex).
* A samordningsnummer (coordination number) writes the day plus 60.
* A 10-digit number gets the century that makes the person younger than 100 at the reference
  date; a ``+`` separator means 100 or older, so one more century back.
* Birth years before 1800 are rejected as impossible dates: no living person or register
  entry has one, so such a value is a typing error (and it keeps dates inside the range that
  pandas' nanosecond timestamps can hold).
"""

import datetime
import re
from dataclasses import dataclass
from enum import StrEnum

from stdnum import luhn

from isu.i18n import _, ngettext

__all__ = [
    "EARLIEST_BIRTH_YEAR",
    "SAMORDNING_DAY_OFFSET",
    "LegalSex",
    "Personnummer",
    "PersonnummerError",
    "age_at",
    "mask",
    "parse_personnummer",
]

EARLIEST_BIRTH_YEAR = 1800
"""Birth years before this are treated as impossible dates (typing errors)."""

SAMORDNING_DAY_OFFSET = 60
"""A samordningsnummer writes the birth day plus this."""

_ALLOWED_CHARACTERS = frozenset("0123456789-+")
# ASCII digits only: `\d` would also accept e.g. Arabic-Indic digits.
_STRUCTURE = re.compile(r"(?P<date>[0-9]{6}|[0-9]{8})(?P<sep>[-+]?)(?P<tail>[0-9]{4})")


class PersonnummerError(ValueError):
    """A personnummer that cannot be used, with a Swedish message that never shows the number.

    ``reason`` is a stable English code for programs: ``'empty'``, ``'characters'``,
    ``'length'``, ``'date'``, ``'checksum'`` or ``'future'``. ``str(err)`` is the message for
    the user.
    """

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message

    def __reduce__(self) -> tuple[type["PersonnummerError"], tuple[str, str]]:
        # Keep both arguments when the error crosses a process boundary (e.g. multiprocessing).
        return (type(self), (self.reason, self.message))


class LegalSex(StrEnum):
    """Legal sex as registered in the personnummer (Folkbokföringen)."""

    KVINNA = "kvinna"
    MAN = "man"


@dataclass(frozen=True, repr=False)
class Personnummer:
    """A validated personnummer.

    ``normalized`` is 12 digits without separator, with the day exactly as written (a
    samordningsnummer keeps day + 60), which is the input for pseudonyms. ``repr`` and ``str``
    show only the mask so the number does not leak into logs or tracebacks.
    """

    normalized: str
    birth_date: datetime.date
    legal_sex: LegalSex
    is_samordningsnummer: bool

    def age_at(self, reference_date: datetime.date) -> int:
        """Completed years at *reference_date* (see :func:`age_at`)."""
        return age_at(self.birth_date, reference_date)

    def __repr__(self) -> str:
        return (
            f"Personnummer({mask(self.normalized)!r}, legal_sex={self.legal_sex.value!r}, "
            f"is_samordningsnummer={self.is_samordningsnummer})"
        )

    def __str__(self) -> str:
        return mask(self.normalized)


def age_at(birth_date: datetime.date, reference_date: datetime.date) -> int:
    """Completed years between *birth_date* and *reference_date*.

    Someone born on 29 February reaches a new age on 1 March in non-leap years (the birthday
    has not been reached on 28 February), which is how Swedish law counts it. Raises
    ``ValueError`` when the reference date is before the birth date.
    """
    if reference_date < birth_date:
        raise ValueError("reference_date is before birth_date")
    before_birthday = (reference_date.month, reference_date.day) < (
        birth_date.month,
        birth_date.day,
    )
    return reference_date.year - birth_date.year - int(before_birthday)


def mask(text: str) -> str:
    """Hide the identifying part of a (possibly invalid) personnummer for logs and messages.

    A well-formed value keeps the birth year and month only: ``19121212-1212`` and
    ``191212121212`` become ``191212**-****``, ``121212-1212`` becomes ``1212**-****`` and
    ``121212+1212`` becomes ``1212**+****``. Anything else keeps at most its first four
    characters (and never more than half of them) and stars the rest, keeping the length, so a
    garbled number cannot reveal a whole birth date.
    """
    stripped = text.strip()
    match = _STRUCTURE.fullmatch(stripped)
    if match is not None:
        date_part = match["date"]
        sep = match["sep"] if len(date_part) == 6 and match["sep"] else "-"
        return f"{date_part[:-2]}**{sep}****"
    keep = min(4, len(stripped) // 2)
    return stripped[:keep] + "*" * (len(stripped) - keep)


def parse_personnummer(text: str, *, reference_date: datetime.date | None = None) -> Personnummer:
    """Validate *text* and return the facts it encodes.

    *reference_date* (default: today) decides the century of a 10-digit number and rejects
    12-digit numbers born after it. Raises :class:`PersonnummerError`.
    """
    reference = reference_date if reference_date is not None else datetime.date.today()
    stripped = text.strip()
    if not stripped:
        raise PersonnummerError("empty", _("Personnummer saknas."))
    if not set(stripped) <= _ALLOWED_CHARACTERS:
        raise PersonnummerError(
            "characters",
            _(
                "Personnumret innehåller otillåtna tecken. "
                "Endast siffror och - eller + är tillåtna."
            ),
        )
    digit_count = sum(ch.isdigit() for ch in stripped)
    if digit_count not in (10, 12):
        raise PersonnummerError(
            "length",
            ngettext(
                "Personnumret har fel längd: %(n)d siffra. "
                "Ange 10 eller 12 siffror, t.ex. ÅÅÅÅMMDD-NNNN.",
                "Personnumret har fel längd: %(n)d siffror. "
                "Ange 10 eller 12 siffror, t.ex. ÅÅÅÅMMDD-NNNN.",
                digit_count,
            )
            % {"n": digit_count},
        )
    match = _STRUCTURE.fullmatch(stripped)
    if match is None:
        raise PersonnummerError(
            "characters",
            _(
                "I personnumret får bindestreck eller plustecken bara stå före de fyra sista "
                "siffrorna, t.ex. ÅÅÅÅMMDD-NNNN."
            ),
        )
    return _from_parts(match["date"], match["sep"], match["tail"], reference)


def _from_parts(date_part: str, sep: str, tail: str, reference: datetime.date) -> Personnummer:
    """Check date, checksum and century for a structurally valid number."""
    short = date_part[-6:]
    month = int(short[2:4])
    written_day = int(short[4:6])
    if not 1 <= month <= 12:
        raise _date_error(_("månad %(month)d") % {"month": month})
    is_samordning = written_day > SAMORDNING_DAY_OFFSET
    day = written_day - SAMORDNING_DAY_OFFSET if is_samordning else written_day
    if not 1 <= day <= 31:
        raise _date_error(_("dag %(day)d") % {"day": written_day})

    if len(date_part) == 8:
        year = int(date_part[:4])
    else:
        year = _resolve_century(int(short[:2]), month, day, plus=sep == "+", reference=reference)
    if year < EARLIEST_BIRTH_YEAR:
        raise _date_error(_("år %(year)04d") % {"year": year})
    try:
        birth_date = datetime.date(year, month, day)
    except ValueError:
        if month == 2 and day == 29:
            raise _date_error(_("29 februari ett år som inte är skottår")) from None
        detail = _("dag %(day)d i %(month)s") % {"day": day, "month": _month_name(month)}
        raise _date_error(detail) from None

    if not luhn.is_valid(short + tail):
        raise PersonnummerError(
            "checksum",
            _(
                "Personnumrets kontrollsiffra stämmer inte. "
                "Kontrollera att siffrorna är rätt inskrivna."
            ),
        )
    if birth_date > reference:
        raise PersonnummerError(
            "future", _("Födelsedatumet i personnumret ligger efter referensdatumet.")
        )
    legal_sex = LegalSex.MAN if int(tail[2]) % 2 else LegalSex.KVINNA
    return Personnummer(
        normalized=f"{year:04d}{short[2:]}{tail}",
        birth_date=birth_date,
        legal_sex=legal_sex,
        is_samordningsnummer=is_samordning,
    )


def _resolve_century(
    two_digit_year: int, month: int, day: int, *, plus: bool, reference: datetime.date
) -> int:
    """Full birth year for a 10-digit number.

    The latest year ending in *two_digit_year* whose (month, day) is not after *reference*
    makes the person younger than 100; ``+`` goes one century further back. Comparing tuples
    rather than dates keeps this defined for impossible days such as 29 February.
    """
    year = reference.year // 100 * 100 + two_digit_year
    if (year, month, day) > (reference.year, reference.month, reference.day):
        year -= 100
    if plus:
        year -= 100
    return year


def _date_error(detail: str) -> PersonnummerError:
    return PersonnummerError(
        "date",
        _("Personnumret innehåller ett omöjligt datum (%(detail)s).") % {"detail": detail},
    )


def _month_name(month: int) -> str:
    names = (
        _("januari"),
        _("februari"),
        _("mars"),
        _("april"),
        _("maj"),
        _("juni"),
        _("juli"),
        _("augusti"),
        _("september"),
        _("oktober"),
        _("november"),
        _("december"),
    )
    return names[month - 1]
