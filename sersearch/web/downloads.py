"""Results as data: exports to download and the JSON API (the CLI's ``--format json``)."""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from sersearch.citations import CITATION_FORMATTERS
from sersearch.errors import SersearchError
from sersearch.export import FORMATTERS, SUFFIX_FORMATS, export_text
from sersearch.web.app import error_page, library_error
from sersearch.web.files import disposition
from sersearch.web.forms import FormError, SearchForm, api_limit, export_limit, run_search
from sersearch.web.index_view import IndexView

MEDIA_TYPES = {
    "json": "application/json",
    "jsonl": "application/x-ndjson",
    "csv": "text/csv",
    "md": "text/markdown",
    "ris": "application/x-research-info-systems",
    "bibtex": "application/x-bibtex",
    "csljson": "application/vnd.citationstyles.csl+json",
}
# The file extension of each export format: the first the CLI reads it from.
EXTENSIONS = {
    **{fmt: suffix for suffix, fmt in reversed(SUFFIX_FORMATS.items())},
    "csljson": ".json",
}


LABELS = {
    "json": "JSON",
    "jsonl": "JSON Lines",
    "csv": "CSV",
    "md": "Markdown",
    "text": "tekst",
    "ris": "RIS",
    "bibtex": "BibTeX",
    "csljson": "CSL-JSON",
}


def export_formats() -> list[tuple[str, str]]:
    """(format, link text) of every export format ``sersearch export`` knows: the
    passages, and the citations for reference managers."""
    return [(fmt, LABELS.get(fmt, fmt)) for fmt in (*FORMATTERS, *CITATION_FORMATTERS)]


def export(request: Request) -> Response:
    """The results of the search in the URL as a file to download (``limit`` hits,
    50 by default as ``sersearch export``), in the same formats as that command."""
    fmt = request.path_params["fmt"]
    if fmt not in FORMATTERS and fmt not in CITATION_FORMATTERS:
        return error_page(request, 404, f"Onbekend exportformaat {fmt!r}.")
    try:
        form = SearchForm.parse(request.query_params)
        if not form.q:
            raise FormError("Geef een zoekvraag (q) om de resultaten te exporteren.")
        view = _view(request)
        result = run_search(view, form, export_limit(request.query_params.get("limit")))
        body = export_text(result.hits, fmt, view.catalogue().documents)
    except FormError as error:
        return error_page(request, 400, str(error))
    except SersearchError as error:
        return library_error(request, error)
    # As ``sersearch export``: CSV with a byte-order mark, so spreadsheets read accents right.
    encoded = body.encode("utf-8-sig" if fmt == "csv" else "utf-8")
    media_type = MEDIA_TYPES.get(fmt, "text/plain") + "; charset=utf-8"
    name = f"sersearch-{_slug(form.q)}{EXTENSIONS.get(fmt, '.txt')}"
    headers = {"Content-Disposition": disposition("attachment", name)}
    return Response(encoded, media_type=media_type, headers=headers)


async def api_search(request: Request) -> Response:
    """``/api/search?q=…&limit=…`` (and the filters of the search page): exactly what
    ``sersearch search QUERY --limit N --format json`` prints (on the event loop,
    as the search page)."""
    try:
        form = SearchForm.parse(request.query_params)
        if not form.q:
            raise FormError("Geef een zoekvraag: /api/search?q=…")
        result = run_search(_view(request), form, api_limit(request.query_params.get("limit")))
    except FormError as error:
        return JSONResponse({"error": str(error)}, status_code=400)
    except SersearchError as error:
        return library_error(request, error)
    return Response(FORMATTERS["json"](result.hits), media_type="application/json")


def _view(request: Request) -> IndexView:
    return request.app.state.view


def _slug(query: str) -> str:
    return re.sub(r"[^\w]+", "-", query.casefold()).strip("-")[:40] or "resultaten"
