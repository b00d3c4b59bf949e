"""PDF content streams parsed object for object as pdfminer's ``PDFContentParser``.

pdfminer tokenizes a content stream one state-machine step per character run, with a
debug log call per token: most of the time of a text extraction. :func:`parse_content`
hands on the same top-level objects (numbers, names, strings, arrays, dictionaries, inline
images, operators) in the same order, read with one compiled pattern. Constructs whose
outcome in pdfminer depends on its reading machinery (a token cut by the end of a
stream, an inline image without its end marker, an octal escape over 255, a malformed
dictionary) are not imitated: from the start of the object that holds one, pdfminer's
own parser reads the rest of the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from io import BytesIO
from typing import Any

from pdfminer.pdfinterp import LITERALS_ASCII85_DECODE, PDFContentParser
from pdfminer.pdftypes import PDFStream, resolve1, stream_value
from pdfminer.psparser import KWD, LIT, PSEOF, PSKeyword, PSLiteral, literal_name
from pdfminer.utils import choplist

BUFSIZ = PDFContentParser.BUFSIZ  # pdfminer reads streams in chunks of this size
NAME_CHARS = rb"[^/%\[\]()<>{}\s]"  # a name's characters ('#' escapes included)
KEYWORD_CHARS = rb"[^#/%\[\]()<>{}\s]"
TOKEN = re.compile(
    rb"[\s\x00]*+(?:"
    rb"([-+0-9][0-9]*)(?![.0-9])"  # 1 integer
    rb"|([-+0-9][0-9]*\.[0-9]*|\.[0-9]*)"  # 2 real
    rb"|([A-Za-z]" + KEYWORD_CHARS + rb"*)"  # 3 operator, true, false
    rb"|/(" + NAME_CHARS + rb"*)"  # 4 name
    rb"|\(([^()\\]*)\)"  # 5 string without escapes or nested parentheses
    rb"|(\()"  # 6 any other string
    rb"|(<<)|(>>)"  # 7, 8 dictionary
    rb"|<([0-9A-Fa-f\s]*)"  # 9 hex string (its end is read as the next token)
    rb"|(>)"  # 10 a hex string's end
    rb"|(%)[^\r\n]*"  # 11 comment
    rb"|(.)"  # 12 a one-character operator or bracket
    rb"|\Z)",  # whitespace at the end
    re.DOTALL,
)
SPACE = re.compile(rb"[\s\x00]*")
STRING_SPECIAL = re.compile(rb"[()\\]")
OCTAL = re.compile(rb"[0-7]{1,3}")
NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{0,2})")
ESCAPES = dict(zip(b"btnfr()\\", b"\b\t\n\f\r()\\", strict=True))
SPACES = b" \t\n\r\x0b\x0c"
BI, ID, EI = KWD(b"BI"), KWD(b"ID"), KWD(b"EI")
CLOSERS = {b"]": "a", b"}": "p"}
OPENERS = {b"[": "a", b"{": "p"}


class _Fallback(Exception):
    """A construct left to pdfminer's own parser."""


def parse_content(
    streams: Sequence[Any], push: Callable[[Any], object], operate: Callable[[Any], object]
) -> None:
    """Parse the content ``streams`` of a page (or form): ``operate(keyword)`` for each
    top-level operator, ``push(obj)`` for each other top-level object, the objects that
    pdfminer's ``PDFContentParser(streams).nextobject()`` returns until end of data.

    Arrays are lists, dictionaries dicts, inline images ``PDFStream``\\ s followed by
    the ``EI`` operator. Streams are decoded when reached: one that fails to decode
    raises where it does in pdfminer. (No generator: one that is cut short by a
    ``MemoryError`` needs memory to be closed.)
    """
    data_of = _Data(streams)
    kinds: list[str] = []  # the open arrays ("a"), dictionaries ("d"), procedures, image
    lists: list[list[Any]] = []
    outer = (0, 0, 0)  # stream, position and chunk base of the outermost open object
    index = 0
    while index < len(streams):
        data = data_of(index)
        size, base, pos = len(data), 0, 0
        while pos is not None:
            restart = None
            for match in TOKEN.finditer(data, pos):
                group = match.lastindex
                try:
                    if group == 1:
                        try:
                            obj: Any = int(match.group(1))
                        except ValueError:  # a lone sign
                            continue
                        if match.end() == size:
                            data_of.prefetch(index)
                    elif group == 3:
                        word = match.group(3)
                        if match.end() == size:
                            data_of.prefetch(index)
                        if word == b"true" or word == b"false":
                            obj = word == b"true"
                        else:
                            obj = KWD(word)
                            if obj is BI or obj is ID:
                                if obj is BI:
                                    if lists:
                                        raise _Fallback
                                    outer = (index, match.start(3), base)
                                    kinds.append("inline")
                                    lists.append([])
                                    continue
                                if not kinds or kinds[-1] != "inline":
                                    continue  # pdfminer drops a stray ID
                                if match.end() == size:
                                    raise _Fallback
                                start = match.start(3) + 3
                                image, restart = _inline_image(lists[-1], data, start)
                                kinds.pop()
                                lists.pop()
                                base = start
                                push(image)
                                if restart < 0:  # ASCII85 data: EI comes as a token
                                    restart = -restart
                                else:
                                    operate(EI)
                                break
                    elif group == 2:
                        try:
                            obj = float(match.group(2))
                        except ValueError:  # a sign or point without digits
                            continue
                        if match.end() == size:
                            data_of.prefetch(index)
                    elif group == 4:
                        name = match.group(4)
                        if b"#" in name or not name:
                            if match.end() == size:
                                raise _Fallback
                            name = NAME_ESCAPE.sub(_unescape_name, name)
                        elif match.end() == size:
                            data_of.prefetch(index)
                        try:
                            obj = LIT(str(name, "utf-8"))
                        except UnicodeDecodeError:
                            obj = LIT(name)
                    elif group == 5:
                        obj = match.group(5)
                    elif group == 6:
                        obj, restart = _string(data, match.end(), base)
                    elif group == 9:
                        if match.end() == size:
                            raise _Fallback
                        obj = _hex(match.group(9))
                    elif group == 11 or group == 8 or group == 10:
                        if group == 11:
                            continue
                        if group == 10:
                            if match.end() == size:
                                raise _Fallback
                            continue
                        if not kinds or kinds[-1] != "d":
                            continue  # pdfminer ignores an unmatched >>
                        obj = _dictionary(lists[-1])
                        kinds.pop()
                        lists.pop()
                    elif group == 7:
                        if not lists:
                            outer = (index, match.start(7), base)
                        kinds.append("d")
                        lists.append([])
                        continue
                    elif group is None:  # whitespace at the end
                        continue
                    else:
                        char = match.group(12)
                        if char in OPENERS:
                            if not lists:
                                outer = (index, match.start(12), base)
                            kinds.append(OPENERS[char])
                            lists.append([])
                            continue
                        if char in CLOSERS:
                            if not kinds or kinds[-1] != CLOSERS[char]:
                                continue  # pdfminer ignores an unmatched bracket
                            kinds.pop()
                            obj = lists.pop()
                        else:
                            obj = KWD(char)
                except _Fallback:
                    if not lists:
                        outer = (index, SPACE.match(data, match.start()).end(), base)
                    _resume(data_of, outer, streams, push, operate)
                    return
                if lists:
                    lists[-1].append(obj)
                elif obj.__class__ is PSKeyword:
                    operate(obj)
                else:
                    push(obj)
                if restart is not None:
                    break
            pos = restart
        index += 1


class _Data:
    """The decoded data of each stream, read when first asked for."""

    def __init__(self, streams: Sequence[Any]) -> None:
        self.streams = streams
        self.loaded: list[bytes] = []

    def __call__(self, index: int) -> bytes:
        while len(self.loaded) <= index:
            self.loaded.append(stream_value(self.streams[len(self.loaded)]).get_data())
        return self.loaded[index]

    def prefetch(self, index: int) -> None:
        """Decode the streams after ``index`` up to one with data: pdfminer ends a
        token that ends its stream only once it has read what follows."""
        index += 1
        while index < len(self.streams) and not self(index):
            index += 1


def _resume(
    data_of: _Data,
    outer: tuple[int, int, int],
    streams: Sequence[Any],
    push: Callable[[Any], object],
    operate: Callable[[Any], object],
) -> None:
    """pdfminer's own parser from stream ``outer[0]`` at position ``outer[1]`` on."""
    index, pos, base = outer
    parser = _ResumedParser(
        data_of(index)[pos:], BUFSIZ - (pos - base) % BUFSIZ, streams[index + 1 :]
    )
    while True:
        try:
            obj = parser.nextobject()[1]
        except PSEOF:
            return
        if isinstance(obj, PSKeyword):
            operate(obj)
        else:
            push(obj)


class _ResumedParser(PDFContentParser):
    """pdfminer's content parser started inside a stream, reading in the same chunks
    (a backslash-CR-LF in a string is a line continuation only within one chunk)."""

    def __init__(self, head: bytes, first_chunk: int, streams: Sequence[Any]) -> None:
        self.head: bytes | None = head
        super().__init__(streams)
        self.BUFSIZ = first_chunk

    def fillfp(self) -> bool:
        if not self.fp and self.head is not None:
            self.fp, self.head = BytesIO(self.head), None
            return True
        return super().fillfp()

    def fillbuf(self) -> bool:
        changed = super().fillbuf()
        self.BUFSIZ = BUFSIZ
        return changed


def _string(data: bytes, pos: int, base: int) -> tuple[bytes, int]:
    """The literal string whose ``(`` ends at ``pos``, and the position after its ``)``:
    pdfminer's escapes, nested parentheses, line continuations."""
    out = bytearray()
    depth, size = 1, len(data)
    while True:
        match = STRING_SPECIAL.search(data, pos)
        if match is None:
            raise _Fallback
        at = match.start()
        out += data[pos:at]
        char = data[at]
        pos = at + 1
        if char == 0x5C:  # backslash
            if pos >= size:
                raise _Fallback
            octal = OCTAL.match(data, pos)
            if octal:
                code = int(octal.group(), 8)
                if octal.end() >= size or code > 255:
                    raise _Fallback
                out.append(code)
                pos = octal.end()
            else:
                escaped = data[pos]
                if escaped in ESCAPES:
                    out.append(ESCAPES[escaped])
                elif escaped == 0x0D and data[pos + 1 : pos + 2] == b"\n":
                    pos += (pos - base) % BUFSIZ != BUFSIZ - 1  # the LF in the same chunk
                pos += 1
        elif char == 0x28:
            depth += 1
            out.append(char)
        else:
            depth -= 1
            if not depth:
                return bytes(out), pos
            out.append(char)


def _hex(digits: bytes) -> bytes:
    """pdfminer's hex string: pairs of digits, a last odd digit as its own value."""
    digits = digits.translate(None, SPACES)
    data = bytes.fromhex(digits[: len(digits) // 2 * 2].decode())
    return data + bytes((int(digits[-1:], 16),)) if len(digits) % 2 else data


def _unescape_name(match: re.Match[bytes]) -> bytes:
    digits = match.group(1)
    return bytes((int(digits, 16),)) if digits else b""


def _dictionary(objs: list[Any]) -> dict[str, Any]:
    if len(objs) % 2:
        raise _Fallback  # pdfminer raises PSSyntaxError
    return {literal_name(k): v for (k, v) in choplist(2, objs) if v is not None}


def _inline_image(objs: list[Any], data: bytes, start: int) -> tuple[PDFStream, int]:
    """The inline image whose ``ID`` is followed by data at ``start``, and the position
    after its end marker (negative for ASCII85 data, whose ``EI`` stays in the stream)."""
    if len(objs) % 2:
        raise _Fallback  # pdfminer parses the image data as operators
    try:
        attrs = {literal_name(k): resolve1(v) for (k, v) in choplist(2, objs)}
        marker = b"EI"
        filters = attrs.get("F")
        if filters is not None:
            if isinstance(filters, PSLiteral):
                filters = [filters]
            if filters[0] in LITERALS_ASCII85_DECODE:
                marker = b"~>"
    except Exception as exc:  # pdfminer raises it
        raise _Fallback from exc
    end = _marker_end(data, start, marker)
    image = re.sub(rb"(\x0d\x0a|[\x0d\x0a])$", b"", data[start : end - 3])
    if marker == b"EI":
        return PDFStream(attrs, image), end
    return PDFStream(attrs, image + marker), -end


def _marker_end(data: bytes, pos: int, marker: bytes) -> int:
    """The position after ``marker`` and one whitespace byte, found as pdfminer finds it
    (a byte that breaks a partial match is not looked at again)."""
    size = len(data)
    while True:
        pos = data.find(marker[:1], pos)
        if pos < 0 or pos + 2 >= size:
            raise _Fallback  # the image runs on past its stream
        if data[pos + 1] != marker[1]:
            pos += 2
        elif data[pos + 2] in SPACES:
            return pos + 3
        else:
            pos += 3
