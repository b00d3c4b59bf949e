"""The search form: URL parameters → what to search for, checked, with Dutch messages."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from sersearch.search import SearchOptions, SearchResult
from sersearch.semantic import DEFAULT_MODE, MODES
from sersearch.web.index_view import Catalogue, IndexView

PAGE_SIZE = 10
MAX_PAGES = 100
API_MAX_LIMIT = 10_000  # as ``sersearch search --limit``
EXPORT_LIMIT = 50  # as ``sersearch export``
_DATE = re.compile(r"^(?:19|20)\d\d(?:-[01]\d(?:-[0-3]\d)?)?$")


class FormError(ValueError):
    """A parameter the user can correct; the message says how (in Dutch)."""


@dataclass(frozen=True)
class SearchForm:
    """One search as the URL states it (parameters as in the command line)."""

    q: str = ""
    types: tuple[str, ...] = ()
    date_from: str = ""
    date_to: str = ""
    organisation: str = ""
    document: str = ""
    exact: bool = False
    page: int = 1
    mode: str = "lexical"

    @classmethod
    def parse(cls, params: object) -> SearchForm:
        """The form from a request's query parameters (a Starlette ``QueryParams``),
        checked: a bad date or page number raises ``FormError``."""
        form = cls.unchecked(params)
        if form.mode not in MODES:
            raise FormError(f"Zoekwijze {form.mode!r} bestaat niet: kies uit {', '.join(MODES)}.")
        _date(form.date_from, "Vanaf")
        _date(form.date_to, "Tot en met")
        return replace(form, page=_number(params.get("page"), "pagina", 1, MAX_PAGES))  # type: ignore[attr-defined]

    @classmethod
    def unchecked(cls, params: object) -> SearchForm:
        """The form as given, to show it again with an error message."""
        get = params.get  # type: ignore[attr-defined]
        return cls(
            q=(get("q") or "").strip(),
            types=tuple(t for t in params.getlist("type") if t),  # type: ignore[attr-defined]
            date_from=(get("from") or "").strip(),
            date_to=(get("to") or "").strip(),
            organisation=(get("organisation") or "").strip(),
            document=(get("document") or "").strip(),
            exact=get("exact") in ("1", "on", "true"),
            mode=(get("mode") or DEFAULT_MODE).strip(),
        )

    @property
    def filtered(self) -> bool:
        return bool(self.types or self.date_from or self.date_to or self.organisation)

    def doc_ids(self, catalogue: Catalogue) -> tuple[str, ...] | None:
        """The documents the organisation and document filters allow (``()``: any),
        or ``None`` when they allow none."""
        allowed: tuple[str, ...] = ()
        if self.organisation:
            allowed = catalogue.of_organisation(self.organisation)
            if not allowed:
                return None
        if self.document:
            if self.document not in catalogue.documents:
                raise FormError(f"Er is geen document {self.document!r} in de index.")
            if allowed and self.document not in allowed:
                return None
            allowed = (self.document,)
        return allowed

    def options(self, limit: int, doc_ids: tuple[str, ...]) -> SearchOptions:
        """The library's search options (the same as the CLI's for these filters)."""
        return SearchOptions(
            limit=limit,
            doc_types=self.types,
            date_from=self.date_from or None,
            date_to=self.date_to or None,
            expand=not self.exact,
            doc_ids=frozenset(doc_ids) if doc_ids else None,
            mode=self.mode,
        )

    def url(self, path: str = "/search", **changes: object) -> str:
        """The URL of this search, with some fields changed (``page=2``)."""
        form = replace(self, **changes)  # type: ignore[arg-type]
        pairs: list[tuple[str, str]] = [("q", form.q)]
        pairs += [("type", doc_type) for doc_type in form.types]
        for name, value in (
            ("from", form.date_from),
            ("to", form.date_to),
            ("organisation", form.organisation),
            ("document", form.document),
        ):
            if value:
                pairs.append((name, value))
        if form.exact:
            pairs.append(("exact", "1"))
        if form.mode != DEFAULT_MODE:
            pairs.append(("mode", form.mode))
        if form.page > 1:
            pairs.append(("page", str(form.page)))
        return f"{path}?{urlencode(pairs)}"


def api_limit(value: str | None) -> int:
    return _number(value, "limit", 10, API_MAX_LIMIT)


def export_limit(value: str | None) -> int:
    return _number(value, "limit", EXPORT_LIMIT, API_MAX_LIMIT)


def _date(value: str | None, label: str) -> str:
    value = (value or "").strip()
    if value and not _DATE.match(value):
        raise FormError(
            f"{label}: geef een datum als JJJJ, JJJJ-MM of JJJJ-MM-DD (bijvoorbeeld 2021 "
            f"of 2021-06-30), niet {value!r}."
        )
    return value


def _number(value: str | None, name: str, default: int, most: int) -> int:
    if value is None or value == "":
        return default
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= most:
        raise FormError(
            f"{name} moet een geheel getal van 1 tot en met {most} zijn, niet {value!r}."
        )
    return int(value)


def run_search(view: IndexView, form: SearchForm, limit: int) -> SearchResult:
    """The library's search for this form (what ``sersearch search`` runs for the
    same query and filters), narrowed to the documents the filters allow."""
    doc_ids = form.doc_ids(view.catalogue())
    if doc_ids is None:
        return SearchResult(form.q, [], 0)
    return view.search(form.q, form.options(limit, doc_ids))
