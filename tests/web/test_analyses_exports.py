"""Reports of an analysis: built in the background from the stored items, downloaded, logged;
and the demo analysis of ``isu serve --demo``."""

import io
import re
import subprocess
import zipfile

import pytest
from django.urls import reverse

from isu.report.document import to_dict
from isu.report.document.demo import demo_document
from isu.web.analyses import exports
from isu.web.analyses.demo import create_demo_analysis
from isu.web.analyses.document import document
from isu.web.analyses.export_models import ExportJob
from isu.web.analyses.models import Analysis, Kind
from isu.web.audit.models import AuditEvent
from isu.web.followups import analysis_cache

PERSONNUMMER_LIKE = re.compile(r"(?<![0-9])(?:[0-9]{2})?[0-9]{6}[-+ ]?[0-9]{4}(?![0-9])")
MAGIC = {"pdf": b"%PDF", "docx": b"PK", "xlsx": b"PK", "pptx": b"PK"}


@pytest.fixture
def analysis(demo_followup, personas):
    return create_demo_analysis(demo_followup, personas.analyst)


def report_url(analysis):
    return reverse("analyses:report", args=[analysis.followup_id, analysis.pk])


def start_url(analysis):
    return reverse("analyses:export_start", args=[analysis.followup_id, analysis.pk])


def readable_text(fmt, content, tmp_path):
    if fmt == "pdf":
        path = tmp_path / "r.pdf"
        path.write_bytes(content)
        return subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return " ".join(
            re.sub(r"<[^>]+>", " ", archive.read(n).decode("utf-8", "replace"))
            for n in archive.namelist()
            if n.endswith(".xml")
        )


def test_the_demo_analysis_is_loaded_whole(analysis):
    expected = demo_document()
    loaded = document(analysis)
    assert loaded.title == expected.title
    assert [p.ref for p in loaded.pins] == [p.ref for p in expected.pins]
    assert [r.text for r in loaded.reflections] == [r.text for r in expected.reflections]
    assert [c.text for c in loaded.conclusions] == [c.text for c in expected.conclusions]
    assert [a.text for a in loaded.actions] == [a.text for a in expected.actions]
    assert loaded.bias == expected.bias and loaded.myth == expected.myth
    assert len(loaded.stakeholders) == len(expected.stakeholders)
    # Links survive the new keys: same number of links per reflection and conclusion.
    assert [len(r.pins) for r in loaded.reflections] == [len(r.pins) for r in expected.reflections]
    assert [len(a.answers) for a in loaded.actions] == [len(a.answers) for a in expected.actions]
    assert to_dict(loaded)["steg4"]["involvera"] == to_dict(expected)["steg4"]["involvera"]


def test_the_demo_analysis_is_created_once(analysis, demo_followup, personas):
    assert create_demo_analysis(demo_followup, personas.admin) == analysis
    assert Analysis.objects.filter(followup=demo_followup).count() == 1


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx", "pptx"])
def test_each_format_is_built_downloaded_and_logged(
    fmt, personas, login_as, analysis, settings, tmp_path
):
    settings.ISU_IMPORTS_SYNCHRONOUS = True
    client = login_as(personas.analyst)
    response = client.post(start_url(analysis), {"format": fmt})
    assert response.status_code == 302 and response["Location"] == report_url(analysis)
    job = ExportJob.objects.get(analysis=analysis)
    assert job.status == ExportJob.Status.READY, job.failure
    page = client.get(report_url(analysis)).content.decode()
    download = reverse("analyses:export_download", args=[analysis.followup_id, analysis.pk, job.pk])
    assert download in page
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == exports.media_type(fmt)
    assert f".{fmt}" in response["Content-Disposition"]
    content = b"".join(response.streaming_content)
    assert content.startswith(MAGIC[fmt])
    text = readable_text(fmt, content, tmp_path)
    assert demo_document().actions[0].text[:30] in " ".join(text.split()) or fmt == "xlsx"
    assert not PERSONNUMMER_LIKE.search(text)
    event = AuditEvent.objects.get(action="export", object_type="analysis")
    assert event.detail["format"] == fmt and event.user == personas.analyst


def test_a_report_is_built_in_the_background_without_blocking_the_page(
    personas, login_as, analysis, settings, django_capture_on_commit_callbacks
):
    settings.ISU_IMPORTS_SYNCHRONOUS = False
    client = login_as(personas.analyst)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert client.post(start_url(analysis), {"format": "xlsx"}).status_code == 302
    assert len(callbacks) == 1  # the thread starts once the job row is committed
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.WAITING
    status_url = reverse("analyses:export_status", args=[analysis.followup_id, analysis.pk, job.pk])
    page = client.get(report_url(analysis)).content.decode()
    assert f'data-export-status="{status_url}"' in page and "<progress" in page
    assert client.get(status_url).json()["finished"] is False
    download = reverse("analyses:export_download", args=[analysis.followup_id, analysis.pk, job.pk])
    assert client.get(download).status_code == 404  # not ready yet
    exports.build(job.pk)
    exports.build(job.pk)  # claimed once: a second start does nothing
    assert client.get(status_url).json() == {
        "status": "klar",
        "status_text": "Klar",
        "finished": True,
        "done": 1,
        "parts": 1,
        "percent": 100,
    }


def test_the_page_shows_how_far_a_report_has_come(personas, login_as, analysis, settings):
    """The job hears each part the library finishes; the page shows it as a bar and in words."""
    settings.ISU_IMPORTS_SYNCHRONOUS = False
    client = login_as(personas.analyst)
    seen = []
    original = exports.render_report

    def watching(report, name, progress):
        def record(done, parts):
            progress(done, parts)
            seen.append(client.get(report_url(analysis)).content.decode())

        return original(report, name, record)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(exports, "render_report", watching)
        client.post(start_url(analysis), {"format": "docx"})
        exports.build(ExportJob.objects.get().pk)
    assert len(seen) >= 5  # a part per section of the report
    assert 'max="100" value="' in seen[0] and "Skapas: del 1 av " in seen[0]
    assert ExportJob.objects.get().percent == 100


def test_an_unknown_format_is_not_found(personas, login_as, analysis):
    response = login_as(personas.analyst).post(start_url(analysis), {"format": "odt"})
    assert response.status_code == 404


def test_reports_follow_the_access_rules(personas, login_as, analysis, settings):
    settings.ISU_IMPORTS_SYNCHRONOUS = True
    login_as(personas.analyst).post(start_url(analysis), {"format": "xlsx"})
    job = ExportJob.objects.get()
    args = [analysis.followup_id, analysis.pk, job.pk]
    urls = [
        reverse("analyses:export_download", args=args),
        reverse("analyses:export_status", args=args),
    ]
    for user, code in ((personas.registrar, 403), (personas.outsider, 404)):
        client = login_as(user)
        for url in urls:
            assert client.get(url).status_code == code
        assert client.post(start_url(analysis), {"format": "pdf"}).status_code == code


def test_a_failed_build_says_why(personas, login_as, analysis, settings, monkeypatch):
    settings.ISU_IMPORTS_SYNCHRONOUS = True

    def broken(report, fmt):
        raise RuntimeError("boom")

    monkeypatch.setattr(exports, "render_report", broken)
    client = login_as(personas.analyst)
    client.post(start_url(analysis), {"format": "pdf"})
    assert ExportJob.objects.get().status == ExportJob.Status.FAILED
    assert (
        "Rapporten kunde inte skapas. Försök igen."
        in client.get(report_url(analysis)).content.decode()
    )


def test_the_report_page_lists_the_latest_changes(personas, login_as, analysis):
    item = analysis.items.filter(kind=Kind.REFLECTION).first()
    item.change(personas.admin, item.version, {**item.content, "text": "Omskriven reflektion."})
    page = login_as(personas.analyst).get(report_url(analysis)).content.decode()
    assert "Omskriven reflektion." in page and "Adam Admin" in page


def test_every_pin_of_the_demo_analysis_finds_its_figures_in_the_served_demo(personas, step1_cache):
    from isu.web.analyses.workspace import Workspace
    from isu.web.followups.demo import create_demo_followup

    followup = create_demo_followup(personas.unit_a, personas.admin)  # as isu serve --demo
    analysis = create_demo_analysis(followup, personas.analyst)
    pins = Workspace(analysis, analysis_cache.result_for(followup)).pins
    assert pins and all(p.found for p in pins), [p.item.content["ref"] for p in pins if not p.found]
