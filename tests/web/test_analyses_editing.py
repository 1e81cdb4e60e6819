"""Editing an analysis: items with the library's rules, links, versions, conflicts, history and
deletion. Two analysts of the same unit stand for a team writing at once."""

from html import unescape

import pytest
from django.urls import reverse

from isu.web.analyses.models import Analysis, Item, Kind
from isu.web.audit.models import AuditEvent
from isu.web.followups.models import Area, FollowUp


@pytest.fixture
def analysis(personas):
    followup = FollowUp.objects.create(
        unit=personas.unit_a, title="Insatser 2026", question="Samma insatser?", area=Area.CHILDREN
    )
    return Analysis.start(followup, personas.analyst, {"titel": "Analys 2026"})


def add_url(analysis, kind):
    return reverse("analyses:item_add", args=[analysis.followup_id, analysis.pk, kind])


def edit_url(analysis, key):
    return reverse("analyses:item_edit", args=[analysis.followup_id, analysis.pk, key])


def text(response):
    return unescape(response.content.decode())


def pin(analysis, user, ref="tabell-1"):
    return analysis.add(Kind.PIN, {"typ": "tabell", "ref": ref}, user)


def test_a_reflection_is_saved_with_its_author_and_links_to_pins(personas, login_as, analysis):
    first, second = pin(analysis, personas.analyst), pin(analysis, personas.analyst, "t2")
    client = login_as(personas.analyst)
    response = client.post(
        add_url(analysis, "reflektion"),
        {"kalla": "verksamhet", "text": "Rutinen för samtal saknas.", "iakttagelser": [first.key]},
    )
    assert response.status_code == 302
    item = Item.objects.get(analysis=analysis, kind=Kind.REFLECTION)
    assert item.content == {
        "kalla": "verksamhet",
        "text": "Rutinen för samtal saknas.",
        "iakttagelser": [first.key],
    }
    assert (item.version, item.updated_by) == (1, personas.analyst)
    version = item.versions.get()
    assert version.author == personas.analyst and version.at is not None
    assert second.key not in item.content["iakttagelser"]
    step2 = text(client.get(reverse("analyses:step", args=[analysis.followup_id, analysis.pk, 2])))
    assert "Rutinen för samtal saknas." in step2 and "Anna Analytiker" in step2


def test_a_link_to_something_not_in_the_analysis_is_refused(personas, login_as, analysis):
    pin(analysis, personas.analyst)
    response = login_as(personas.analyst).post(
        add_url(analysis, "reflektion"), {"kalla": "individ", "text": "x", "iakttagelser": ["i99"]}
    )
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in text(response)
    assert not Item.objects.filter(kind=Kind.REFLECTION).exists()


def test_a_conclusion_not_yet_drawn_must_say_what_we_need_to_know(personas, login_as, analysis):
    client = login_as(personas.analyst)
    data = {"status": "inte_annu", "text": "Vi vet inte varför pojkar avböjer oftare."}
    response = client.post(add_url(analysis, "slutsats"), data)
    assert response.status_code == 200
    page = text(response)
    # The library's message, next to the field it belongs to.
    assert "Skriv vad ni behöver veta när ni inte kan dra en slutsats ännu." in page
    assert 'aria-invalid="true"' in page and "id_behover_veta" in page
    assert not Item.objects.filter(kind=Kind.CONCLUSION).exists()
    data["behover_veta"] = "Vårdnadshavarnas skäl att avböja."
    assert client.post(add_url(analysis, "slutsats"), data).status_code == 302


def test_a_conclusion_links_to_pins_and_reflections(personas, login_as, analysis):
    p = pin(analysis, personas.analyst)
    r = analysis.add(Kind.REFLECTION, {"kalla": "individ", "text": "Tanke"}, personas.analyst)
    response = login_as(personas.admin).post(
        add_url(analysis, "slutsats"),
        {
            "status": "slutsats",
            "text": "Skillnaden upprätthåller ojämställdhet.",
            "upprathaller_ojamstalldhet": "ja",
            "behov": ["kompetens"],
            "iakttagelser": [p.key],
            "reflektioner": [r.key],
        },
    )
    assert response.status_code == 302
    c = Item.objects.get(kind=Kind.CONCLUSION)
    assert c.content["iakttagelser"] == [p.key] and c.content["reflektioner"] == [r.key]
    step3 = text(
        login_as(personas.analyst).get(
            reverse("analyses:step", args=[analysis.followup_id, analysis.pk, 3])
        )
    )
    assert "Tanke" in step3 and "Annan eller mer kompetens behövs" in step3


def test_an_action_must_answer_a_conclusion_or_a_named_cause(personas, login_as, analysis):
    client = login_as(personas.analyst)
    data = {
        "text": "Inför samtalsstöd för pojkar.",
        "insats": "latt",
        "effekt": "stor",
        "beslutsniva": "verksamhet",
        "status": "forslag",
    }
    response = client.post(add_url(analysis, "atgard"), data)
    assert response.status_code == 200
    assert "En åtgärd ska svara mot en slutsats" in text(response)
    data |= {"orsak": "Pojkars vårdnadshavare avböjer oftare", "klart": "2026-12-31"}
    data |= {"ansvarig": "Enhetschefen"}
    assert client.post(add_url(analysis, "atgard"), data).status_code == 302
    action = Item.objects.get(kind=Kind.ACTION)
    assert action.content["klart"] == "2026-12-31"
    step4 = text(client.get(reverse("analyses:step", args=[analysis.followup_id, analysis.pk, 4])))
    # The matrix: the action sits in the easy × large cell, linked to the action itself.
    assert (
        'class="matrix--best"><ul><li><a href="#a1">Inför samtalsstöd för pojkar.</a></li>' in step4
    )


def test_an_action_with_a_bad_date_gets_a_swedish_message(personas, login_as, analysis):
    response = login_as(personas.analyst).post(
        add_url(analysis, "atgard"),
        {
            "text": "x",
            "orsak": "y",
            "insats": "svar",
            "effekt": "liten",
            "beslutsniva": "politik",
            "status": "forslag",
            "klart": "31/12",
        },
    )
    assert "Fyll i ett giltigt datum." in text(response)


def test_stakeholders_and_the_checks_of_step_2_are_saved(personas, login_as, analysis):
    client = login_as(personas.analyst)
    response = client.post(
        add_url(analysis, "involvera"), {"namn": "Brukarrådet", "roll": "informera", "hur": "Möte"}
    )
    assert response.status_code == 302
    bias = {"version": "1", "stereotyp": "Vi tror att flickor är mer samarbetsvilliga."}
    assert client.post(edit_url(analysis, "genusbias"), bias).status_code == 302
    myth = {"version": "1", "pastaende": "Det är så speciellt här", "stods": "nej"}
    assert client.post(edit_url(analysis, "myt"), myth).status_code == 302
    step2 = text(client.get(reverse("analyses:step", args=[analysis.followup_id, analysis.pk, 2])))
    assert "Vi tror att flickor är mer samarbetsvilliga." in step2 and "Nej" in step2
    assert analysis.single(Kind.MYTH).version == 2


def test_editing_the_header_renames_the_analysis(personas, login_as, analysis):
    response = login_as(personas.analyst).post(
        edit_url(analysis, "rubrik"), {"version": "1", "titel": "Analys 2026, andra halvåret"}
    )
    assert response.status_code == 302
    analysis.refresh_from_db()
    assert analysis.title == "Analys 2026, andra halvåret"


# --- Working together ---------------------------------------------------------------------


def reflection(analysis, user, words="Första texten."):
    return analysis.add(Kind.REFLECTION, {"kalla": "individ", "text": words}, user)


def test_a_save_based_on_a_stale_version_shows_both_texts_and_loses_nothing(
    personas, login_as, analysis
):
    item = reflection(analysis, personas.analyst)
    anna, adam = login_as(personas.analyst), login_as(personas.admin)
    # Both open the form at version 1; Adam saves first.
    theirs = {"version": "1", "kalla": "individ", "text": "Adams text."}
    assert adam.post(edit_url(analysis, item.key), theirs).status_code == 302
    mine = {"version": "1", "kalla": "individ", "text": "Annas text."}
    response = anna.post(edit_url(analysis, item.key), mine)
    assert response.status_code == 200
    page = text(response)
    assert "Någon annan har sparat under tiden" in page
    assert "Adams text." in page and "Annas text." in page
    assert "Adam Admin" in page
    # Anna's text stays in the form, now based on Adam's version.
    assert '<textarea name="text"' in page and ">\nAnnas text.</textarea>" in page
    assert 'name="version" value="2"' in page
    item.refresh_from_db()
    assert item.content["text"] == "Adams text." and item.version == 2
    # Saving again replaces Adam's text; his version is kept in the history.
    mine["version"] = "2"
    assert anna.post(edit_url(analysis, item.key), mine).status_code == 302
    texts = [v.content["text"] for v in item.versions.order_by("number")]
    assert texts == ["Första texten.", "Adams text.", "Annas text."]


def test_a_conflict_marks_the_fields_that_differ(personas, login_as, analysis):
    item = reflection(analysis, personas.analyst)
    theirs = {"version": "1", "kalla": "individ", "text": "Adams text."}
    login_as(personas.admin).post(edit_url(analysis, item.key), theirs)
    mine = {"version": "1", "kalla": "individ", "text": "Annas text."}
    page = text(login_as(personas.analyst).post(edit_url(analysis, item.key), mine))
    conflict = page.split("Någon annan har sparat under tiden")[1].split("<form")[0]
    assert conflict.count("skiljer sig") == 2  # the text, in both versions; the source is the same
    assert conflict.count('class="differs-value"') == 2


def test_only_one_of_two_saves_on_the_same_version_wins(personas, analysis):
    item = reflection(analysis, personas.analyst)
    first = Item.objects.get(pk=item.pk)
    second = Item.objects.get(pk=item.pk)
    assert first.change(personas.analyst, 1, {"kalla": "individ", "text": "a"})
    assert not second.change(personas.admin, 1, {"kalla": "individ", "text": "b"})
    assert second.content["text"] == "a" and second.version == 2
    assert item.versions.count() == 2


def test_history_shows_who_saved_what_and_when(personas, login_as, analysis):
    item = reflection(analysis, personas.analyst)
    item.change(personas.admin, 1, {"kalla": "omvarld", "text": "Andra texten."})
    page = text(
        login_as(personas.analyst).get(
            reverse("analyses:item_history", args=[analysis.followup_id, analysis.pk, item.key])
        )
    )
    assert "Version 2 – Adam Admin" in page and "Version 1 – Anna Analytiker" in page
    assert page.index("Andra texten.") < page.index("Första texten.")
    assert "2.3 Omvärld och samhälle" in page


def test_deleting_is_a_new_version_kept_in_history_and_logged(personas, login_as, analysis):
    item = reflection(analysis, personas.analyst)
    client = login_as(personas.analyst)
    url = reverse("analyses:item_delete", args=[analysis.followup_id, analysis.pk, item.key])
    assert client.get(url).status_code == 405
    assert client.post(url, {"version": "1"}).status_code == 302
    item.refresh_from_db()
    assert item.deleted and item.version == 2
    assert [v.deleted for v in item.versions.order_by("number")] == [False, True]
    assert item.versions.get(number=2).content["text"] == "Första texten."
    step2 = text(client.get(reverse("analyses:step", args=[analysis.followup_id, analysis.pk, 2])))
    assert "Första texten." not in step2
    event = AuditEvent.objects.filter(object_type="analysis").latest("at")
    assert event.detail["händelse"] == "borttagen" and event.detail["del"] == item.key


def test_deleting_a_stale_version_is_refused(personas, login_as, analysis):
    item = reflection(analysis, personas.analyst)
    item.change(personas.admin, 1, {"kalla": "individ", "text": "Ny"})
    url = reverse("analyses:item_delete", args=[analysis.followup_id, analysis.pk, item.key])
    response = login_as(personas.analyst).post(url, {"version": "1"}, follow=True)
    assert "Någon annan har ändrat" in text(response)
    item.refresh_from_db()
    assert not item.deleted


def test_a_conclusion_an_action_depends_on_cannot_be_deleted(personas, login_as, analysis):
    c = analysis.add(Kind.CONCLUSION, {"text": "S", "status": "slutsats"}, personas.analyst)
    analysis.add(
        Kind.ACTION,
        {
            "text": "Åtgärd",
            "svarar_mot": [c.key],
            "insats": "latt",
            "effekt": "stor",
            "beslutsniva": "verksamhet",
        },
        personas.analyst,
    )
    url = reverse("analyses:item_delete", args=[analysis.followup_id, analysis.pk, c.key])
    response = login_as(personas.analyst).post(url, {"version": "1"}, follow=True)
    assert "Slutsatsen kan inte tas bort" in text(response)
    c.refresh_from_db()
    assert not c.deleted


def test_a_link_to_a_deleted_pin_disappears_from_the_reflection(personas, login_as, analysis):
    p = pin(analysis, personas.analyst)
    r = analysis.add(
        Kind.REFLECTION,
        {"kalla": "individ", "text": "T", "iakttagelser": [p.key]},
        personas.analyst,
    )
    p.change(personas.analyst, 1, deleted=True)
    page = text(login_as(personas.analyst).get(edit_url(analysis, r.key)))
    assert f'value="{p.key}"' not in page
    from isu.web.analyses.document import document

    assert document(analysis).reflections[0].pins == ()


def test_the_singletons_cannot_be_deleted_or_added(personas, login_as, analysis):
    client = login_as(personas.analyst)
    url = reverse("analyses:item_delete", args=[analysis.followup_id, analysis.pk, "rubrik"])
    assert client.post(url, {"version": "1"}).status_code == 404
    assert client.get(add_url(analysis, "genusbias")).status_code == 404


def test_every_save_is_audit_logged(personas, login_as, analysis):
    client = login_as(personas.analyst)
    client.post(add_url(analysis, "reflektion"), {"kalla": "individ", "text": "x"})
    client.post(edit_url(analysis, "r1"), {"version": "1", "kalla": "individ", "text": "y"})
    details = [e.detail for e in AuditEvent.objects.filter(object_type="analysis").order_by("pk")]
    assert [(d["händelse"], d["del"], d["version"]) for d in details] == [
        ("ny", "r1", 1),
        ("ändrad", "r1", 2),
    ]


def test_an_earlier_version_or_a_deleted_item_can_be_restored(personas, login_as, analysis):
    item = reflection(analysis, personas.analyst)
    item.change(personas.admin, 1, {"kalla": "individ", "text": "Sämre text."})
    item.change(personas.admin, 2, deleted=True)
    client = login_as(personas.analyst)
    history = reverse("analyses:item_history", args=[analysis.followup_id, analysis.pk, item.key])
    assert "Återställ version 1" in text(client.get(history))
    url = reverse("analyses:item_restore", args=[analysis.followup_id, analysis.pk, item.key])
    assert client.post(url, {"version": "3", "number": "1"}).status_code == 302
    item.refresh_from_db()
    assert (item.version, item.deleted, item.content["text"]) == (4, False, "Första texten.")
    stale = client.post(url, {"version": "3", "number": "2"}, follow=True)
    assert "Någon annan har ändrat" in text(stale)


def test_an_action_cannot_be_restored_without_what_it_answers(personas, login_as, analysis):
    c = analysis.add(Kind.CONCLUSION, {"text": "S", "status": "slutsats"}, personas.analyst)
    action = analysis.add(
        Kind.ACTION,
        {
            "text": "Å",
            "svarar_mot": [c.key],
            "insats": "latt",
            "effekt": "stor",
            "beslutsniva": "verksamhet",
        },
        personas.analyst,
    )
    action.change(personas.analyst, 1, deleted=True)
    c.change(personas.analyst, 1, deleted=True)
    url = reverse("analyses:item_restore", args=[analysis.followup_id, analysis.pk, action.key])
    response = login_as(personas.analyst).post(url, {"version": "2", "number": "1"}, follow=True)
    assert "En åtgärd ska svara mot en slutsats" in text(response)
    action.refresh_from_db()
    assert action.deleted


def test_reflections_name_their_source_by_the_methods_heading(personas, login_as, analysis):
    page = text(
        login_as(personas.analyst).get(add_url(analysis, "reflektion") + "?kalla=verksamhet")
    )
    assert '<option value="verksamhet" selected>2.2 Verksamhet och profession</option>' in page


def test_a_pins_comment_can_be_edited_but_not_what_it_points_at(personas, login_as, analysis):
    p = pin(analysis, personas.analyst)
    response = login_as(personas.analyst).post(
        edit_url(analysis, p.key),
        {"version": "1", "typ": "kriterier", "ref": "annat", "kommentar": "Ny kommentar"},
    )
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.content == {"typ": "tabell", "ref": "tabell-1", "kommentar": "Ny kommentar"}
