"""The step-1 dashboard: who sees it, what it shows, that it reads a cache, and the downloads.

The demo follow-up has 60 children, few enough that small counts are hidden. Its analysis takes
seconds (secondary suppression solves many small problems), so each distinct input is analysed
once per test process by the real :func:`analyse_records`, and the pseudonym key is fixed so the
demo's records are the same in every test.
"""

import dataclasses
import gc
import hashlib
import io
import json
import re
import threading
import time
import zipfile
from html import unescape
from pathlib import Path

import pandas as pd
import pytest
import vl_convert
from django.conf import settings as django_settings
from django.core.cache import cache
from django.urls import reverse

from isu.demo import generate
from isu.web.audit.models import AuditEvent
from isu.web.followups import analysis_cache
from isu.web.followups.demo import create_demo_followup
from isu.web.followups.models import FollowUp, Record

_ANALYSED = {}
HIDDEN = '<abbr title="visas inte">..</abbr>'


@pytest.fixture(autouse=True)
def _isolated_cache(settings, tmp_path, monkeypatch):
    settings.DATA_DIR = tmp_path / "data"
    monkeypatch.setenv("ISU_PSEUDONYM_KEY", "ab" * 32)
    analysis_cache.clear_memory()
    cache.clear()  # the page's cached fragments, keyed by follow-up id and revision
    yield
    analysis_cache.clear_memory()
    cache.clear()


@pytest.fixture(autouse=True)
def _analyse_each_input_once(monkeypatch):
    real = analysis_cache.analyse_records

    def analyse(records, codebook, settings=None, **kwargs):
        digest = hashlib.sha256(pd.util.hash_pandas_object(records, index=False).values.tobytes())
        key = (codebook.fingerprint(), digest.hexdigest(), repr(settings))
        if key not in _ANALYSED:
            _ANALYSED[key] = real(records, codebook, settings, **kwargs)
        return _ANALYSED[key]

    monkeypatch.setattr(analysis_cache, "analyse_records", analyse)


@pytest.fixture
def followup(personas):
    return create_demo_followup(personas.unit_a, personas.admin, children=60)


@pytest.fixture
def counted(monkeypatch):
    """The number of analyses run, counted around the (memoised) real one."""
    calls = []
    inner = analysis_cache.analyse_records

    def analyse(*args, **kwargs):
        calls.append(1)
        return inner(*args, **kwargs)

    monkeypatch.setattr(analysis_cache, "analyse_records", analyse)
    return calls


def url(followup, **query):
    base = reverse("followups:dashboard", args=[followup.pk])
    if not query:
        return base
    return base + "?" + "&".join(f"{k}={v}" for k, v in query.items())


def export_url(followup, filename):
    return reverse("followups:dashboard_export", args=[followup.pk, filename])


def page(client, address):
    response = client.get(address)
    assert response.status_code == 200
    return response.content.decode()


def chosen_table(html):
    """The HTML of the chosen table's article."""
    return html.split('<article class="result" aria-labelledby="tabell-titel">')[1].split(
        "</article>"
    )[0]


def script_json(html, element_id):
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html)
    assert match, element_id
    return json.loads(match.group(1))


def keys_of(value):
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys_of(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys_of(v)}
    return set()


# --------------------------------------------------------------------------- access


@pytest.mark.parametrize("who", ["analyst", "admin"])
def test_analysts_and_administrators_see_quality_a_table_and_observations(
    who, personas, login_as, followup
):
    html = page(login_as(getattr(personas, who)), url(followup))
    assert "Steg 1 – Vad ser vi?" in html
    order = ["datakvalitet", "tabell", "iakttagelser", "numeriska-matt", "forandring", "ladda-ner"]
    positions = [html.index(f'<section id="{section}"') for section in order]
    assert positions == sorted(positions)
    assert "Antal poster per tillfälle och juridiskt kön" in html
    table = chosen_table(html)
    assert "Beviljades insats? efter juridiskt kön" in table
    assert re.search(r"\d+–\d+ %", table), "shares come with their 95 % interval"
    assert "Test av samband" in table


def test_registrars_are_forbidden(personas, login_as, followup):
    client = login_as(personas.registrar)
    assert client.get(url(followup)).status_code == 403
    assert client.get(export_url(followup, "steg1.xlsx")).status_code == 403


def test_other_units_and_guessed_ids_are_not_found(personas, login_as, followup):
    in_unit_b = create_demo_followup(personas.unit_b, personas.admin, children=60)
    elsewhere = create_demo_followup(personas.other_unit, personas.outsider, children=60)
    missing = FollowUp.objects.order_by("-pk").first().pk + 1
    analyst = login_as(personas.analyst)
    for target in (in_unit_b, elsewhere):
        assert analyst.get(url(target)).status_code == 404
        assert analyst.get(export_url(target, "results.json")).status_code == 404
    assert analyst.get(reverse("followups:dashboard", args=[missing])).status_code == 404
    assert login_as(personas.outsider).get(url(followup)).status_code == 404


def test_anonymous_users_are_sent_to_log_in(client, followup):
    response = client.get(url(followup))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


# --------------------------------------------------------------------------- what it shows


def test_small_counts_are_hidden_as_two_dots_and_never_shown(personas, login_as, followup):
    client = login_as(personas.analyst)
    result = analysis_cache.result_for(followup)
    hidden_tables = [
        t for t in result.tables if any(c.count is None for r in t.rows for c in r.cells)
    ]
    assert hidden_tables, "60 children should leave some counts below the threshold"
    for table in [*hidden_tables[:5], *result.tables[:5]]:
        occasion, _rest = table.id.split("/", 1)
        name = table.id.rsplit("/", 1)[1]
        html = page(
            client, url(followup, tillfalle=occasion, variabel=table.variable.key, uppdelning=name)
        )
        shown = chosen_table(html)
        assert unescape(table.title) in unescape(shown)
        counts = [int(n) for n in re.findall(r'<td class="numeric">(\d+)</td>', shown)]
        assert all(n == 0 or n >= 5 for n in counts), counts
        if table in hidden_tables:
            assert HIDDEN in shown


def test_the_chosen_table_follows_the_get_parameters(personas, login_as, followup):
    client = login_as(personas.analyst)
    html = page(
        client, url(followup, tillfalle="uppfoljning_6m", variabel="nojdhet", uppdelning="kon")
    )
    assert "Hur nöjd är brukaren med insatsen? efter juridiskt kön" in chosen_table(html)
    assert '<option value="nojdhet" selected>' in html
    assert '<option value="uppfoljning_6m" selected>' in html
    assert "Den valda kombinationen finns inte" not in html

    html = page(
        client, url(followup, tillfalle="beslut", variabel="beslut_insats", uppdelning="alder")
    )
    table = chosen_table(html)
    assert "Beviljades insats? efter juridiskt kön och ålder" in table
    assert '<th scope="col" rowspan="2">Ålder</th>' in table


def test_a_combination_that_does_not_exist_shows_the_closest_table(personas, login_as, followup):
    client = login_as(personas.analyst)
    html = page(client, url(followup, tillfalle="beslut", variabel="nojdhet", uppdelning="kon"))
    assert "Den valda kombinationen finns inte" in html
    assert "Hur nöjd är brukaren med insatsen? efter juridiskt kön" in chosen_table(html)
    html = page(client, url(followup, tillfalle="<script>", variabel="x", uppdelning="y"))
    assert "<script>" not in html


def test_the_picker_groups_variables_by_role_and_offers_every_breakdown(
    personas, login_as, followup
):
    html = page(login_as(personas.analyst), url(followup))
    groups = re.findall(r'<optgroup label="([^"]+)">', html)
    # The demo codebook has no variable with the role "behov" (its needs are criteria).
    assert groups == [
        "Insats",
        "Resultat",
        "Måluppfyllelse",
        "Delaktighet",
        "Nöjdhet",
        "Kriterier",
        "Förändring",
    ]
    for breakdown in ("Kön", "Kön och ålder", "Kön över tid (kvartal)", "Könsidentitet"):
        assert f">{breakdown}</option>" in html
    assert '<form method="get" action="#tabell"' in html


def test_the_chart_spec_is_embedded_with_json_script_and_fetches_nothing(
    personas, login_as, followup
):
    html = page(login_as(personas.analyst), url(followup))
    spec = script_json(html, "isu-chart")
    options = script_json(html, "isu-chart-options")
    assert spec["data"]["values"], "the data travel inside the spec"
    assert "url" not in keys_of(spec)
    assert not re.search(r"https?:|//", json.dumps(spec))
    assert options["embed"]["ast"] is True, "expressions interpreted: no unsafe-eval under CSP"
    sources = re.findall(r'<script[^>]* src="([^"]+)"', html)
    assert sources == ["/static/isu/vendor/vega-embed.js", "/static/isu/dashboard.js"]
    assert re.findall(r'<link[^>]* href="([^"]+)"', html)[-1] == "/static/isu/dashboard.css"


def test_the_chart_has_a_text_alternative(personas, login_as, followup):
    table = chosen_table(page(login_as(personas.analyst), url(followup)))
    assert 'role="img" aria-label="Stapeldiagram: andel per grupp' in table
    caption = re.search(r"<figcaption>(.*?)</figcaption>", table, re.S).group(1)
    assert "Diagrammet visar andelen per grupp." in caption
    assert re.search(r"högst för .+ \(\d+ %, 95 % KI \d+–\d+ %\), lägst för", unescape(caption))


def test_a_table_without_comparisons_has_no_chart_and_loads_no_script(personas, login_as, followup):
    result = analysis_cache.result_for(followup)
    table = next(t for t in result.tables if not t.comparisons)
    occasion = table.id.split("/", 1)[0]
    name = table.id.rsplit("/", 1)[1]
    html = page(
        login_as(personas.analyst),
        url(followup, tillfalle=occasion, variabel=table.variable.key, uppdelning=name),
    )
    assert 'id="isu-chart"' not in html
    assert "vega-embed.js" not in html


def test_observations_appear_and_link_to_their_tables(personas, login_as, followup):
    client = login_as(personas.analyst)
    result = analysis_cache.result_for(followup)
    assert result.observations
    html = page(client, url(followup))
    section = html.split('id="iakttagelser"')[1].split("</section>")[0]
    for observation in result.observations:
        assert observation.text in unescape(section)
    links = [unescape(href) for href in re.findall(r'<a href="([^"]+)">Visa tabellen</a>', section)]
    assert len(links) == len(result.observations)
    for observation, link in zip(result.observations, links, strict=True):
        assert link.endswith("#tabell")
        shown = page(client, link.split("#")[0])
        assert "Den valda kombinationen finns inte" not in shown
        assert unescape(result.table(observation.table).title) in unescape(chosen_table(shown))


def test_the_criteria_verdicts_follow_the_observations_and_unfold_into_their_numbers(
    personas, login_as, followup
):
    result = analysis_cache.result_for(followup)
    assert result.criteria, "the demo follow-up has decisions and participation with criteria"
    html = page(login_as(personas.analyst), url(followup))
    assert html.index('<section id="iakttagelser"') < html.index('<section id="kriterier"')
    section = unescape(html.split('<section id="kriterier"')[1].split("</section>")[0])
    for analysis in result.criteria:
        assert analysis.verdict.label in section
        for criterion in analysis.criteria:
            assert f"{criterion.kind.label}: {criterion.verdict.label}" in section
    assert '<details class="criterion">' in section and "Så går prövningen till" in section


def test_no_count_below_the_threshold_appears_in_the_criteria_section(personas, login_as, followup):
    html = page(login_as(personas.analyst), url(followup))
    section = unescape(html.split('<section id="kriterier"')[1].split("</section>")[0])
    counts = [int(k) for k in re.findall(r"\((\d+) av \d+\)", section)]
    counts += [int(n) for n in re.findall(r"n=(\d+)", section)]
    assert all(c == 0 or c >= 5 for c in counts), counts


def test_paired_tests_and_the_numeric_section_are_shown(personas, login_as, followup):
    html = page(login_as(personas.analyst), url(followup))
    assert (
        html.index("Iakttagelser")
        < html.index("Numeriska mått")
        < html.index("Parade test per uppgift och juridiskt kön")
    )
    assert "Wilcoxons teckenrangtest" in html or "McNemar" in html


def test_a_followup_without_records_shows_the_empty_state(personas, login_as, followup, counted):
    Record.objects.filter(followup=followup).delete()
    followup.touch()
    client = login_as(personas.analyst)
    html = page(client, url(followup))
    assert "Inga uppgifter ännu — importera en fil eller registrera ett ärende" in html
    assert client.get(export_url(followup, "steg1.html")).status_code == 404
    assert counted == []


def test_a_result_without_tables_says_so(personas, login_as, followup, monkeypatch):
    empty = dataclasses.replace(analysis_cache.result_for(followup), tables=(), observations=())
    analysis_cache.clear_memory()
    monkeypatch.setattr(analysis_cache, "result_for", lambda _followup: empty)
    html = page(login_as(personas.analyst), url(followup))
    assert "Det finns inga tabeller att visa" in html
    assert "Inga skillnader som är säkerställda" in html
    assert 'id="isu-chart"' not in html


def test_viewing_the_dashboard_is_not_logged(personas, login_as, followup):
    client = login_as(personas.analyst)
    before = AuditEvent.objects.count()
    page(client, url(followup))
    assert AuditEvent.objects.count() == before


def test_no_personnummer_or_pseudonym_appears_in_any_response(personas, login_as, followup):
    client = login_as(personas.analyst)
    pseudonyms = set(Record.objects.filter(followup=followup).values_list("pseudonym", flat=True))
    assert len(pseudonyms) > 50
    result = analysis_cache.result_for(followup)
    texts = [page(client, url(followup))]
    for table in result.tables[:: max(1, len(result.tables) // 25)]:
        occasion = table.id.split("/", 1)[0]
        name = table.id.rsplit("/", 1)[1]
        texts.append(
            page(
                client,
                url(followup, tillfalle=occasion, variabel=table.variable.key, uppdelning=name),
            )
        )
    texts.append(client.get(export_url(followup, "results.json")).content.decode())
    texts.append(client.get(export_url(followup, "steg1.html")).content.decode())
    workbook = zipfile.ZipFile(io.BytesIO(client.get(export_url(followup, "steg1.xlsx")).content))
    texts += [workbook.read(name).decode() for name in workbook.namelist()]
    personnummer = set(generate(children=60, seed=1).records["personnummer"].dropna())
    forms = (
        personnummer | {p.replace("-", "") for p in personnummer} | {p[2:] for p in personnummer}
    )
    for text in texts:
        assert not any(p in text for p in pseudonyms)
        assert not any(p in text for p in forms)


# --------------------------------------------------------------------------- the cache


def test_a_repeated_view_reads_the_cache_and_a_change_invalidates_it(
    personas, login_as, followup, counted
):
    client = login_as(personas.analyst)
    page(client, url(followup))
    page(client, url(followup, tillfalle="beslut", variabel="risk", uppdelning="kon"))
    assert len(counted) == 1
    old = analysis_cache.cache_path(followup)
    assert old.exists()

    followup.touch()
    page(client, url(followup))
    assert len(counted) == 2
    assert analysis_cache.cache_path(followup).exists()
    assert not old.exists(), "older revisions are deleted"


def test_a_repeated_view_does_not_even_read_the_file(personas, login_as, followup, monkeypatch):
    client = login_as(personas.analyst)
    page(client, url(followup))

    def no_reading(path):
        raise AssertionError("read from disk again")

    monkeypatch.setattr(analysis_cache, "_read", no_reading)
    page(client, url(followup, tillfalle="beslut", variabel="risk", uppdelning="alder"))


def test_the_cache_on_disk_survives_a_restart(personas, login_as, followup, counted):
    client = login_as(personas.analyst)
    page(client, url(followup))
    analysis_cache.clear_memory()  # as after a restart, or in another worker process
    page(client, url(followup))
    assert len(counted) == 1


def test_a_damaged_cache_file_is_recomputed(personas, login_as, followup, counted):
    client = login_as(personas.analyst)
    page(client, url(followup))
    analysis_cache.clear_memory()
    analysis_cache.cache_path(followup).write_bytes(b"not a pickle")
    page(client, url(followup))
    assert len(counted) == 2


def test_the_cache_lives_in_the_data_directory(followup):
    analysis_cache.result_for(followup)
    path = analysis_cache.cache_path(followup)
    assert (
        path
        == Path(django_settings.DATA_DIR) / "cache" / f"{followup.pk}-{followup.revision}.pickle"
    )
    assert [p.name for p in path.parent.iterdir()] == [path.name], "no temporary files left"


def test_a_result_computed_in_a_request_is_written_when_the_request_has_finished(followup):
    analysis_cache.request_started()
    try:
        result = analysis_cache.result_for(followup)
        assert not analysis_cache.cache_path(followup).exists(), "the page goes out first"
        assert analysis_cache.result_for(followup) is result, "in memory meanwhile"
    finally:
        analysis_cache.request_finished()
    assert analysis_cache.cache_path(followup).exists()
    assert gc.isenabled(), "the cycle collector runs again"


def test_concurrent_first_views_compute_once(monkeypatch, followup):
    calls = []
    result = analysis_cache.result_for(followup)
    analysis_cache.clear_memory()
    analysis_cache.cache_path(followup).unlink()

    def slow(_followup):
        calls.append(1)
        time.sleep(0.2)
        return result

    monkeypatch.setattr(analysis_cache, "_compute", slow)
    found = []
    threads = [
        threading.Thread(target=lambda: found.append(analysis_cache.result_for(followup)))
        for _ in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert len(found) == 6 and all(r is result for r in found)


# --------------------------------------------------------------------------- downloads


@pytest.mark.parametrize(
    ("filename", "content_type", "starts"),
    [
        ("steg1.html", "text/html; charset=utf-8", b"<!doctype html>"),
        (
            "steg1.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            b"PK",
        ),
        ("results.json", "application/json", b"{"),
    ],
)
def test_downloads_work_and_are_audited(
    filename, content_type, starts, personas, login_as, followup
):
    response = login_as(personas.admin).get(export_url(followup, filename))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(starts)
    event = AuditEvent.objects.get(action="export")
    assert event.user == personas.admin
    assert event.unit == personas.unit_a
    assert (event.object_type, event.object_id) == ("followup", str(followup.pk))
    assert event.detail["report"] == "steg1"


def test_the_json_download_is_the_cached_result(personas, login_as, followup, counted):
    client = login_as(personas.analyst)
    page(client, url(followup))
    data = json.loads(client.get(export_url(followup, "results.json")).content)
    assert data["schema_version"] == 1
    assert len(data["tables"]) == len(analysis_cache.result_for(followup).tables)
    assert len(counted) == 1


def test_an_unknown_download_is_not_found(personas, login_as, followup):
    client = login_as(personas.analyst)
    assert client.get(export_url(followup, "steg1.pdf")).status_code == 404
    assert not AuditEvent.objects.filter(action="export").exists()


def test_the_page_links_the_three_downloads(personas, login_as, followup):
    html = page(login_as(personas.analyst), url(followup))
    for filename in ("steg1.html", "steg1.xlsx", "results.json"):
        assert f'href="{export_url(followup, filename)}"' in html


# --------------------------------------------------------------------------- the vendored bundle


def test_the_vendored_vega_bundle_is_the_one_vl_convert_would_build():
    """Regenerate src/isu/web/static/isu/vendor/vega-embed.js as its header says when this fails."""
    path = Path(django_settings.BASE_DIR) / "static" / "isu" / "vendor" / "vega-embed.js"
    header = path.read_text(encoding="utf-8")[:400]
    assert f"Vega {vl_convert.get_vega_version()}," in header
    assert f"vega-embed {vl_convert.get_vega_embed_version()} " in header
    assert f"vl-convert-python {vl_convert.__version__} " in header
