"""The web application: routes, security headers, error pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sersearch.errors import IndexMissingError, IndexVersionError, SersearchError
from sersearch.web.index_view import IndexView

# Pages, styles and files come from this server only; no scripts, frames or plugins
# from elsewhere, no inline script or style.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]
STATUS_TITLES = {
    400: "De zoekvraag kan niet worden uitgevoerd",
    404: "Niet gevonden",
    405: "Niet toegestaan",
    500: "Er ging iets mis",
    503: "De index is niet beschikbaar",
}
STATUS_MESSAGES = {
    404: "Deze pagina of dit document bestaat niet (meer) in de index.",
    405: "Deze site kan alleen lezen en zoeken: er kan niets worden gewijzigd.",
    500: "De server kon dit verzoek niet afhandelen. Probeer het opnieuw of meld het probleem.",
}


class SecurityHeaders:
    """ASGI middleware adding :data:`SECURITY_HEADERS` to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def templates() -> Environment:
    """Templates from the package, every value HTML-escaped."""
    return Environment(
        loader=PackageLoader("sersearch.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    template = request.app.state.templates.get_template(name)
    return HTMLResponse(template.render(request=request, **context), status_code=status_code)


def error_page(request: Request, status_code: int, message: str | None = None) -> Response:
    """A Dutch error page (or JSON for the API) without any internals."""
    message = message or STATUS_MESSAGES.get(status_code, "")
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message}, status_code=status_code)
    title = STATUS_TITLES.get(status_code, "Fout")
    return render(request, "error.html", status_code, title=title, message=message)


def library_error(request: Request, error: SersearchError) -> Response:
    """A library error as a page: the index missing or outdated (503) or a query
    that cannot run (400)."""
    status = 503 if isinstance(error, (IndexMissingError, IndexVersionError)) else 400
    return error_page(request, status, str(error))


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    detail = exc.detail if exc.detail and exc.status_code == 400 else None
    response = error_page(request, exc.status_code, detail)
    if exc.status_code == 405:
        response.headers["Allow"] = "GET, HEAD"
    return response


async def server_error(request: Request, exc: Exception) -> Response:
    return error_page(request, 500)


def create_app(index_dir: Path) -> Starlette:
    """The application serving the index at ``index_dir`` (read-only, GET only)."""
    from sersearch.web import downloads, pages

    get = ["GET"]
    routes = [
        Route("/", pages.search_page, methods=get),
        Route("/search", pages.search_page, methods=get),
        Route("/documents/{doc_id}", pages.document_page, methods=get),
        Route("/documents/{doc_id}/file", pages.document_file, methods=get),
        Route("/export/{fmt}", downloads.export, methods=get),
        Route("/api/search", downloads.api_search, methods=get),
        Mount("/static", StaticFiles(packages=[("sersearch.web", "static")]), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(SecurityHeaders)],
        exception_handlers={HTTPException: http_error, Exception: server_error},
    )
    app.state.view = IndexView(index_dir)
    app.state.templates = templates()
    return app
