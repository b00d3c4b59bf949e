import csv
import io
import json

import pytest

from sersearch.errors import SersearchError
from sersearch.export import FIELDS, FORMATTERS, format_for, marked, write_export
from sersearch.models import Hit

HIT = Hit(
    rank=1,
    score=3.5,
    passage_id="doc:0001",
    doc_id="doc",
    title="Advies krapte",
    date="2023-05-01",
    year=2023,
    doc_type="advies",
    page=4,
    page_label="iv",
    section="2 Aanleiding",
    text="De krapte op de arbeidsmarkt, “zegt” de SER.",
    source="/data/advies.pdf",
    citation="Advies krapte, 2023-05-01, p. 4 (iv), § 2 Aanleiding, advies.pdf",
    highlights=((3, 9),),
)


def test_json_and_jsonl_carry_every_field():
    (record,) = json.loads(FORMATTERS["json"]([HIT]))
    assert list(record) == list(FIELDS)
    assert record["highlights"] == [[3, 9]] and record["page_label"] == "iv"
    assert json.loads(FORMATTERS["jsonl"]([HIT]).strip()) == record


def test_csv_columns_are_named_like_the_json_fields():
    rows = list(csv.DictReader(io.StringIO(FORMATTERS["csv"]([HIT]))))
    assert list(rows[0]) == list(FIELDS)
    assert rows[0]["text"] == HIT.text and rows[0]["page"] == "4"


def test_markdown_has_citation_and_bold_matches():
    text = FORMATTERS["md"]([HIT])
    assert HIT.citation in text and "**krapte**" in text


def test_marked_wraps_spans():
    assert marked(HIT, "[", "]") == "De [krapte] op de arbeidsmarkt, “zegt” de SER."


@pytest.mark.parametrize(
    ("name", "fmt"), [("a.csv", "csv"), ("a.JSON", "json"), ("a.md", "md"), ("a.jsonl", "jsonl")]
)
def test_format_from_extension(tmp_path, name, fmt):
    assert format_for(tmp_path / name) == fmt


def test_unknown_extension_asks_for_format(tmp_path):
    with pytest.raises(SersearchError, match="--format"):
        format_for(tmp_path / "a.xyz")


def test_csv_file_opens_in_spreadsheets_with_accents(tmp_path):
    target = tmp_path / "out.csv"
    write_export([HIT], target, "csv")
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")


def test_unwritable_target_is_a_clear_error(tmp_path):
    with pytest.raises(SersearchError, match="cannot write"):
        write_export([HIT], tmp_path / "missing" / "out.json", "json")
