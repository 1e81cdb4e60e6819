"""Identity and background variables that every template carries.

"Tänk alltid kön, men aldrig bara kön" (Analysstöd, SKR 2024): legal sex is always there, and
combined with age, birth country, residence, income and education level.
"""

from __future__ import annotations

from isu.codebook.model import (
    AGE,
    CLIENT_ID,
    GENDER_IDENTITY,
    LEGAL_SEX,
    OCCASION,
    PERSONNUMMER,
    Category,
    Role,
    Variable,
    VariableType,
    categories,
)
from isu.identity import Audience, default_gender_identity_options

T = VariableType


def identity_and_background(audience: Audience, occasions: tuple[Category, ...]) -> list[Variable]:
    children = audience is Audience.CHILDREN
    return [
        Variable(
            PERSONNUMMER,
            "Personnummer",
            T.PERSONNUMMER,
            Role.IDENTITY,
            description=(
                "ÅÅÅÅMMDD-NNNN eller samordningsnummer. Omvandlas direkt till pseudonym, "
                "juridiskt kön och ålder och sparas aldrig."
            ),
        ),
        Variable(
            CLIENT_ID,
            "Klientnummer",
            T.TEXT,
            Role.IDENTITY,
            description=(
                "Verksamhetens eget löpnummer för personer utan personnummer, så att "
                "uppföljningen kan kopplas till första tillfället. Sparas endast som pseudonym."
            ),
        ),
        Variable(
            OCCASION,
            "Tillfälle",
            T.SELECT_ONE,
            Role.ADMINISTRATIVE,
            description="Vid vilket tillfälle uppgifterna samlades in.",
            categories=occasions,
            list_name="tillfalle",
            required=True,
        ),
        Variable(
            "datum",
            "Datum för tillfället",
            T.DATE,
            Role.ADMINISTRATIVE,
            description="Datum för beslut respektive uppföljning. Ålder räknas vid detta datum.",
            required=True,
        ),
        Variable(
            LEGAL_SEX,
            "Juridiskt kön",
            T.SELECT_ONE,
            Role.BACKGROUND,
            description=(
                "Framgår av personnumret. Fyll bara i om personnummer saknas; uppgiften tas då "
                "från verksamhetens dokumentation."
            ),
            categories=categories(("kvinna", "Flicka"), ("man", "Pojke"))
            if children
            else categories(("kvinna", "Kvinna"), ("man", "Man")),
            list_name="juridiskt_kon",
        ),
        Variable(
            GENDER_IDENTITY,
            "Könsidentitet",
            T.SELECT_ONE,
            Role.BACKGROUND,
            description=(
                "Frivillig. Det kön personen själv identifierar sig som. Känslig personuppgift: "
                "visas bara sammanställd."
            ),
            categories=categories(*default_gender_identity_options(audience)),
            list_name="konsidentitet",
            sensitive=True,
        ),
        Variable(
            AGE,
            "Ålder",
            T.INTEGER,
            Role.BACKGROUND,
            description="Räknas fram ur personnumret. Fyll bara i om personnummer saknas.",
        ),
        Variable(
            "fodelseland",
            "Födelseland",
            T.SELECT_ONE,
            Role.BACKGROUND,
            description="Grupperat födelseland" + (" för barnet." if children else "."),
            categories=categories(
                ("sverige", "Sverige"),
                ("norden", "Norden utom Sverige"),
                ("europa", "Europa utom Norden"),
                ("utanfor_europa", "Utanför Europa"),
            ),
            list_name="fodelseland",
        ),
        Variable(
            "bostadsomrade",
            "Bostadsområde",
            T.SELECT_ONE,
            Role.BACKGROUND,
            description="Var personen bor. Anpassa alternativen till kommunens områden.",
            categories=categories(
                ("centralort", "Centralorten"),
                ("tatort", "Annan tätort"),
                ("landsbygd", "Landsbygd"),
            ),
            list_name="bostadsomrade",
        ),
        Variable(
            "inkomstniva",
            "Inkomstnivå",
            T.SELECT_ONE,
            Role.BACKGROUND,
            description="Hushållets inkomstnivå." if children else "Personens inkomstnivå.",
            categories=categories(
                ("lag", "Låg"), ("medel", "Medel"), ("hog", "Hög"), ("okand", "Okänd")
            ),
            list_name="inkomstniva",
            ordered=True,
        ),
        Variable(
            "utbildningsniva",
            "Utbildningsnivå" + (" (vårdnadshavare)" if children else ""),
            T.SELECT_ONE,
            Role.BACKGROUND,
            description=(
                "Högsta utbildningsnivå hos vårdnadshavare."
                if children
                else "Personens högsta utbildningsnivå."
            ),
            categories=categories(
                ("forgymnasial", "Förgymnasial"),
                ("gymnasial", "Gymnasial"),
                ("eftergymnasial", "Eftergymnasial"),
                ("okand", "Okänd"),
            ),
            list_name="utbildningsniva",
            ordered=True,
        ),
    ]
