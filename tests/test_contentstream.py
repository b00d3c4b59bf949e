"""sersearch.contentstream gives exactly the objects pdfminer's PDFContentParser gives.

Hand-written streams cover each construct (and every way of cutting them into two
streams); the content streams of the shared corpora are compared whole. The
interpreter built on it (sersearch.pdfdevice) is checked on the corpora in
test_pdf_interpreter.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from pdfminer.pdfinterp import PDFContentParser
from pdfminer.pdftypes import PDFStream
from pdfminer.psparser import KWD, PSEOF, PSKeyword

from sersearch import contentstream
from sersearch.contentstream import BUFSIZ, parse_content

CONSTRUCTS = [
    # numbers: pdfminer's odd cases included
    b"1 -2 +3 4.5 -.5 .5 5. -0 007 --5 +-5 - + . -. 1.2.3 ..5 5..5 1-2 3+4",
    b"0 0 1 rg5 Tf12.5TL",
    # operators, booleans, one-character operators
    b"q Q BT ET T* ' \" true false null Tj0 a#b d0 \x80 ; ! ) }",
    # names, with #xx escapes and odd ones
    b"/Name /A#20B /A#2 /A#G /A# /A#414 /#41#42 / /a/b /\xc3\xa9 /\xff /A.B-C_D*E",
    # literal strings
    b"(plain) () (a\\(b\\)c) (nested (one (two)) back) (\\101\\7\\78\\0101\\1a)",
    b"(esc \\n\\r\\t\\b\\f\\\\ \\q \\8 end) (line\\\ncont) (crlf\\\r\ncont) (cr\\\rx)",
    b"(\\\n) (\\)) (\\() (a)(b)(c) (\xff\x00\x01 binary)",
    # hex strings
    b"<48656C6C6F> <48 65 6c\n6C 6F> <ABC> <> <a> <4x> <ab>> <ab>>> <<>> <ab<</A 1>>",
    # arrays, dictionaries, procedures, unmatched brackets
    b"[1 (a) -250 (b)] TJ [[1 2] [3 [4]]] << /A 1 /B [2 3] /C << /D /E >> >> BDC",
    b"/P <</MCID 3>> BDC EMC { 1 2 } ] >> } [ 1 >> 2 ] Tj",
    # comments and NUL bytes
    b"% a comment\n1 0 0 1 0 0 cm %another\r(after) Tj\x00 q\x00Q %end",
    # inline images: plain, ASCII85, marker inside the data, ASCII85 filter in an array
    b"q BI /W 2 /H 2 /BPC 8 /CS /G ID \x00\x01\x02\x03 EI Q",
    b"BI /W 1 /H 1 ID EEI EIEI\nEI  Q",
    b'BI /W 1 /H 1 /F /A85 ID 87cURD]i,"Ebo80~> EI Q',
    b"BI /W 1 /H 1 /F [/ASCII85Decode /FlateDecode] ID abc~>\nEI",
    b"BI /W 1 /H 1 /F /AHx ID 00ff\r\nEI\nQ",
    b"BI /W 1 /H 1 ID\n\r\nEI Q BI /W 1 /H 1 ID xy EI\n",
    # a stray ID, EI without an image
    b"1 ID 2 EI 3",
]
# Constructs where pdfminer's own parser takes over, or that end the page early.
ODD = [
    b"(unterminated string 1 2 Td",
    b"1 2 Td <48 65",
    b"1 2 /",
    b"(octal over 255 \\777) Tj 1 2 Td",
    b"<< /A 1 /B >> 1 2 Td",
    b"BI /W 1 /H ID data EI Q 1 2 Td",
    b"BI /W 1 ID\n\r\nEI Q BI /W 1 /H 1 ID xy EI",
    b"BI /W 1 /H 1 /F [] ID data EI Q",
    b"BI /W 1 /H 1 ID data without its end",
    b"[ BI /W 1 ID x EI ] 1 Tj",
    b"[ (open array 1 2 Td",
    b"(ends in octal \\12",
    b"(ends after a backslash \\",
    b"/ends#4",
    b"1 2 Td >",
]


def reference(streams: list[PDFStream]) -> list[Any]:
    """pdfminer's objects, then the type of the exception that ended them (if not EOF)."""
    out: list[Any] = []
    try:
        parser = PDFContentParser(streams)
        while True:
            out.append(normal(parser.nextobject()[1]))
    except PSEOF:
        pass
    except Exception as exc:
        out.append(("raised", type(exc).__name__))
    return out


def ours(streams: list[PDFStream]) -> list[Any]:
    out: list[Any] = []
    try:
        parse_content(streams, lambda obj: out.append(normal(obj)), out.append)
    except Exception as exc:
        out.append(("raised", type(exc).__name__))
    return [normal(obj) if isinstance(obj, PSKeyword) else obj for obj in out]


def normal(obj: Any) -> Any:
    """A comparable form: types kept (1 is not 1.0), streams by attributes and data."""
    if isinstance(obj, list):
        return ["list", *map(normal, obj)]
    if isinstance(obj, dict):
        return ["dict", *((key, normal(value)) for key, value in obj.items())]
    if isinstance(obj, PDFStream):
        return ["stream", normal(obj.attrs), obj.rawdata]
    return (type(obj).__name__, obj)  # names and operators are interned: compared by identity


def streams_of(*datas: bytes) -> list[PDFStream]:
    return [PDFStream({}, data) for data in datas]


@pytest.mark.parametrize("data", CONSTRUCTS + ODD)
def test_each_construct_gives_pdfminers_objects(data: bytes) -> None:
    expected = reference(streams_of(data))
    assert len(expected) > 1 or data in ODD
    assert ours(streams_of(data)) == expected


@pytest.mark.parametrize(
    ("data", "resumes"), [(data, False) for data in CONSTRUCTS] + [(data, True) for data in ODD]
)
def test_only_odd_constructs_are_left_to_pdfminers_parser(
    data: bytes, resumes: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    resumed: list[object] = []
    monkeypatch.setattr(contentstream, "_ResumedParser", _counting(resumed))
    assert ours(streams_of(data)) == reference(streams_of(data))
    assert bool(resumed) is resumes


def _counting(calls: list[object]) -> type:
    class Counting(contentstream._ResumedParser):
        def __init__(self, *args: Any) -> None:
            calls.append(args)
            super().__init__(*args)

    return Counting


@pytest.mark.parametrize("data", CONSTRUCTS + ODD)
def test_streams_cut_anywhere_give_pdfminers_objects(data: bytes) -> None:
    """A page's content may be split over several streams at any byte."""
    for cut in range(len(data) + 1):
        parts = streams_of(data[:cut], data[cut:])
        assert ours(parts) == reference(parts), cut


def test_three_streams_with_empty_ones_between() -> None:
    parts = streams_of(b"q 1 0 0 1 0 0 cm", b"", b"BT /F1 12 Tf", b"", b"(x) Tj ET Q", b"")
    assert ours(parts) == reference(parts)
    assert ours([]) == reference([]) == []


def test_objects_whose_parts_pdfminer_reads_in_different_chunks() -> None:
    """pdfminer reads 4096-byte chunks; a backslash-CR-LF line continuation split by a
    chunk keeps its LF. Chunks restart where an inline image's data starts."""
    for head in (b"", b"q BI /W 1 /H 1 ID xy EI\n"):
        base = head.find(b"ID") + 3 if head else 0
        for shift in range(-2, 3):
            pad = b" " * (base + BUFSIZ - 1 + shift - len(head) - len(b"(ab\\"))
            data = head + pad + b"(ab\\\r\ncd) Tj (\\101) Tj"
            assert data.index(b"\r") == base + BUFSIZ - 1 + shift
            assert ours(streams_of(data)) == reference(streams_of(data)), (shift, head)
            odd = head + pad + b"(ab\\\r\ncd) Tj (open"
            assert ours(streams_of(odd, b"x) Tj")) == reference(streams_of(odd, b"x) Tj"))


class Undecodable(PDFStream):
    def get_data(self) -> bytes:
        raise ValueError("bad data")


def test_a_stream_that_cannot_be_decoded_fails_where_pdfminer_fails() -> None:
    for tail in (b"1 2 Td", b"1 2 Td\n"):
        parts = [*streams_of(tail), Undecodable({}, b"")]
        assert ours(parts) == reference(parts)
        assert ours(parts)[-1] == ("raised", "ValueError")


def test_operands_and_operators_are_handed_on_as_they_are_read() -> None:
    """Each operator is run before the next object is read (a page's operators can
    change what follows, and a long page is never held in memory as objects)."""
    seen: list[Any] = []

    def operate(keyword: Any) -> None:
        seen.append(normal(keyword))
        if len(seen) == 7:
            raise StopIteration

    with pytest.raises(StopIteration):
        parse_content(streams_of(b"(a) Tj 0.01 0 Td " * 200_000), seen.append, operate)
    tj, td = ("PSKeyword", KWD(b"Tj")), ("PSKeyword", KWD(b"Td"))
    assert seen == [b"a", tj, 0.01, 0, td, b"a", tj]
