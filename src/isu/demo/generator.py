"""Generate a synthetic child-welfare follow-up (template ``barn_och_unga``) with planted effects.

One record per child at the decision after investigation (``beslut``), spread over the
eighteen months before the reference date (see DECISION_SPAN_DAYS), and a follow-up record six months later (``uppfoljning_6m``)
for children granted an intervention, unless they dropped out (girls 15 %, boys 25 %) or the
follow-up date falls after the reference date. Every draw is a vectorised numpy draw from one
seeded generator, so the same seed gives the same data and a million rows take a few seconds.

Planted effects (see :data:`EFFECTS` for the exact numbers):

1. ``girls_granted_more_explained_by_risk`` — girls are assessed at elevated or high risk more
   often (70 % against 40 %) and so are granted interventions more often; within a risk level
   and consent status, sex does not change the grant probability. *Motiverad.*
2. ``boys_consent_missing_more_often`` — boys' guardians withhold consent more often (25 %
   against 12 %), and missing consent lowers the odds of a grant (odds ratio 0.25). *Motiverad
   men problematisk.*
3. ``born_outside_europe_granted_less`` — with the same risk and need, need not met otherwise and
   consent present, children born outside Europe are granted less often (odds ratio 0.3).
   *Omotiverad.*
4. ``interpreter_missing_outside_europe`` — an interpreter "Nej men skulle ha behövts": 20 %
   of children born outside Europe, 5 % in Europe, 1 % in Sweden and the Nordics. *Beskrivande.*
5. ``improvement_by_sex_and_age`` — situation one or more steps better at follow-up: boys 0–12
   65 %, girls 0–12 55 %, boys 13–17 48 %, girls 13–17 38 %. *Beskrivande.*
6. ``participation_lower_for_young_and_hindered`` — conversations with the child are held less
   often with children 0–6 (who are asked less often) and where guardians hindered; not by sex.
   *Motiverad.*
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter

from isu.codebook import AGE, LEGAL_SEX, OCCASION, PERSONNUMMER, Codebook, template, write_xlsform
from isu.demo import _people as people
from isu.demo._people import BoolArray, IntArray, choose

__all__ = ["EFFECTS", "DemoData", "PlantedEffect", "describe_effects", "generate", "write_demo"]

DECISION, FOLLOW_UP = "beslut", "uppfoljning_6m"
LEGAL_SEX_CODES = np.array(["kvinna", "man"], dtype=object)
YES, NO, UNKNOWN = 0, 1, 2  # codes of the yes/no categories, in codebook order
P_BOY = 0.52
# Decisions fall in the 18 months before the reference date, so two thirds can be followed up.
DECISION_SPAN_DAYS = 548


@dataclass(frozen=True)
class PlantedEffect:
    """A difference deliberately built into the demo data, and how the method should judge it."""

    key: str
    description: str
    outcome: str
    groups: str
    explained_by: tuple[str, ...]
    verdict: str  # "motiverad", "motiverad_men_problematisk", "omotiverad", "beskrivande"
    parameters: dict[str, float]


@dataclass(frozen=True)
class DemoData:
    codebook: Codebook
    records: pd.DataFrame  # as typed in the Excel template: labels, ISO dates, "" for missing
    effects: tuple[PlantedEffect, ...]
    truth: pd.DataFrame  # latent values per record, for tests only; never written to files


# Effect 1: risk (inte_kant, lag, forhojd, hog) by sex.
RISK_GIRLS, RISK_BOYS = [0.05, 0.25, 0.40, 0.30], [0.10, 0.50, 0.28, 0.12]
# Effect 2: share with consent missing, and what missing consent does to the odds of a grant.
CONSENT_MISSING_GIRLS, CONSENT_MISSING_BOYS, CONSENT_MISSING_OR = 0.12, 0.25, 0.25
# Effect 3: odds ratio of a grant for children born outside Europe, all else equal.
OUTSIDE_EUROPE_OR = 0.3
# Grant model: log-odds by risk level, plus assessed need and need met otherwise.
GRANT_LOGIT_BY_RISK = np.array([-1.5, -1.2, 0.2, 1.0])
NEED_LOGIT, MET_OTHERWISE_LOGIT = 1.2, -1.5
# Effect 4: tolk (ja, nej_behovdes, nej_behovdes_ej) by birth group.
INTERPRETER = np.array([[0.03, 0.01, 0.96], [0.05, 0.01, 0.94], [0.15, 0.05, 0.80], [0.45, 0.20, 0.35]])  # fmt: skip
# Effect 5: probability of improving at follow-up, by [girl, boy] x [0-12, 13-17].
IMPROVE = np.array([[0.55, 0.38], [0.65, 0.48]])
# Attrition before follow-up among children granted an intervention, [girl, boy].
DROPOUT = np.array([0.15, 0.25])
# Effect 6: asked to take part, by age group 0-6, 7-12, 13-17; talk held given asked and willing.
ASKED_BY_AGE = np.array([0.40, 0.85, 0.92])
TALK_WILLING, TALK_UNWILLING, TALK_NOT_ASKED, HINDERED_FACTOR = 0.92, 0.25, 0.30, 0.35
GUARDIANS_HINDERED = 0.08
# By risk level (rows): situation (mycket_dalig .. mycket_bra) at the decision; utsatthet
# (bristande_omsorg, vald_mot_barn, upplevt_vald, missbruk, annan); need of support.
SITUATION = np.array([[.05, .20, .40, .30, .05], [.03, .17, .40, .32, .08], [.15, .40, .30, .13, .02], [.35, .40, .18, .06, .01]])  # fmt: skip
EXPOSURE = np.array([[.10, .05, .05, .05, .10], [.15, .05, .08, .08, .15], [.40, .20, .25, .20, .15], [.55, .35, .35, .30, .10]])  # fmt: skip
NEED_BY_RISK = np.array([0.45, 0.55, 0.85, 0.95])
# insatstyp: the main intervention by [girl, boy] (boys placed in HVB more often).
INTERVENTION_MAIN = np.array([[0.45, 0.20, 0.25, 0.06, 0.02, 0.02], [0.45, 0.22, 0.20, 0.05, 0.06, 0.02]])  # fmt: skip

EFFECTS: tuple[PlantedEffect, ...] = (
    PlantedEffect(
        "girls_granted_more_explained_by_risk",
        "Flickor beviljas insats oftare än pojkar, men det förklaras av att flickornas risk att "
        "fara illa oftare bedöms som förhöjd eller hög; vid samma risk och samtycke beviljas "
        "flickor och pojkar lika ofta.",
        "beslut_insats",
        LEGAL_SEX,
        ("risk",),
        "motiverad",
        {
            "andel_forhojd_eller_hog_risk_flickor": RISK_GIRLS[2] + RISK_GIRLS[3],
            "andel_forhojd_eller_hog_risk_pojkar": RISK_BOYS[2] + RISK_BOYS[3],
            "oddskvot_pojke_vid_samma_risk_och_samtycke": 1.0,
        },
    ),
    PlantedEffect(
        "boys_consent_missing_more_often",
        "Pojkarnas vårdnadshavare samtycker mer sällan till insats, och utan samtycke beviljas "
        "insats mer sällan: lagligt, men pojkarna riskerar att gå miste om stöd.",
        "beslut_insats",
        LEGAL_SEX,
        ("samtycke",),
        "motiverad_men_problematisk",
        {
            "andel_samtycke_saknas_flickor": CONSENT_MISSING_GIRLS,
            "andel_samtycke_saknas_pojkar": CONSENT_MISSING_BOYS,
            "oddskvot_beviljas_utan_samtycke": CONSENT_MISSING_OR,
        },
    ),
    PlantedEffect(
        "born_outside_europe_granted_less",
        "Barn födda utanför Europa beviljas insats mer sällan än andra barn med samma risk och "
        "behov, vars behov inte kan tillgodoses på annat sätt och där samtycke finns.",
        "beslut_insats",
        "fodelseland",
        (),
        "omotiverad",
        {"oddskvot_beviljas_utanfor_europa": OUTSIDE_EUROPE_OR},
    ),
    PlantedEffect(
        "interpreter_missing_outside_europe",
        "Att tolk skulle ha behövts men inte användes gäller oftast barn födda utanför Europa: "
        "var femte av dem, mot ett av hundra barn födda i Sverige.",
        "tolk",
        "fodelseland",
        (),
        "beskrivande",
        {
            "andel_tolk_skulle_behovts_utanfor_europa": float(INTERPRETER[3, 1]),
            "andel_tolk_skulle_behovts_europa": float(INTERPRETER[2, 1]),
            "andel_tolk_skulle_behovts_sverige": float(INTERPRETER[0, 1]),
        },
    ),
    PlantedEffect(
        "improvement_by_sex_and_age",
        "Situationen förbättras oftast för pojkar 0–12 år och minst ofta för flickor 13–17 år.",
        "situation",
        LEGAL_SEX,
        (),
        "beskrivande",
        {
            "andel_forbattrad_pojkar_0_12": float(IMPROVE[1, 0]),
            "andel_forbattrad_flickor_0_12": float(IMPROVE[0, 0]),
            "andel_forbattrad_pojkar_13_17": float(IMPROVE[1, 1]),
            "andel_forbattrad_flickor_13_17": float(IMPROVE[0, 1]),
        },
    ),
    PlantedEffect(
        "participation_lower_for_young_and_hindered",
        "Samtal med barnet genomförs mer sällan med barn 0–6 år, som oftare inte tillfrågas, och "
        "när vårdnadshavare hindrat barnet; flickor och pojkar deltar lika ofta.",
        "samtal_genomfort",
        AGE,
        ("tillfragad_delta", "velat_delta", "vh_hindrat"),
        "motiverad",
        {
            "andel_tillfragade_0_6": float(ASKED_BY_AGE[0]),
            "andel_tillfragade_7_12": float(ASKED_BY_AGE[1]),
            "andel_tillfragade_13_17": float(ASKED_BY_AGE[2]),
            "andel_samtal_tillfragad_och_villig": TALK_WILLING,
            "faktor_samtal_vh_hindrat": HINDERED_FACTOR,
            "andel_vh_hindrat": GUARDIANS_HINDERED,
        },
    ),
)


def generate(
    *,
    children: int = 600,
    seed: int = 0,
    max_rows: int | None = None,
    reference_date: datetime.date = datetime.date(2026, 6, 30),
) -> DemoData:
    """Synthetic records for *children* children, truncated to *max_rows* rows if given.

    Parameters
    ----------
    children
        Number of children; each has a decision record and maybe a follow-up record.
    seed
        Seed of the one random generator all draws come from: same seed, same data.
    max_rows
        Keep only the first *max_rows* records in date order (for benchmarks).
    reference_date
        The day the data are taken out: decisions fall in the year before it, and follow-ups
        after it are not yet made.

    >>> data = generate(children=50, seed=1)
    >>> data.records["tillfalle"].iloc[0]
    'Beslut efter utredning'
    """
    if children < 0 or (max_rows is not None and max_rows < 0):
        raise ValueError("children and max_rows must not be negative")
    codebook = template("barn_och_unga")
    rng = np.random.default_rng(seed)
    n = children
    boy = rng.random(n) < P_BOY
    age = choose(rng, people.AGE_WEIGHTS[None, :], np.zeros(n, dtype=np.int64))
    reference = np.datetime64(reference_date, "D")
    decided = reference - rng.integers(0, DECISION_SPAN_DAYS, n).astype("timedelta64[D]")
    birth = people.birth_dates(rng, decided, age)
    pnr = people.personnummer(rng, birth, boy)
    base = people.background(rng, n)
    base["konsidentitet"] = people.gender_identity(rng, codebook, boy)
    later = dict(base)  # background is asked at every occasion and does not change
    base |= _decision(rng, boy, age, base["fodelseland"])
    base |= _participation(rng, age, base["fodelseland"])
    base["situation"], later["situation"], improved = _situation(rng, base["risk"], boy, age)
    granted = base["beslut_insats"] == YES
    dropped = rng.random(n) < DROPOUT[boy.astype(np.int64)]
    followed_on = people.add_months(decided, 6)
    followed = granted & ~dropped & (followed_on <= reference)
    later |= _goals_and_satisfaction(rng, improved)

    child = np.r_[np.arange(n), np.flatnonzero(followed)]
    at_follow_up = np.r_[np.zeros(n, dtype=bool), np.ones(int(followed.sum()), dtype=bool)]
    dates = np.where(at_follow_up, followed_on[child], decided[child])
    order = np.lexsort((at_follow_up, child, dates))[:max_rows]
    child, at_follow_up, dates = child[order], at_follow_up[order], dates[order]

    occasions = np.array([c.label for c in codebook.occasions], dtype=object)
    days, day_index = np.unique(dates, return_inverse=True)
    text = {
        PERSONNUMMER: pnr.text[child],
        OCCASION: occasions[at_follow_up.astype(np.int64)],
        "datum": np.datetime_as_string(days, unit="D").astype(object)[day_index],
    }
    empty = np.full(n, -1, dtype=np.int64)
    codes = {
        key: np.where(at_follow_up, later.get(key, empty)[child], base.get(key, empty)[child])
        for key in base.keys() | later.keys()
    }
    records = people.typed_records(codebook, text, codes)
    latent = {
        "legal_sex": LEGAL_SEX_CODES[boy.astype(np.int64)],
        "age": age,
        "birth_date": birth,
        "samordningsnummer": pnr.samordning,
        "fodelseland": base["fodelseland"],
        "consent_missing": base["samtycke"] >= 2,
        "granted": granted,
        "dropped_out": granted & dropped,
        "improved": improved,
    }
    truth = people.truth_table(latent, child, at_follow_up, dates)
    return DemoData(codebook, records, EFFECTS, truth)


def _decision(
    rng: np.random.Generator, boy: BoolArray, age: IntArray, birth_group: IntArray
) -> dict[str, IntArray]:
    """Table 1: need, need met otherwise, consent, and the decision (effects 1-3)."""
    n = len(boy)
    sex = boy.astype(np.int64)
    risk = choose(rng, np.array([RISK_GIRLS, RISK_BOYS]), sex)
    need = np.where(
        rng.random(n) < NEED_BY_RISK[risk], YES, np.where(rng.random(n) < 0.1, UNKNOWN, NO)
    )
    otherwise = {
        key: choose(rng, np.array([[share, 1 - share - 0.04, 0.04]]), np.zeros(n, dtype=np.int64))
        for key, share in (
            ("tillgodoses_natverk", 0.12),
            ("tillgodoses_anhorig", 0.10),
            ("tillgodoses_annan_verksamhet", 0.15),
        )
    }
    met_otherwise = np.any([codes == YES for codes in otherwise.values()], axis=0)
    missing = rng.random(n) < np.where(boy, CONSENT_MISSING_BOYS, CONSENT_MISSING_GIRLS)
    # samtycke: 0 child over 15, 1 all guardians, 2-6 the kinds of missing consent
    kind_of_missing = 2 + choose(
        rng, np.array([[0.35, 0.30, 0.20, 0.10, 0.05]]), np.zeros(n, dtype=np.int64)
    )
    by_child = (age >= 15) & (rng.random(n) < 0.6)
    consent = np.where(missing, kind_of_missing, np.where(by_child, 0, 1))
    wants = choose(
        rng, np.array([[0.80, 0.10, 0.10], [0.30, 0.50, 0.20]]), missing.astype(np.int64)
    )
    logit = (
        GRANT_LOGIT_BY_RISK[risk]
        + NEED_LOGIT * (need == YES)
        + MET_OTHERWISE_LOGIT * met_otherwise
        + np.log(CONSENT_MISSING_OR) * missing
        + np.log(OUTSIDE_EUROPE_OR) * (birth_group == people.OUTSIDE_EUROPE)
    )
    granted = rng.random(n) < 1 / (1 + np.exp(-logit))
    return {
        "utsatthet": _exposure(rng, risk),
        "risk": risk,
        "behov_av_stod": need,
        **otherwise,
        "onskar_stod": wants,
        "onskemal_tillvaratagna": choose(
            rng, np.array([[0.6, 0.1, 0.3]]), np.zeros(n, dtype=np.int64)
        ),
        "samtycke": consent,
        "beslut_insats": np.where(granted, YES, NO),
        "insatstyp": np.where(granted, _interventions(rng, sex), 0),
    }


def _exposure(rng: np.random.Generator, risk: IntArray) -> IntArray:
    """utsatthet as a bit mask over its categories; "Ingen utsatthet" (bit 5) only alone."""
    drawn = rng.random((len(risk), EXPOSURE.shape[1])) < EXPOSURE[risk]
    mask = (drawn * (1 << np.arange(EXPOSURE.shape[1]))).sum(axis=1)
    return np.where(mask == 0, 1 << 5, mask).astype(np.int64)


def _interventions(rng: np.random.Generator, sex: IntArray) -> IntArray:
    """insatstyp as a bit mask: one main intervention, and a second one for 15 %."""
    main = choose(rng, INTERVENTION_MAIN, sex)
    second = rng.integers(0, INTERVENTION_MAIN.shape[1], len(sex))
    extra = np.where(rng.random(len(sex)) < 0.15, 1 << second, 0)
    return np.asarray((1 << main) | extra, dtype=np.int64)


def _participation(
    rng: np.random.Generator, age: IntArray, birth_group: IntArray
) -> dict[str, IntArray]:
    """Table 2: participation and its criteria (effects 4 and 6)."""
    n = len(age)
    age_group = np.digitize(age, [7, 13])
    asked = rng.random(n) < ASKED_BY_AGE[age_group]
    willing = choose(rng, np.array([[0.85, 0.12, 0.03]]), np.zeros(n, dtype=np.int64))
    hindered = rng.random(n) < GUARDIANS_HINDERED
    talk_p = np.where(asked, np.where(willing == YES, TALK_WILLING, TALK_UNWILLING), TALK_NOT_ASKED)
    talk = rng.random(n) < talk_p * np.where(hindered, HINDERED_FACTOR, 1.0)
    planned = talk | (rng.random(n) < 0.5)
    documented = rng.random(n) < np.where(talk, 0.85, 0.30)
    against_will = hindered & talk & (rng.random(n) < 0.8)
    young_support = np.array([[0.50, 0.10, 0.40], [0.15, 0.03, 0.82], [0.02, 0.01, 0.97]])
    zeros = np.zeros(n, dtype=np.int64)
    return {
        "samtal_genomfort": _yes_no(talk),
        "barnets_asikt_dokumenterad": _yes_no(documented),
        "tillfragad_delta": _yes_no(asked),
        "velat_delta": np.where(asked, willing, -1),
        "samtal_planerat": _yes_no(planned),
        "vh_hindrat": _yes_no(hindered),
        "samtal_mot_vh_vilja": _yes_no(against_will),
        "kommunikationsstod_funktion": choose(rng, np.array([[0.05, 0.02, 0.93]]), zeros),
        "kommunikationsstod_alder": choose(rng, young_support, age_group),
        "tolk": choose(rng, INTERPRETER, birth_group),
    }


def _situation(
    rng: np.random.Generator, risk: IntArray, boy: BoolArray, age: IntArray
) -> tuple[IntArray, IntArray, BoolArray]:
    """situation at the decision and at follow-up, and whether it improved (effect 5)."""
    n = len(risk)
    before = choose(rng, SITUATION, risk)
    p_improve = IMPROVE[boy.astype(np.int64), (age >= 13).astype(np.int64)]
    improves = (rng.random(n) < p_improve) & (before < 4)  # "Mycket bra" cannot get better
    step = np.where(
        improves, np.where(rng.random(n) < 0.75, 1, 2), -(rng.random(n) < 0.25).astype(np.int64)
    )
    after = np.clip(before + step, 0, 4)
    return before, after, after > before


def _goals_and_satisfaction(rng: np.random.Generator, improved: BoolArray) -> dict[str, IntArray]:
    """maluppfyllelse and nojdhet at follow-up, better where the situation improved."""
    group = improved.astype(np.int64)
    goals = np.array([[0.15, 0.45, 0.40], [0.50, 0.40, 0.10]])
    satisfaction = np.array([[0.10, 0.15, 0.30, 0.30, 0.15], [0.03, 0.05, 0.17, 0.40, 0.35]])
    return {
        "maluppfyllelse": choose(rng, goals, group),
        "nojdhet": choose(rng, satisfaction, group),
    }


def _yes_no(flag: BoolArray) -> IntArray:
    return np.where(flag, YES, NO).astype(np.int64)


def write_demo(data: DemoData, out_dir: Path) -> dict[str, Path]:
    """Write the codebook, the records (CSV and Excel) and a description of the planted effects.

    The truth table is never written. Returns the paths by name: ``kodbok``, ``data_csv``,
    ``data_xlsx`` and ``effekter``.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {
        "kodbok": out_dir / "kodbok.xlsx",
        "data_csv": out_dir / "data.csv",
        "data_xlsx": out_dir / "data.xlsx",
        "effekter": out_dir / "effekter.md",
    }
    write_xlsform(data.codebook, paths["kodbok"])
    # Swedish Excel opens semicolon-separated UTF-8 with a byte-order mark without asking.
    data.records.to_csv(paths["data_csv"], sep=";", index=False, encoding="utf-8-sig")
    _write_xlsx(data.records, paths["data_xlsx"])
    paths["effekter"].write_text(describe_effects(data.effects), encoding="utf-8")
    return paths


def _write_xlsx(records: pd.DataFrame, path: Path) -> None:
    """Every cell as text; empty strings stay blank. xlsxwriter has no bulk writer, so this is
    a loop over cells (about 10 µs each); constant_memory keeps memory flat for large files."""
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("Data")
    sheet.write_row(0, 0, list(records.columns))
    write = sheet.write_string
    for start in range(0, len(records), 10_000):  # in chunks, so memory stays flat too
        chunk = records.iloc[start : start + 10_000].to_numpy(dtype=object).tolist()
        for row, values in enumerate(chunk, start=start + 1):
            for column, value in enumerate(values):
                if value:
                    write(row, column, value)
    workbook.close()


def describe_effects(effects: tuple[PlantedEffect, ...]) -> str:
    """The planted effects as a short Swedish Markdown document."""
    verdicts = {
        "motiverad": "motiverad skillnad",
        "motiverad_men_problematisk": "motiverad men problematisk skillnad",
        "omotiverad": "omotiverad skillnad",
        "beskrivande": "beskrivande iakttagelse",
    }
    lines = [
        "# Inplanterade effekter i demodata",
        "",
        "Demodata är påhittade. Följande skillnader är inbyggda:",
        "",
    ]
    for number, effect in enumerate(effects, start=1):
        explained = ", ".join(effect.explained_by) or "inget kriterium"
        numbers = ", ".join(
            f"{name} = {value:g}".replace(".", ",") for name, value in effect.parameters.items()
        )
        lines += [
            f"{number}. **{effect.description}**",
            f"   - Utfall: `{effect.outcome}`; grupper: `{effect.groups}`; förklaras av: "
            f"{explained}; bedömning: {verdicts[effect.verdict]}.",
            f"   - Inplanterade värden: {numbers}.",
            "",
        ]
    return "\n".join(lines)
