"""Ready-made codebooks, each with an example frågeställning.

* ``barn_beslut`` — decisions on interventions in child welfare (the appendix's Table 1), with
  the child's situation, goal attainment and satisfaction at a follow-up after six months.
* ``barn_delaktighet`` — participation in child-welfare investigations (Table 2).
* ``barn_och_unga`` — both together: what the demo data use.
* ``vuxna_insats`` — adults and older people: needs by life area (IBIC), granted intervention
  and its extent in hours, goal attainment and satisfaction.
"""

from __future__ import annotations

from collections.abc import Callable

from isu.codebook._background import identity_and_background
from isu.codebook._criteria_tables import table_1_decision, table_2_participation
from isu.codebook.model import Category, Codebook, Role, Variable, VariableType, categories
from isu.codebook.validation import validate_codebook
from isu.identity import Audience

T = VariableType
TEMPLATE_VERSION = "1"

DECISION = "beslut"
FOLLOW_UP = "uppfoljning_6m"
CHILD_OCCASIONS = categories(
    (DECISION, "Beslut efter utredning"), (FOLLOW_UP, "Uppföljning efter 6 månader")
)
INVESTIGATION_OCCASIONS = categories((DECISION, "Avslutad utredning"))

SITUATION_SCALE = categories(
    ("mycket_dalig", "Mycket dålig"),
    ("dalig", "Dålig"),
    ("varken", "Varken bra eller dålig"),
    ("bra", "Bra"),
    ("mycket_bra", "Mycket bra"),
)
GOAL_SCALE = categories(("helt", "Helt"), ("delvis", "Delvis"), ("inte_alls", "Inte alls"))
SATISFACTION_SCALE = categories(
    ("mycket_missnojd", "Mycket missnöjd"),
    ("ganska_missnojd", "Ganska missnöjd"),
    ("varken", "Varken nöjd eller missnöjd"),
    ("ganska_nojd", "Ganska nöjd"),
    ("mycket_nojd", "Mycket nöjd"),
)


def _results(subject: str) -> list[Variable]:
    """Outcome at both occasions; goal attainment and satisfaction at follow-up.

    The follow-up questions carry no skip rule: a follow-up record holds only what is measured
    at follow-up, so a rule naming the decision (measured at baseline) could never hold there.
    """
    return [
        Variable(
            "situation",
            f"Hur bedöms {subject} situation?",
            T.SELECT_ONE,
            Role.OUTCOME,
            description="Bedöms vid beslut och igen vid uppföljning, så att förändringen kan följas.",
            categories=SITUATION_SCALE,
            list_name="situation",
            required=True,
            ordered=True,
        ),
        Variable(
            "maluppfyllelse",
            "Har de mål som satts upp tillsammans med brukaren uppnåtts?",
            T.SELECT_ONE,
            Role.GOAL_ATTAINMENT,
            categories=GOAL_SCALE,
            list_name="maluppfyllelse",
            occasions=(FOLLOW_UP,),
            ordered=True,
        ),
        Variable(
            "nojdhet",
            "Hur nöjd är brukaren med insatsen?",
            T.SELECT_ONE,
            Role.SATISFACTION,
            description="Brukarens (eller vårdnadshavarens) egen bedömning.",
            categories=SATISFACTION_SCALE,
            list_name="nojdhet",
            occasions=(FOLLOW_UP,),
            ordered=True,
        ),
    ]


def _children(
    id: str, title: str, question: str, occasions: tuple[Category, ...], blocks: list[Variable]
) -> Codebook:
    """A child-welfare codebook: identity and background first, then the template's own."""
    return validate_codebook(
        Codebook(
            id=id,
            title=title,
            version=TEMPLATE_VERSION,
            question=question,
            area="barn_och_unga",
            audience=Audience.CHILDREN.value,
            age_reference="datum",
            variables=tuple(identity_and_background(Audience.CHILDREN, occasions) + blocks),
        )
    )


def barn_beslut() -> Codebook:
    return _children(
        "barn_beslut",
        "Beslut om insats inom den sociala barn- och ungdomsvården",
        "Beviljas flickor och pojkar insatser i samma utsträckning när behoven är lika – "
        "och förbättras deras situation lika mycket efter sex månader?",
        CHILD_OCCASIONS,
        table_1_decision(DECISION) + _results("barnets"),
    )


def barn_delaktighet() -> Codebook:
    return _children(
        "barn_delaktighet",
        "Barns delaktighet i utredningar inom den sociala barn- och ungdomsvården",
        "Är flickor och pojkar – och barn födda i och utanför Sverige – lika delaktiga i "
        "sina utredningar, och förklaras skillnaderna av barnens önskemål, "
        "vårdnadshavarnas inställning eller bristande anpassningar?",
        INVESTIGATION_OCCASIONS,
        table_2_participation(DECISION),
    )


def barn_och_unga() -> Codebook:
    return _children(
        "barn_och_unga",
        "Beslut, delaktighet och resultat inom den sociala barn- och ungdomsvården",
        "Får flickor och pojkar med samma behov samma insatser, är de lika delaktiga i "
        "utredningen, och förbättras deras situation lika mycket?",
        CHILD_OCCASIONS,
        table_1_decision(DECISION) + table_2_participation(DECISION) + _results("barnets"),
    )


IBIC_LIFE_AREAS = categories(
    ("larande", "Lärande och att tillämpa kunskap"),
    ("allmanna_uppgifter", "Allmänna uppgifter och krav"),
    ("kommunikation", "Kommunikation"),
    ("forflyttning", "Förflyttning"),
    ("personlig_vard", "Personlig vård"),
    ("hemliv", "Hemliv"),
    ("relationer", "Mellanmänskliga interaktioner och relationer"),
    ("arbete_ekonomi", "Utbildning, arbete, sysselsättning och ekonomi"),
    ("samhallsgemenskap", "Samhällsgemenskap, socialt och medborgerligt liv"),
)


def vuxna_insats() -> Codebook:
    decided = "${beviljad_insats} = 'ja'"
    adult = [
        Variable(
            "behov_livsomrade",
            "Inom vilka livsområden finns behov?",
            T.SELECT_MULTIPLE,
            Role.NEED,
            description="Livsområden enligt IBIC (Individens behov i centrum). Flera val möjliga.",
            categories=IBIC_LIFE_AREAS,
            list_name="livsomrade",
            required=True,
            occasions=(DECISION,),
        ),
        Variable(
            "behov_av_stod",
            "Bedömer socialtjänsten att det finns behov av stöd?",
            T.YES_NO,
            Role.NEED_CRITERION,
            description="Socialtjänstens bedömning av behov av stöd, t.ex. enligt IBIC.",
            occasions=(DECISION,),
        ),
        Variable(
            "tillgodoses_anhorig",
            "Kan brukarens behov tillgodoses av anhörig?",
            T.YES_NO,
            Role.MET_OTHERWISE,
            occasions=(DECISION,),
        ),
        Variable(
            "onskar_stod",
            "Önskar brukaren få det stöd som föreslås?",
            T.YES_NO,
            Role.CONSENT,
            occasions=(DECISION,),
        ),
        Variable(
            "beviljad_insats",
            "Beviljades insats?",
            T.YES_NO,
            Role.INTERVENTION,
            required=True,
            occasions=(DECISION,),
        ),
        Variable(
            "insatstyp",
            "Vilken eller vilka insatser beviljades?",
            T.SELECT_MULTIPLE,
            Role.INTERVENTION,
            categories=categories(
                ("hemtjanst", "Hemtjänst"),
                ("trygghetslarm", "Trygghetslarm"),
                ("dagverksamhet", "Dagverksamhet"),
                ("korttidsboende", "Korttidsboende"),
                ("sarskilt_boende", "Särskilt boende"),
                ("ledsagning", "Ledsagning"),
                ("annan", "Annan insats"),
            ),
            list_name="insatstyp_vuxna",
            relevant=decided,
            required=True,
            occasions=(DECISION,),
        ),
        Variable(
            "beviljade_timmar",
            "Beviljad omfattning (timmar per månad)",
            T.DECIMAL,
            Role.INTERVENTION,
            description="Beviljade timmar per månad, t.ex. 12,5. Decimalkomma eller decimalpunkt.",
            relevant="selected(${insatstyp}, 'hemtjanst')",
            occasions=(DECISION,),
        ),
    ]
    return validate_codebook(
        Codebook(
            id="vuxna_insats",
            title="Behov, insatser och resultat för vuxna och äldre",
            version=TEMPLATE_VERSION,
            question=(
                "Får kvinnor och män med samma behov lika omfattande insatser, och når de sina "
                "mål i samma utsträckning?"
            ),
            area="aldre",
            audience=Audience.ADULTS.value,
            age_reference="datum",
            variables=tuple(
                identity_and_background(Audience.ADULTS, CHILD_OCCASIONS)
                + adult
                + _results("brukarens")
            ),
        )
    )


TEMPLATES: dict[str, Callable[[], Codebook]] = {
    "barn_beslut": barn_beslut,
    "barn_delaktighet": barn_delaktighet,
    "barn_och_unga": barn_och_unga,
    "vuxna_insats": vuxna_insats,
}


def template(name: str) -> Codebook:
    """A built-in codebook by name (see :data:`TEMPLATES`)."""
    return TEMPLATES[name]()
