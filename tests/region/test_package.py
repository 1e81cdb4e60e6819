"""The aggregate package: only published counts, sealed with a checksum that detects alteration."""

import hashlib
import json
import zipfile

import numpy as np
import pytest
from tests.region.conftest import package, records

from isu.region.package_file import (
    CHECKSUM,
    CONTENT,
    PackageError,
    canonical,
    read_package,
    write_package,
)


def test_a_written_package_reads_back_equal(tmp_path):
    original = package("Ale", 300, 11)
    path = tmp_path / "ale.zip"
    write_package(original, path)
    read = read_package(path)
    assert canonical(read) == canonical(original)
    assert read.source == "ale.zip"


def test_the_checksum_is_the_sha256_of_the_canonical_content(tmp_path):
    path = tmp_path / "ale.zip"
    write_package(package("Ale", 300, 11), path)
    with zipfile.ZipFile(path) as archive:
        content, recorded = archive.read(CONTENT), archive.read(CHECKSUM).decode()
    assert recorded.split()[0] == hashlib.sha256(content).hexdigest()
    lines = content.rstrip(b"\n").split(b"\n")
    assert len(lines) == 1 + len(json.loads(lines[0])["tabeller"])
    for line in lines:
        again = json.dumps(
            json.loads(line), ensure_ascii=False, sort_keys=True, separators=(",", ":")
        ).encode()
        assert line == again


def _rewrite(path, edit):
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members[CONTENT] = edit(members[CONTENT])
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_a_tampered_package_is_rejected_naming_the_file(tmp_path):
    path = tmp_path / "ale.zip"
    write_package(package("Ale", 300, 11), path)

    def raise_a_count(data):
        head, first, *rest = data.split(b"\n")
        margins = json.loads(first)
        margins[0]["antal"][0] += 10  # the grand total of the first table
        changed = json.dumps(margins, sort_keys=True, separators=(",", ":")).encode()
        return b"\n".join([head, changed, *rest])

    _rewrite(path, raise_a_count)
    with pytest.raises(PackageError, match=r"ale\.zip: kontrollsumman stämmer inte"):
        read_package(path)


def test_a_file_that_is_not_a_package_is_rejected(tmp_path):
    path = tmp_path / "data.zip"
    path.write_text("personnummer;kon\n", encoding="utf-8")
    with pytest.raises(PackageError, match=r"data\.zip: filen är inget regionpaket"):
        read_package(path)


def test_the_package_holds_no_records_pseudonyms_or_personnummer(tmp_path):
    path = tmp_path / "ale.zip"
    write_package(package("Ale", 300, 11), path)
    with zipfile.ZipFile(path) as archive:
        text = archive.read(CONTENT).decode()
    data = records(300, 11)
    for pseudonym in data["pseudonym"].head(50):
        assert pseudonym not in text
    assert "pseudonym" not in text
    assert "personnummer" not in text
    assert (
        json.loads(text.split("\n")[0])["tabeller"][0]["id"]
        == "beslut/utsatthet=bristande_omsorg/kon"
    )


def test_every_published_count_is_zero_or_at_least_the_threshold():
    found = package("Dals-Ed", 40, 13)
    hidden = 0
    for table in found.tables:
        for margin in table.margins.values():
            shown = margin.values[~margin.hidden]
            assert not ((shown >= 1) & (shown < found.threshold)).any(), table.id
            hidden += int(margin.hidden.sum())
    assert hidden > 0  # a municipality of 40 children has cells to hide


def test_tables_are_by_sex_and_background_and_criteria_are_by_sex_and_outcome():
    found = package("Ale", 300, 11)
    ids = {t.id for t in found.tables}
    assert "beslut/beslut_insats/kon" in ids
    assert "beslut/beslut_insats/fodelseland" in ids
    assert "beslut/beslut_insats/kriterium/risk" in ids
    assert not any(i.endswith("/period") or i.endswith("/konsidentitet") for i in ids)
    table = found.table("beslut/beslut_insats/kriterium/risk")
    assert [a.key for a in table.axes] == ["juridiskt_kon", "risk", "beslut_insats"]
    assert table.axis("risk").codes[-1] == ""  # «Uppgift saknas» kept so margins add up


def test_margins_of_a_table_add_up_where_published():
    table = package("Borås", 700, 12).table("beslut/beslut_insats/fodelseland")
    base = table.margin("juridiskt_kon", "fodelseland", "beslut_insats").values
    by_sex = table.margin("juridiskt_kon", "beslut_insats").values
    rows = ~np.isnan(base).any(axis=1)
    assert np.array_equal(base.sum(axis=1)[rows], by_sex[rows])


def test_every_cell_shared_with_step_1_is_hidden_in_both_or_shown_in_both():
    """Protected in step 1's order, a package cannot show a cell the municipality's own step-1
    report hides (or the reverse), so the two publications together reveal nothing more."""
    from isu.analysis import analyse_records
    from isu.demo import generate

    step1 = analyse_records(records(40, 13), generate(children=0).codebook)
    found = package("Dals-Ed", 40, 13)
    compared = 0
    for table in found.tables:
        if table.kind != "tabell":
            continue
        shown = step1.table(table.id)
        sex, *rest = table.axes[:-1]
        variable = table.axis(table.variable)
        for row in shown.rows:
            group = dict(row.group)
            index = tuple(
                axis.codes.index(group[axis.key])
                for axis in (sex, *rest)
                if group.get(axis.key) is not None
            )
            dims = tuple(a.key for a in (sex, *rest) if group.get(a.key) is not None)
            cells = table.margin(*dims, variable.key).hidden[index]
            assert [c.count is None for c in row.cells] == cells.tolist(), (table.id, row.group)
            compared += len(row.cells)
    assert compared > 1000


def test_a_resealed_package_that_shows_a_small_count_is_rejected(tmp_path):
    """A checksum recomputed after the edit passes (it detects alteration, not forgery); the
    small count is caught all the same."""
    path = tmp_path / "ale.zip"
    write_package(package("Ale", 300, 11), path)

    def show_a_small_count(data):
        head, first, *rest = data.split(b"\n")
        margins = json.loads(first)
        margins[-1]["antal"][0] = 3
        changed = json.dumps(margins, sort_keys=True, separators=(",", ":")).encode()
        return b"\n".join([head, changed, *rest])

    _rewrite(path, show_a_small_count)
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    digest = hashlib.sha256(members[CONTENT]).hexdigest()
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(CONTENT, members[CONTENT])
        archive.writestr(CHECKSUM, f"{digest}  {CONTENT}\n")
    with pytest.raises(PackageError, match=r"ale\.zip: tabellen .* visar antal under 5"):
        read_package(path)
