"""Indexing folders of mixed formats: e-mail attachments as documents of their own
(updated and removed with their message), files of other types reported, and hostile
files of the new formats refused with a one-line reason while the rest is indexed."""

from __future__ import annotations

import zipfile
from pathlib import Path

from click.testing import CliRunner
from formatgen import email_message, pdf_bytes, write_docx, write_email

from sersearch.browse import list_documents
from sersearch.cli import cli
from sersearch.search import search
from sersearch.update import update_index

BODY = (
    "Het college informeert de raad over de voortgang van de energietransitie in de "
    "gemeente en over de rol van de inwoners bij de nieuwe windturbines aan de dijk."
)


def mail_with_report(tmp_path: Path, word: str, name: str = "rapport.pdf") -> bytes:
    report = pdf_bytes(
        tmp_path / f"{word}.pdf",
        f"Onderzoek naar {word} bij het windpark",
        f"De onderzoekers vonden {word} bij twaalf van de veertien woningen in de buurt.",
    )
    message = email_message(
        "Onderzoek windpark",
        f"Beste raadsleden,\n\nBijgaand het onderzoek.\n\n{BODY}",
        attachments=[(name, report, "application/pdf")],
    )
    return bytes(message)


def test_attachments_are_documents_updated_and_removed_with_their_message(tmp_path):
    folder, index_dir = tmp_path / "docs", tmp_path / "index"
    folder.mkdir()
    mail = folder / "bericht.eml"
    mail.write_bytes(mail_with_report(tmp_path, "laagfrequentgeluid"))

    first = update_index(index_dir, [folder], workers=1)
    assert first.ok and first.added == [str(mail)]
    hits = search(index_dir, "laagfrequentgeluid").hits
    assert hits and all(hit.doc_id.endswith("-1") for hit in hits)
    assert "rapport.pdf" in hits[0].citation and "bericht.eml" in hits[0].citation
    assert hits[0].page == 1
    records = list_documents(index_dir)
    assert sorted(record.part or "" for record in records) == ["", "rapport.pdf"]
    assert {record.source for record in records} == {str(mail)}

    mail.write_bytes(mail_with_report(tmp_path, "slagschaduw", name="tweede-rapport.pdf"))
    second = update_index(index_dir, [folder], workers=1)
    assert second.updated == [str(mail)]
    assert search(index_dir, "laagfrequentgeluid").hits == []
    (hit, *_) = search(index_dir, "slagschaduw").hits
    assert "tweede-rapport.pdf" in hit.citation
    assert sorted(r.part or "" for r in list_documents(index_dir)) == ["", "tweede-rapport.pdf"]

    assert update_index(index_dir, [folder], workers=1).unchanged == [str(mail)]

    mail.unlink()
    third = update_index(index_dir, [folder], workers=1)
    assert third.removed == [str(mail)]
    assert list_documents(index_dir) == []
    assert search(index_dir, "slagschaduw").hits == []


def test_files_of_other_types_are_reported_not_failed(tmp_path):
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    (folder / "brief.txt").write_text(BODY, encoding="utf-8")
    (folder / "sub" / "begroting.xlsx").write_bytes(b"PK\x03\x04")
    (folder / "foto.JPG").write_bytes(b"\xff\xd8\xff")
    (folder / "zonder-extensie").write_text("x", encoding="utf-8")
    (folder / ".verborgen.xlsx").write_bytes(b"x")
    (folder / ".git").mkdir()
    (folder / ".git" / "config").write_text("x", encoding="utf-8")
    (folder / "catalog.csv").write_text("file,title\nbrief.txt,Brief\n", encoding="utf-8")

    report = update_index(tmp_path / "index", [folder], workers=1)
    assert report.ok and report.added == [str(folder / "brief.txt")]
    assert dict(report.unsupported) == {
        str(folder / "sub" / "begroting.xlsx"): "not a supported type (.xlsx)",
        str(folder / "foto.JPG"): "not a supported type (.JPG)",
        str(folder / "zonder-extensie"): "not a supported type (no suffix)",
    }

    result = CliRunner().invoke(cli, ["index", str(folder), "--index", str(tmp_path / "i2")])
    assert result.exit_code == 0, result.output
    assert "begroting.xlsx: not a supported type (.xlsx)" in result.output
    assert "verborgen" not in result.output and "config" not in result.output


def test_a_named_file_of_another_type_is_still_a_failure(tmp_path):
    sheet = tmp_path / "begroting.xlsx"
    sheet.write_bytes(b"PK\x03\x04")
    report = update_index(tmp_path / "index", [sheet], workers=1)
    assert not report.ok
    assert report.failed[0][1].startswith("not a supported type (.xlsx); sersearch reads .docx")


def write_zip_bomb(path: Path, megabytes: int) -> Path:
    """A .docx-named zip whose one member unpacks to ``megabytes`` of zeros (it packs
    to about a thousandth of that)."""
    chunk = bytes(2**20)
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package,
        package.open("word/document.xml", "w", force_zip64=True) as member,
    ):
        for _ in range(megabytes):
            member.write(chunk)
    return path


def test_hostile_files_fail_with_one_line_each_and_the_rest_is_indexed(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    write_docx(folder / "goed.docx", [(1, "Inleiding"), (None, BODY)])
    (folder / "kapot.docx").write_bytes(b"PK\x03\x04" + bytes(range(256)) * 40)
    bomb = write_zip_bomb(folder / "bom.docx", 300)
    assert bomb.stat().st_size < 2 * 2**20
    with (folder / "groot.html").open("w", encoding="utf-8") as handle:
        handle.write("<html><body>")
        for _ in range(50 * 1024):
            handle.write("<p>" + "windturbine " * 85 + "</p>")
    (folder / "rommel.eml").write_bytes(bytes(range(256)) * 8)
    write_email(
        folder / "kapotte-kop.eml",
        email_message("Vraag over de dijk", f"Beste griffie,\n\n{BODY}", sender="Jan"),
    )

    report = update_index(tmp_path / "index", [folder], workers=2)
    failed = dict(report.failed)
    assert set(report.added) == {str(folder / "goed.docx"), str(folder / "kapotte-kop.eml")}
    assert (
        "not a Word document (not a zip package), or corrupt" in failed[str(folder / "kapot.docx")]
    )
    assert "would unpack to 300 MB" in failed[str(bomb)]
    assert "too large for a web page" in failed[str(folder / "groot.html")]
    assert "not an e-mail message" in failed[str(folder / "rommel.eml")]
    assert all("\n" not in reason and len(reason) < 300 for reason in failed.values())
    assert search(tmp_path / "index", "windturbines dijk").hits
