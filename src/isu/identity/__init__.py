"""Personnummer in, facts and pseudonyms out: the number itself is never stored.

>>> import datetime
>>> from isu.identity import parse_personnummer, pseudonym
>>> pnr = parse_personnummer(" 19121212-1212 ")
>>> pnr  # repr and str only show a mask
Personnummer('191212**-****', legal_sex='man', is_samordningsnummer=False)
>>> pnr.birth_date, pnr.legal_sex.value, pnr.age_at(datetime.date(2025, 1, 1))
(datetime.date(1912, 12, 12), 'man', 112)
>>> len(pseudonym(b"a secret key of 32 bytes........", pnr.normalized))
20

For imports, :func:`parse_personnummer_column` does the same for a whole pandas column and
:func:`pseudonymise_column` turns the normalised numbers into pseudonyms.
"""

from isu.identity.gender_identity import (
    Audience,
    default_gender_identity_options,
    legal_sex_label,
)
from isu.identity.personnummer import (
    LegalSex,
    Personnummer,
    PersonnummerError,
    age_at,
    mask,
    parse_personnummer,
)
from isu.identity.pseudonym import (
    PseudonymKeyError,
    default_key_path,
    load_or_create_key,
    pseudonym,
    pseudonym_for_client_id,
    pseudonymise_column,
)
from isu.identity.vectorised import ParsedColumn, parse_personnummer_column

__all__ = [
    "Audience",
    "LegalSex",
    "ParsedColumn",
    "Personnummer",
    "PersonnummerError",
    "PseudonymKeyError",
    "age_at",
    "default_gender_identity_options",
    "default_key_path",
    "legal_sex_label",
    "load_or_create_key",
    "mask",
    "parse_personnummer",
    "parse_personnummer_column",
    "pseudonym",
    "pseudonym_for_client_id",
    "pseudonymise_column",
]
