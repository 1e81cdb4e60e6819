"""The appendix tables of the Analysstöd as codebook variables.

Every variable and answer option of Table 1 (decisions on interventions) and Table 2
(participation) in *Analysstöd: stöd för att inkludera jämställdhet och jämlikhet i analys av
resultaten från ISU* (SKR 2024, bilaga), worded as in the source.
"""

from __future__ import annotations

from isu.codebook.model import Role, Variable, VariableType, categories

T = VariableType

ACCOMMODATION_OPTIONS = categories(
    ("ja", "Ja"),
    ("nej_behovdes", "Nej men skulle ha behövts"),
    ("nej_behovdes_ej", "Nej behövdes ej"),
)


def table_1_decision(occasion: str) -> list[Variable]:
    """Tabell 1: skillnader i beslut om insats är omotiverade om de inte förklaras av …"""
    at = (occasion,)
    decided = "${beslut_insats} = 'ja'"
    return [
        # 1. Skillnader i brukarens behov
        Variable(
            "utsatthet",
            "Vilken utsatthet har framkommit under utredningen?",
            T.SELECT_MULTIPLE,
            Role.NEED_CRITERION,
            description="Vad som framkommit i utredningen om barnets problematik eller utsatthet. Flera val möjliga.",
            categories=categories(
                ("bristande_omsorg", "Bristande omsorg"),
                ("vald_mot_barn", "Våld mot barn"),
                ("upplevt_vald", "Upplevt våld"),
                ("missbruk", "Missbruk"),
                ("annan", "Annan utsatthet"),
                ("ingen", "Ingen utsatthet har framkommit"),
            ),
            list_name="utsatthet",
            required=True,
            occasions=at,
        ),
        Variable(
            "risk",
            "Hur bedöms risken att barnet far illa?",
            T.SELECT_ONE,
            Role.NEED_CRITERION,
            description="Bedömning av risk att fara illa enligt BBIC eller motsvarande.",
            categories=categories(
                ("inte_kant", "Inte känt"),
                ("lag", "Låg risk"),
                ("forhojd", "Förhöjd risk"),
                ("hog", "Hög risk"),
            ),
            list_name="risk",
            required=True,
            occasions=at,
            ordered=True,
        ),
        Variable(
            "behov_av_stod",
            "Bedömer socialtjänsten att det finns behov av stöd från socialtjänsten?",
            T.YES_NO,
            Role.NEED_CRITERION,
            description="Socialtjänstens bedömning av behov av stöd.",
            required=True,
            occasions=at,
        ),
        # 2. Att behovet kan och ska tillgodoses på annat sätt
        Variable(
            "tillgodoses_natverk",
            "Kan brukarens behov tillgodoses av nätverk?",
            T.YES_NO,
            Role.MET_OTHERWISE,
            description="Bedöms brukaren kunna få tillräckligt stöd från sitt nätverk?",
            occasions=at,
        ),
        Variable(
            "tillgodoses_anhorig",
            "Kan brukarens behov tillgodoses av anhörig?",
            T.YES_NO,
            Role.MET_OTHERWISE,
            description="Bedöms brukaren kunna få tillräckligt stöd från en anhörig?",
            occasions=at,
        ),
        Variable(
            "tillgodoses_annan_verksamhet",
            "Bör brukarens behov tillgodoses av annan verksamhet?",
            T.YES_NO,
            Role.MET_OTHERWISE,
            description=(
                "Annan verksamhet inom socialtjänsten eller annan huvudman, t.ex. hälso- och "
                "sjukvård eller skola."
            ),
            occasions=at,
        ),
        # 3. Skillnader i samtycke eller inställning hos brukaren eller vårdnadshavare
        Variable(
            "onskar_stod",
            "Önskar brukaren få det stöd som föreslås?",
            T.YES_NO,
            Role.CONSENT,
            description="Brukarens önskemål om typ och omfattning av stöd.",
            occasions=at,
        ),
        Variable(
            "onskemal_tillvaratagna",
            "Har brukarens önskemål om insats tagits tillvara?",
            T.SELECT_ONE,
            Role.CONSENT,
            categories=categories(("ja", "Ja"), ("nej", "Nej"), ("ej_aktuellt", "Ej aktuellt")),
            list_name="ja_nej_ej_aktuellt",
            occasions=at,
        ),
        Variable(
            "samtycke",
            "Finns samtycke från vårdnadshavare/barn över 15 år?",
            T.SELECT_ONE,
            Role.CONSENT,
            description="Vårdnadshavares och barn över 15 års samtycke till insats.",
            categories=categories(
                ("barn_over_15", "Samtycke finns från barn över 15 år"),
                ("samtliga_vh", "Samtycke finns från samtliga vårdnadshavare"),
                ("saknas_en_vh", "Samtycke saknas från en vårdnadshavare"),
                ("saknas_ej_lvu", "Samtycke saknas, ej skäl för LVU"),
                ("saknas_uppfoljning", "Samtycke saknas, behov av uppföljning inom 4 månader"),
                ("saknas_lvu", "Samtycke saknas, skäl för LVU"),
                ("ej_tillforlitligt_lvu", "Samtycke ej tillförlitligt, skäl för LVU"),
            ),
            list_name="samtycke",
            occasions=at,
        ),
        # The decision the criteria are applied to.
        Variable(
            "beslut_insats",
            "Beviljades insats?",
            T.YES_NO,
            Role.INTERVENTION,
            description="Fattades beslut om att bevilja barnet eller familjen insats?",
            required=True,
            occasions=at,
        ),
        Variable(
            "insatstyp",
            "Vilken eller vilka insatser beviljades?",
            T.SELECT_MULTIPLE,
            Role.INTERVENTION,
            description="Flera val möjliga.",
            categories=categories(
                ("oppenvard", "Öppenvårdsinsats"),
                ("kontaktperson", "Kontaktperson eller kontaktfamilj"),
                ("familjebehandling", "Familjebehandling"),
                ("familjehem", "Placering i familjehem"),
                ("hvb", "Placering i HVB"),
                ("annan", "Annan insats"),
            ),
            list_name="insatstyp",
            relevant=decided,
            required=True,
            occasions=at,
        ),
    ]


def table_2_participation(occasion: str) -> list[Variable]:
    """Tabell 2: skillnader i delaktighet är omotiverade om de inte förklaras av …"""
    at = (occasion,)
    return [
        # The participation the criteria are applied to.
        Variable(
            "samtal_genomfort",
            "Har samtal med barnet genomförts i utredningen?",
            T.YES_NO,
            Role.PARTICIPATION,
            description="Barnets delaktighet: har barnet fått komma till tals i utredningssamtal?",
            required=True,
            occasions=at,
        ),
        Variable(
            "barnets_asikt_dokumenterad",
            "Har barnets åsikter om insatsen dokumenterats?",
            T.YES_NO,
            Role.PARTICIPATION,
            occasions=at,
        ),
        # 1. Skillnader i brukarens önskemål att vara delaktig i utredningen
        Variable(
            "tillfragad_delta",
            "Har brukaren/barnet tillfrågats om att delta i utredningssamtal?",
            T.YES_NO,
            Role.PARTICIPATION_WISH,
            occasions=at,
        ),
        Variable(
            "velat_delta",
            "Har brukaren/barnet velat delta i utredningen?",
            T.YES_NO,
            Role.PARTICIPATION_WISH,
            relevant="${tillfragad_delta} = 'ja'",
            occasions=at,
        ),
        # 2. Skillnader i samtycke eller inställning hos brukaren eller vårdnadshavare
        Variable(
            "samtal_planerat",
            "Har samtal med barn planerats?",
            T.YES_NO,
            Role.CONSENT,
            occasions=at,
        ),
        Variable(
            "vh_hindrat",
            "Har vårdnadshavare hindrat barnet från att medverka i utredningen?",
            T.YES_NO,
            Role.CONSENT,
            occasions=at,
        ),
        Variable(
            "samtal_mot_vh_vilja",
            "Har samtal med barn genomförts mot vårdnadshavares vilja/utan vårdnadshavares kännedom?",
            T.YES_NO,
            Role.CONSENT,
            occasions=at,
        ),
        # 3. Funktionsnedsättning eller bristande språkkunskaper trots kommunens anpassningar
        Variable(
            "kommunikationsstod_funktion",
            "Har kommunikationsstöd använts i samtal med brukaren/barnet/vårdnadshavare pga funktionsnedsättning?",
            T.SELECT_ONE,
            Role.ACCOMMODATION,
            description="T.ex. samtal med bildstöd eller anpassad samtalslängd.",
            categories=ACCOMMODATION_OPTIONS,
            list_name="anpassning",
            occasions=at,
        ),
        Variable(
            "kommunikationsstod_alder",
            "Har kommunikationsstöd använts i samtal med barnet pga låg ålder?",
            T.SELECT_ONE,
            Role.ACCOMMODATION,
            categories=ACCOMMODATION_OPTIONS,
            list_name="anpassning",
            occasions=at,
        ),
        Variable(
            "tolk",
            "Har tolk använts i samtal med brukaren/barnet/vårdnadshavare?",
            T.SELECT_ONE,
            Role.ACCOMMODATION,
            categories=ACCOMMODATION_OPTIONS,
            list_name="anpassning",
            occasions=at,
        ),
    ]
