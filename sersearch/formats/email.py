"""E-mail messages (.eml) with the standard library's ``email`` package.

The message is one document: its headers (Van, Aan, Cc, Datum, Onderwerp) and its
text body (the plain-text alternative, else the HTML one as text). Each attachment
is read by the reader for its type and becomes a :class:`~sersearch.models.Part`, a
document of its own; an attachment that cannot be read is a warning on the message.
Metadata: the subject as title, the sender as author, the ``Date`` header as date.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from sersearch.errors import NotReadableError, SersearchError
from sersearch.formats import LineBuilder, check_size, pdf_date
from sersearch.models import Extraction, Part

# Messages with several large attachments reach tens of MB; more is not a letter.
MAX_EMAIL_BYTES = 64 * 2**20
# The header block written above the body, with Dutch labels as in printed e-mails.
HEADER_LABELS = (("From", "Van"), ("To", "Aan"), ("Cc", "Cc"), ("Date", "Datum"))
_UNSAFE_NAME = re.compile(r"[^\w.\- ]+")


def extract_email(path: Path) -> Extraction:
    """Extract an e-mail message, its attachments as parts."""
    from sersearch.extract import read_bytes

    check_size(path, MAX_EMAIL_BYTES, "an e-mail")
    try:
        message = BytesParser(policy=policy.default).parsebytes(read_bytes(path))
    except (ValueError, TypeError, IndexError, LookupError) as exc:
        raise NotReadableError(f"{path.name}: not a readable e-mail ({exc})") from exc
    if not isinstance(message, EmailMessage) or not message.keys():
        raise NotReadableError(f"{path.name}: not an e-mail message (no headers)")
    warnings: list[str] = []
    headers = {name: _header(message, name, warnings) for name in ("From", "To", "Cc", "Date")}
    subject = _header(message, "Subject", warnings)
    builder = LineBuilder()
    block = [f"{label}: {headers[name]}" for name, label in HEADER_LABELS if headers[name]]
    if subject:
        block.append(f"Onderwerp: {subject}")
    builder.paragraph("\n".join(block))
    builder.paragraph(_body(message, warnings))
    parts = tuple(_attachments(message, warnings))
    info = {
        "Title": subject,
        "Author": _sender(message),
        "Date": pdf_date(_date(message)),
    }
    return builder.extraction(info, tuple(warnings), parts)


def _header(message: EmailMessage, name: str, warnings: list[str]) -> str:
    """A header's decoded value; a malformed one as written, with a warning."""
    raw = next((value for key, value in message.raw_items() if key.lower() == name.lower()), None)
    if raw is None:
        return ""
    try:
        value = message[name]
        if not value.defects:
            return " ".join(str(value).split())
    except Exception:  # the header parser raises many kinds on malformed input
        pass
    warnings.append(f"malformed {name} header, kept as written")
    return " ".join(str(raw).split())


def _sender(message: EmailMessage) -> str:
    try:
        addresses = message["From"].addresses
    except Exception:  # absent or malformed: the header block already warns
        return ""
    if not addresses:
        return ""
    return addresses[0].display_name or addresses[0].addr_spec


def _date(message: EmailMessage):  # type: ignore[no-untyped-def]
    try:
        return message["Date"].datetime
    except Exception:  # absent or malformed: the header block already warns
        return None


def _body(message: EmailMessage, warnings: list[str]) -> str:
    """The plain-text body, else the HTML body as text."""
    from sersearch.formats.html import html_text

    try:
        body = message.get_body(preferencelist=("plain", "html"))
        if body is None:
            return ""
        content = body.get_content()
    except Exception as exc:  # a malformed body part or an unknown charset
        warnings.append(f"body not readable ({type(exc).__name__}: {exc})")
        return ""
    if not isinstance(content, str):
        return ""
    return html_text(content) if body.get_content_subtype() == "html" else content


def _attachments(message: EmailMessage, warnings: list[str]) -> Iterator[Part]:
    """Each attachment read as a document; nested parts (an attached e-mail's own
    attachments) follow it, named by their path (``doorgestuurd.eml › bijlage.pdf``)."""
    from sersearch.extract import extract_file

    for number, attachment in enumerate(message.iter_attachments(), start=1):
        name = _file_name(attachment, number)
        try:
            data = _payload(attachment)
            with tempfile.TemporaryDirectory(prefix="sersearch-") as folder:
                file = Path(folder, name)
                file.write_bytes(data)
                extraction = extract_file(file)
        except SersearchError as exc:
            warnings.append(f"attachment {exc}")
            continue
        except (OSError, ValueError, LookupError) as exc:
            warnings.append(f"attachment {name}: not readable ({type(exc).__name__})")
            continue
        yield Part(name, replace(extraction, parts=()))
        for part in extraction.parts:
            yield Part(f"{name} › {part.name}", part.extraction)


def _payload(attachment: EmailMessage) -> bytes:
    if attachment.get_content_maintype() == "message":
        inner = attachment.get_content()
        return bytes(inner) if isinstance(inner, EmailMessage) else b""
    data = attachment.get_payload(decode=True)
    return data if isinstance(data, bytes) else b""


def _file_name(attachment: EmailMessage, number: int) -> str:
    """The attachment's file name made safe for a file system, or one from its type."""
    name = Path(str(attachment.get_filename() or "")).name
    name = _UNSAFE_NAME.sub("_", name).strip(" .")[:120]
    if name:
        return name
    if attachment.get_content_maintype() == "message":
        return f"bijlage-{number}.eml"
    suffix = {"application/pdf": ".pdf", "text/plain": ".txt", "text/html": ".html"}
    return f"bijlage-{number}{suffix.get(attachment.get_content_type(), '')}"
