"""Codebooks: what a follow-up measures, and each variable's role in the method.

>>> from isu.codebook import template, Role
>>> codebook = template("barn_beslut")
>>> [v.key for v in codebook.with_role(Role.CONSENT)]
['onskar_stod', 'onskemal_tillvaratagna', 'samtycke']

Codebooks are validated when built (:func:`validate_codebook`) and round-trip through an
XLSForm-style workbook (:func:`write_xlsform`, :func:`read_xlsform`) so they can be designed in
Excel.
"""

from isu.codebook.model import (
    AGE,
    CLIENT_ID,
    GENDER_IDENTITY,
    LEGAL_SEX,
    OCCASION,
    PERSONNUMMER,
    Category,
    Codebook,
    Role,
    Variable,
    VariableType,
)
from isu.codebook.templates import TEMPLATES, template
from isu.codebook.validation import CodebookError, validate_codebook
from isu.codebook.xlsform import read_xlsform, write_xlsform

__all__ = [
    "AGE",
    "CLIENT_ID",
    "GENDER_IDENTITY",
    "LEGAL_SEX",
    "OCCASION",
    "PERSONNUMMER",
    "TEMPLATES",
    "Category",
    "Codebook",
    "CodebookError",
    "Role",
    "Variable",
    "VariableType",
    "read_xlsform",
    "template",
    "validate_codebook",
    "write_xlsform",
]
