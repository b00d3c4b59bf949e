"""The HTML pages: search, a document in context, and its original file."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from sersearch.errors import SersearchError
from sersearch.search import NO_WORDS_NOTE, SearchOptions
from sersearch.store import IndexedDocument
from sersearch.web.app import error_page, library_error, render
from sersearch.web.downloads import export_formats
from sersearch.web.files import FileUnavailable, disposition, open_document_file
from sersearch.web.forms import PAGE_SIZE, FormError, SearchForm, run_search
from sersearch.web.index_view import Catalogue, IndexView
from sersearch.web.views import document_url, file_url, hit_view, passage_views

# Above this many documents (or organisations) a filter is a text field, not a list.
MAX_CHOICES = 300
NOTES_NL = {
    NO_WORDS_NOTE: "De zoekvraag bevat geen woorden om op te zoeken: stopwoorden zoals "
    "‘de’, ‘het’ en ‘bij’ staan niet in de index."
}


async def search_page(request: Request) -> Response:
    """The search box and filters; with ``q``, one page of results.

    Searching takes milliseconds: it runs on the event loop itself, as the index
    allows one search at a time anyway, which spares two thread switches a request
    (they cost more than the search on a busy machine)."""
    view: IndexView = request.app.state.view
    try:
        catalogue = view.catalogue()
    except SersearchError as error:
        return library_error(request, error)
    context = {
        "catalogue": catalogue,
        "max_choices": MAX_CHOICES,
        "form": SearchForm(),
        "export_formats": export_formats(),
    }
    try:
        form = context["form"] = SearchForm.parse(request.query_params)
        if not form.q:
            return render(request, "search.html", **context)
        result = run_search(view, form, form.page * PAGE_SIZE + 1)
    except (FormError, SersearchError) as error:
        context["form"] = SearchForm.unchecked(request.query_params)
        return render(request, "search.html", 400, error=str(error), **context)
    offset = (form.page - 1) * PAGE_SIZE
    shown = result.hits[offset : offset + PAGE_SIZE]
    more = len(result.hits) > offset + PAGE_SIZE
    if form.page > 1 and not shown:
        return error_page(request, 404, "Er zijn niet zoveel resultaten.")
    return render(
        request,
        "search.html",
        **context,
        result=result,
        hits=[hit_view(hit, form.q) for hit in shown],
        offset=offset,
        more=more,
        exact_total=None if more else offset + len(shown),
        note=NOTES_NL.get(result.note or "", result.note),
        pages=_page_numbers(form.page, more),
    )


def _page_numbers(page: int, more: bool) -> list[int]:
    """The pages the pager links to: a few before the current one, and the next."""
    return list(range(max(1, page - 4), page + (2 if more else 1)))


def document_page(request: Request) -> Response:
    """A document's metadata and its passages in order, each with an anchor; with
    ``q``, the passages that match are marked and their words highlighted."""
    from sersearch.browse import document_passages

    view: IndexView = request.app.state.view
    try:
        document = _document(request, view.catalogue())
        if document is None:
            return error_page(request, 404)
        passages = []
        if document.status != "failed":
            passages = document_passages(view.index_dir, document.doc_id)[1]
    except SersearchError as error:
        return library_error(request, error)
    query, note, highlights = (request.query_params.get("q") or "").strip(), None, {}
    if query and passages:
        options = SearchOptions(limit=len(passages), doc_ids=frozenset({document.doc_id}))
        try:
            found = view.search(query, options)
            highlights = {hit.passage_id: hit.highlights for hit in found.hits}
        except SersearchError as error:
            note = str(error)
    return render(
        request,
        "document.html",
        document=document,
        passages=passage_views(passages, highlights),
        query=query,
        matches=len(highlights),
        note=note,
        file_url=file_url(document.doc_id),
        self_url=document_url(document.doc_id),
    )


def document_file(request: Request) -> Response:
    """The original file, inline (a PDF viewer opens it at ``#page=N``)."""
    view: IndexView = request.app.state.view
    try:
        document = _document(request, view.catalogue())
    except SersearchError as error:
        return library_error(request, error)
    if document is None:
        return error_page(request, 404)
    try:
        opened = open_document_file(document)
    except FileUnavailable as error:
        return error_page(request, 404, str(error))
    headers = {
        "Content-Length": str(opened.size),
        "Content-Disposition": disposition(
            "inline" if opened.inline else "attachment", opened.name
        ),
    }
    if request.method == "HEAD":
        opened.close()
        return Response(headers=headers, media_type=opened.media_type)
    return StreamingResponse(opened.chunks(), headers=headers, media_type=opened.media_type)


def _document(request: Request, catalogue: Catalogue) -> IndexedDocument | None:
    """The document the path names by its exact doc_id, or ``None``."""
    return catalogue.documents.get(request.path_params["doc_id"])
