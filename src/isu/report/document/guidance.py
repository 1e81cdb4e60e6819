"""The method's guiding questions for steps 2–4, in our own words.

Based on *Analysstöd – Stöd för att inkludera jämställdhet och jämlikhet i analys av resultaten
från individbaserad systematisk uppföljning* (SKR 2024, ISBN 978-91-8047-236-4), pages 16–21:
the three sources of knowledge of step 2, the warning about gender bias and myths, the questions
of step 3 and the prioritisation of step 4. The wording is ours, so the product can be shown
without quoting the publication; the page references let a trainer find the original.
"""

from __future__ import annotations

from dataclasses import dataclass

from isu.i18n import _
from isu.report.document.model import Source

CITATION = _(
    "Frågorna bygger på SKR:s Analysstöd för jämställdhet och jämlikhet i ISU (2024), s. 16–21, "
    "med våra egna formuleringar."
)


@dataclass(frozen=True)
class Guidance:
    heading: str
    intro: str
    questions: tuple[str, ...]


STEP1 = Guidance(
    _("Steg 1 – Vad ser vi?"),
    _(
        "Beskriv vad siffrorna visar innan ni förklarar dem. Fäst de tabeller, iakttagelser och "
        "prövningar som ni vill titta närmare på och skriv en kort kommentar till varje."
    ),
    (
        _("Vilka behov och insatser har flickor och pojkar, kvinnor och män hos oss?"),
        _(
            "Skiljer sig resultat och delaktighet mellan könen – och när kön kombineras med ålder, "
            "födelseland eller annan bakgrund?"
        ),
        _("Har något förändrats över tid?"),
        _("Går något emot det vi väntade oss?"),
        _("Är uppgifterna tillförlitliga, relevanta och aktuella nog att bygga slutsatser på?"),
    ),
)

STEP2 = {
    Source.INDIVIDUAL: Guidance(
        _("2.1 Individ och grupp"),
        _("Vad vet vi om dem vi möter – deras behov, erfarenheter, önskemål och situation?"),
        (
            _(
                "Finns det mönster som vår kunskap om gruppen kan förklara? Om den kunskapen "
                "saknas – kan vi fråga dem själva?"
            ),
            _("Finns enkätsvar eller andra källor där brukarnas egen röst hörs?"),
            _(
                "Behöver vi utmana stereotypa föreställningar, normer och attityder om kön hos "
                "brukarna?"
            ),
        ),
    ),
    Source.ORGANISATION: Guidance(
        _("2.2 Verksamhet och profession"),
        _("Hur påverkar våra egna förutsättningar, rutiner, normer och kultur resultatet?"),
        (
            _("Efterfrågar och stöder ledningen arbetet med jämställdhet och jämlikhet?"),
            _("Har vi tydliga och aktuella rutiner så att alla behandlas likvärdigt?"),
            _("Räcker resurserna för utredning och insatser?"),
            _("Har vi den kunskap om jämställdhet och jämlikhet som arbetet kräver?"),
            _("Fungerar samverkan där den behövs, och lär vi av varandra i arbetsgruppen?"),
            _(
                "Finns det föreställningar hos oss om vad som väntas av flickor och pojkar, "
                "kvinnor och män – och hur påverkar de vårt arbete?"
            ),
        ),
    ),
    Source.SOCIETY: Guidance(
        _("2.3 Omvärld och samhälle"),
        _("Vad i samhället runt oss kan förklara det vi ser?"),
        (
            _(
                "Vilka strukturella faktorer – till exempel ojämställdhet, diskriminering, "
                "fattigdom, våldsutsatthet eller segregation – kan ha betydelse här?"
            ),
            _("Spelar lagstiftning, demografi, arbetsmarknad, ekonomi eller geografi in?"),
            _(
                "Vilka normer om kön och bakgrund i samhället kan begränsa människors val och "
                "möjligheter i just det här fallet?"
            ),
            _("Visar forskning eller andra kommuners jämförelser samma mönster?"),
        ),
    ),
}

BIAS = Guidance(
    _("Se upp för genusbias"),
    _(
        "Föreställningar om hur kvinnor och män, flickor och pojkar är och bör vara kan styra "
        "bedömningar och bemötande utan att vi märker det – även i vår egen analys."
    ),
    (
        _("Utgår vi från en stereotyp bild av kön?"),
        _("Gör vi skillnader mellan könen större än de är?"),
        _("Bortser vi från skillnader som finns?"),
        _("Riskerar vi att upprepa sådan bias i den här analysen?"),
    ),
)

MYTH = Guidance(
    _("”Det är så speciellt här hos oss”"),
    _(
        "En föreställning kan bli en sanning som ingen prövar. Skriv ned påståendet, vad som i så "
        "fall borde synas i uppgifterna, och om det gör det."
    ),
    (
        _("Vad är det vi tror är speciellt här?"),
        _("Vad skulle visa att det stämmer – och vad visar våra uppgifter eller jämförelser?"),
    ),
)

STEP3 = Guidance(
    _("Steg 3 – Kan vi dra slutsatser?"),
    _(
        "Samla tankar, hypoteser och kunskap om orsaker. Det går inte alltid att dra en slutsats "
        "– då är det en slutsats i sig att säga vad ni behöver veta."
    ),
    (
        _(
            "Riskerar skillnaderna eller likheterna att upprätthålla ojämställdhet eller "
            "ojämlikhet?"
        ),
        _("Påverkar normer om kön och bakgrund resultatet – och i så fall hur?"),
        _("Behöver vi veta mer, andra källor, annan kompetens eller en ny insamling?"),
        _("Har andra kommuner eller forskningen sett liknande mönster?"),
    ),
)

STEP4 = Guidance(
    _("Steg 4 – Hur kan vi göra annorlunda?"),
    _(
        "Föreslå åtgärder som svarar mot de orsaker och slutsatser ni kommit fram till. Väg "
        "insats mot effekt, och skilj på det verksamheten själv kan besluta och det som kräver "
        "politiskt beslut."
    ),
    (
        _("Vilken åtgärd ger störst effekt i förhållande till insatsen?"),
        _("Löser åtgärden det problem och den orsak vi har pekat ut?"),
        _("Kan något som fungerar bra spridas eller utvecklas?"),
        _(
            "Vilka behöver involveras, få återkoppling eller informeras – personal, brukare, "
            "ledning, nämnd?"
        ),
    ),
)
