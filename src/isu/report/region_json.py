"""The regional comparison as ``region.json``: every published figure with its method and n.

Nothing here is recomputed and nothing comes from a package that the package did not publish:
a municipality's hidden share is ``null``, and every pooled figure names the municipalities it
includes and those left out, with the reason.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from isu.region.analysis import RegionResult
from isu.region.compare import Funnel, RegionComparison
from isu.region.local import Local
from isu.region.pool import LeftOut
from isu.region.reference import ReferenceRow
from isu.report.criteria_json import plain

__all__ = ["FILE_NAME", "SCHEMA_VERSION", "region_to_dict", "write_region_json"]

FILE_NAME = "region.json"
SCHEMA_VERSION = 1


def region_to_dict(result: RegionResult) -> dict[str, Any]:
    region = result.region
    return {
        "schema_version": SCHEMA_VERSION,
        "mall": {"id": region.template, "titel": region.template_title},
        "paket": [
            {
                "kommun": p.municipality,
                "period": p.period,
                "mallversion": p.template_version,
                "fil": p.source,
                "troskel": p.threshold,
            }
            for p in region.packages
        ],
        "anteckningar": list(region.notes),
        "jamforelse": _comparison(result.comparison),
        "iakttagelser": list(result.findings),
        "lika_hos_oss": [
            _local(local, texts)
            for local, texts in zip(result.locals, result.local_findings, strict=True)
        ],
        "kriterier": plain(result.criteria) if result.criteria else None,
        "kriterier_texter": list(result.criteria_findings),
        "referens": [_reference(row) for row in result.reference],
        "matt": [
            {
                "id": m.id,
                "etikett": m.label,
                "kon": list(m.sexes),
                "medelvarden": plain(list(m.summaries)),
                "utanfor": [_left_out(left) for left in m.left_out],
            }
            for m in result.measures
        ],
    }


def write_region_json(result: RegionResult, out_dir: Path) -> Path:
    path = out_dir / FILE_NAME
    data = json.dumps(region_to_dict(result), ensure_ascii=False, indent=1, allow_nan=False)
    path.write_text(data + "\n", encoding="utf-8")
    return path


def _comparison(c: RegionComparison) -> dict[str, Any]:
    return {
        "tabell": c.table,
        "tillfalle": c.occasion_label,
        "variabel": c.variable,
        "variabel_etikett": c.variable_label,
        "kategori": c.category,
        "kategori_etikett": c.category_label,
        "kon": [
            {"kod": s, "etikett": label} for s, label in zip(c.sexes, c.sex_labels, strict=True)
        ],
        "kommuner": [
            {"kommun": m.municipality, "andelar": plain(list(m.shares)), "skillnad": plain(m.gap)}
            for m in c.municipalities
        ],
        "regionen": [
            {
                "kon": sex,
                "andel": plain(share),
                "kommuner": list(pooled.included),
                "utanfor": _left_out(pooled.left_out),
            }
            for sex, share, pooled in zip(c.sexes, c.pooled_shares, c.pooled, strict=True)
        ],
        "skillnad_mellan_konen": {
            "mantel_haenszel": plain(c.gap.result),
            "kommuner": list(c.gap.included),
            "utanfor": _left_out(c.gap.left_out),
        },
        "tratt": [_funnel(f) for f in c.funnels],
    }


def _funnel(f: Funnel) -> dict[str, Any]:
    return {
        "kon": f.sex,
        "malvarde": plain(f.target),
        "metod": "spiegelhalter_2005_exakt_binomial",
        "granser": [
            {"n": n, "lag_95": a, "hog_95": b, "lag_998": c, "hog_998": d}
            for n, a, b, c, d in zip(
                f.sizes, f.lower95, f.upper95, f.lower998, f.upper998, strict=True
            )
        ],
        "punkter": [
            {"kommun": p.municipality, "andel": plain(p.share), "zon": p.zone} for p in f.points
        ],
    }


def _local(local: Local, texts: tuple[str, ...]) -> dict[str, Any]:
    return {
        "kommun": local.municipality,
        "rader": [
            {
                "kon": row.sex,
                "ovriga": {
                    "k": row.rest.k,
                    "n": row.rest.n,
                    "antal_kommuner": len(row.rest.included),
                    "utanfor": _left_out(row.rest.left_out),
                },
                "skillnad": plain(row.difference),
            }
            for row in local.rows
        ],
        "texter": list(texts),
    }


def _reference(row: ReferenceRow) -> dict[str, Any]:
    value = row.value
    return {
        "omrade": value.area,
        "period": value.period,
        "kon": value.sex,
        "andel": value.value,
        "markering": value.marker,
        "text": row.text,
    }


def _left_out(left_out: tuple[LeftOut, ...]) -> list[dict[str, str]]:
    return [{"kommun": o.municipality, "skal": o.reason} for o in left_out]
