"""PDFs built to hurt an extractor: each one small on disk, costly to read."""

from __future__ import annotations

import zlib
from pathlib import Path

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def write_pdf(path: Path, objects: list[bytes]) -> Path:
    """A PDF of ``objects`` (object 1 is the catalog) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))
    return path


def stream(data: bytes, *, compressed: bytes | None = None) -> bytes:
    if compressed is not None:
        return (
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(compressed)
            + compressed
            + b"\nendstream"
        )
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def one_page(path: Path, content: bytes, *, media_box: bytes = b"[0 0 595 842]") -> Path:
    return write_pdf(
        path,
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox "
            + media_box
            + b" /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            content,
            FONT,
        ],
    )


def inflating(path: Path, megabytes: int) -> Path:
    """A page whose content stream inflates from about a thousandth of its size."""
    compressor = zlib.compressobj(9)
    chunk = b" " * 2**20
    packed = b"".join(compressor.compress(chunk) for _ in range(megabytes))
    packed += compressor.flush()
    return one_page(path, stream(b"", compressed=packed))


def many_operators(path: Path, count: int) -> Path:
    """A page of ``count`` tiny text-showing operators."""
    body = b"BT /F1 1 Tf " + b"(a) Tj 0.01 0 Td " * count + b"ET"
    return one_page(path, stream(b"", compressed=zlib.compress(body, 9)))


def cyclic_page_tree(path: Path) -> Path:
    """A page tree whose node lists itself among its kids."""
    return write_pdf(
        path,
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            stream(b"BT ET"),
        ],
    )


def many_pages(path: Path, count: int) -> Path:
    """``count`` empty pages sharing one content stream."""
    kids = b" ".join(b"%d 0 R" % (4 + n) for n in range(count))
    pages = [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"] * count
    return write_pdf(
        path,
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
            stream(b"BT ET"),
            *pages,
        ],
    )


def giant_page(path: Path, points: int) -> Path:
    """A page ``points`` points wide and high, with a line of text."""
    box = b"[0 0 %d %d]" % (points, points)
    return one_page(path, stream(b"BT /F1 12 Tf 72 72 Td (Welvaart) Tj ET"), media_box=box)


def deep_nesting(path: Path, depth: int) -> Path:
    """A page whose resources hold arrays nested ``depth`` levels deep."""
    nested = b"[" * depth + b"]" * depth
    return write_pdf(
        path,
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Deep " + nested + b" >> >>",
            stream(b"BT ET"),
        ],
    )
