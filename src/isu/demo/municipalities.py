"""Synthetic municipalities for the regional comparison, with planted municipal differences.

Each municipality is a demo follow-up (:func:`isu.demo.generate`) of its own size and seed:
sizes spread from about 40 to 1,500 children, as between small and large Swedish
municipalities. Every fifth municipality (the second, seventh, …) grants boys more often, which
closes most of its sex gap; every seventh (the fourth, eleventh, …) grants interventions less
often to everyone. The comparison should find the second kind outside the funnel when the
municipality is large enough, and the first as a smaller gap than the region's.

>>> [m.name for m in municipalities(3)]
['Ale', 'Alingsås', 'Bengtsfors']
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from isu.demo.generator import DECISION, DemoData, generate

__all__ = [
    "BOYS_GRANTED_MORE",
    "BOYS_MORE",
    "FEWER",
    "FEWER_GRANTED",
    "DemoMunicipality",
    "municipalities",
    "records_of",
]

NAMES = (
    "Ale", "Alingsås", "Bengtsfors", "Bollebygd", "Borås", "Dals-Ed", "Essunga", "Falköping",
    "Färgelanda", "Grästorp", "Gullspång", "Göteborg", "Götene", "Herrljunga", "Hjo",
    "Härryda", "Karlsborg", "Kungälv", "Lerum", "Lidköping", "Lilla Edet", "Lysekil",
    "Mariestad", "Mark", "Mellerud", "Munkedal", "Mölndal", "Orust", "Partille", "Skara",
    "Skövde", "Sotenäs", "Stenungsund", "Strömstad", "Svenljunga", "Tanum", "Tibro",
    "Tidaholm", "Tjörn", "Tranemo", "Trollhättan", "Töreboda", "Uddevalla", "Ulricehamn",
    "Vara", "Vårgårda", "Vänersborg", "Åmål", "Öckerö",
)  # fmt: skip
BOYS_GRANTED_MORE = 0.35  # share of boys' refusals turned into grants
FEWER_GRANTED = 0.45  # share of all grants turned into refusals
BOYS_MORE, FEWER = "pojkar_beviljas_oftare", "farre_beviljas"
EFFECTS = {
    BOYS_MORE: "Beviljar pojkar insats oftare, så skillnaden mellan flickor och pojkar är mindre.",
    FEWER: "Beviljar insats mer sällan än andra kommuner, för flickor och pojkar.",
}


@dataclass(frozen=True)
class DemoMunicipality:
    name: str
    children: int
    seed: int
    planted: str = ""  # BOYS_MORE, FEWER or "" for none

    @property
    def description(self) -> str:
        """The planted difference in Swedish, "" for none."""
        return EFFECTS.get(self.planted, "")


def municipalities(count: int, seed: int = 0) -> list[DemoMunicipality]:
    """*count* municipalities with sizes and seeds drawn from *seed*."""
    rng = np.random.default_rng(seed)
    sizes = np.rint(np.exp(rng.uniform(np.log(40), np.log(1500), count))).astype(int)
    found = []
    for i in range(count):
        name = NAMES[i] if i < len(NAMES) else f"Kommun {i + 1}"
        found.append(DemoMunicipality(name, int(sizes[i]), seed * 1000 + i, _planted(i)))
    return found


def _planted(index: int) -> str:
    if index % 7 == 3:
        return FEWER
    if index % 5 == 1:
        return BOYS_MORE
    return ""


def records_of(municipality: DemoMunicipality) -> DemoData:
    """The municipality's demo data, with its planted difference applied to the decisions."""
    data = generate(children=municipality.children, seed=municipality.seed)
    if not municipality.planted:
        return data
    rng = np.random.default_rng(municipality.seed + 7)
    records = data.records.copy()
    decision = (data.truth["occasion"] == DECISION).to_numpy()
    answer = records["beslut_insats"].to_numpy(dtype=object)
    draw = rng.random(len(records))
    if municipality.planted == BOYS_MORE:
        boy = (data.truth["legal_sex"] == "man").to_numpy()
        flip = decision & boy & (answer == "Nej") & (draw < BOYS_GRANTED_MORE)
        answer = np.where(flip, "Ja", answer)
    else:
        flip = decision & (answer == "Ja") & (draw < FEWER_GRANTED)
        answer = np.where(flip, "Nej", answer)
    records["beslut_insats"] = answer
    # The type of intervention is asked only after a grant, and is then required.
    kind = records["insatstyp"].to_numpy(dtype=object)
    records["insatstyp"] = np.where(
        flip, "Öppenvårdsinsats" if municipality.planted == BOYS_MORE else "", kind
    )
    return DemoData(data.codebook, records, data.effects, data.truth)
