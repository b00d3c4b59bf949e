"""``sersearch serve``'s application through Starlette's test client: every route,
escaping, file serving by doc_id only, errors and the JSON API contract."""

from __future__ import annotations

import json
import re
import shutil
from html import unescape
from pathlib import Path

import pytest
from click.testing import CliRunner
from pdfgen import PageSpec, Paragraph, write_pdf
from starlette.testclient import TestClient

from sersearch.browse import list_documents
from sersearch.cli import cli
from sersearch.export import to_json
from sersearch.search import SearchOptions, search
from sersearch.update import update_index
from sersearch.web import create_app
from sersearch.web.app import CONTENT_SECURITY_POLICY

MARK = re.compile(r"<mark>(.*?)</mark>", re.S)


@pytest.fixture(scope="module")
def client(corpus_index: Path):
    with TestClient(create_app(corpus_index), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def small_index(tmp_path: Path, write_text):
    """An index of a folder of letters the test writes (``build(files)``)."""
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"

    def build(files: dict[str, str]) -> tuple[Path, Path]:
        for name, text in files.items():
            write_text(corpus / name, text)
        report = update_index(index_dir, [corpus], workers=1)
        assert not report.failed
        return corpus, index_dir

    return build


def doc_id_of(index_dir: Path, name: str) -> str:
    return next(d.doc_id for d in list_documents(index_dir) if Path(d.source).name == name)


def test_home_page_is_dutch_accessible_and_needs_no_javascript(client):
    response = client.get("/")
    assert response.status_code == 200
    page = response.text
    assert '<html lang="nl">' in page
    assert '<label for="q">Zoekvraag</label>' in page and 'id="q" name="q"' in page
    assert "<script" not in page
    for field in ("from", "to", "organisation", "document"):
        assert f'<label for="{field}">' in page and f'id="{field}"' in page
    assert "https://" not in page and "http://" not in page  # no CDN, no external fonts
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "default-src 'self'" in CONTENT_SECURITY_POLICY
    assert response.headers["x-content-type-options"] == "nosniff"


def test_stylesheet_ships_in_the_package_with_a_visible_focus(client):
    response = client.get("/static/style.css")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/css")
    assert ":focus-visible" in response.text and "@import" not in response.text


def test_results_show_citations_and_the_hits_highlights(client, corpus_index):
    response = client.get("/search", params={"q": "brede welvaart"})
    assert response.status_code == 200
    expected = search(corpus_index, "brede welvaart", SearchOptions(limit=10)).hits
    page = response.text
    articles = page.split('<li class="hit">')[1:]
    assert len(articles) == len(expected) == 10
    for article, hit in zip(articles, expected, strict=True):
        assert unescape(hit.citation) in unescape(article)
        marked = [unescape(m) for m in MARK.findall(article)]
        assert marked == [hit.text[start:end] for start, end in hit.highlights]
        assert f'href="/documents/{hit.doc_id}/file"' in article
        assert f"/documents/{hit.doc_id}?q=brede+welvaart#passage-" in article
    assert "passages gevonden" in page and 'aria-label="Pagina\'s met resultaten"' in page


def test_context_link_points_at_an_anchor_of_the_document_view(client):
    page = client.get("/search", params={"q": "krapte arbeidsmarkt"}).text
    link = unescape(re.search(r'href="(/documents/[^"]+#passage-\d+)"', page).group(1))
    path, anchor = link.split("#")
    document = client.get(path)
    assert document.status_code == 200
    assert f'id="{anchor}"' in document.text
    section = document.text.split(f'id="{anchor}"')[1].split("</article>")[0]
    assert "<mark>" in section and "treffer" in section


def test_pages_continue_where_the_previous_stopped(client, corpus_index):
    second = client.get("/search", params={"q": "SER", "page": "2"})
    assert second.status_code == 200
    expected = search(corpus_index, "SER", SearchOptions(limit=20)).hits[10:20]
    assert '<ol class="hits" start="11">' in second.text
    assert second.text.count('<li class="hit">') == len(expected) == 10
    for hit in expected:
        assert unescape(hit.citation) in unescape(second.text)
    assert 'aria-current="page">2<' in second.text and "Vorige" in second.text


@pytest.mark.parametrize("page", ["0", "abc", "-1", "101", "²"])
def test_a_bad_page_number_is_a_clear_400(client, page):
    response = client.get("/search", params={"q": "SER", "page": page})
    assert response.status_code == 400
    assert "pagina moet een geheel getal" in response.text and "Traceback" not in response.text


def test_filters_narrow_like_the_library(client, corpus_index):
    page = client.get("/search", params={"q": "SER", "type": "brief", "from": "2020-01"}).text
    expected = search(
        corpus_index, "SER", SearchOptions(doc_types=("brief",), date_from="2020-01")
    ).hits
    assert expected and page.count('<li class="hit">') == len(expected)
    assert page.count("Soort: brief") == len(expected) and "Soort: advies" not in page
    assert 'value="brief" checked' in page


def test_document_and_organisation_filters(client, corpus_index):
    doc = next(d for d in list_documents(corpus_index) if d.doc_type == "jaarverslag")
    page = client.get("/search", params={"q": "SER", "document": doc.doc_id}).text
    links = set(re.findall(r'href="/documents/([^"/?#]+)/file', page))
    assert links == {doc.doc_id}
    same = client.get("/search", params={"q": "SER", "organisation": "SER Overijssel"}).text
    assert same.count('<li class="hit">') == 10
    none = client.get("/search", params={"q": "SER", "organisation": "Elders"}).text
    assert "Geen passages gevonden" in none
    unknown = client.get("/search", params={"q": "SER", "document": "bestaat-niet"})
    assert unknown.status_code == 400 and "geen document" in unknown.text


def test_a_bad_date_is_a_dutch_400(client):
    response = client.get("/search", params={"q": "SER", "from": "vorig jaar"})
    assert response.status_code == 400
    assert "JJJJ-MM-DD" in response.text and 'role="alert"' in response.text
    assert 'value="SER"' in response.text and 'value="vorig jaar"' in response.text


def test_a_query_the_library_refuses_is_a_400_page(client):
    for query in ("page:>3", "a" * 3000):
        response = client.get("/search", params={"q": query})
        assert response.status_code == 400
        assert "De zoekvraag kan niet worden uitgevoerd" in response.text
        assert "Traceback" not in response.text


def test_did_you_mean_is_a_link(client):
    page = client.get("/search", params={"q": "arbiedsmarkt"}).text
    assert 'Bedoelde u: <a href="/search?q=arbeidsmarkt">arbeidsmarkt</a>' in page


def test_api_is_the_cli_json_contract(client, corpus_index):
    for params, options in (
        ({"q": "brede welvaart", "limit": "5"}, ["--limit", "5"]),
        ({"q": "jongeren", "type": "brief", "from": "2020"}, ["--type", "brief", "--from", "2020"]),
    ):
        response = client.get("/api/search", params=params)
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json"
        argv = ["search", params["q"], *options, "--format", "json", "--index", str(corpus_index)]
        cli_output = CliRunner().invoke(cli, argv, catch_exceptions=False).stdout
        assert response.text == cli_output
        assert json.loads(response.text)


@pytest.mark.parametrize("params", [{}, {"q": "SER", "limit": "0"}, {"q": "page:>3"}])
def test_api_errors_are_json(client, params):
    response = client.get("/api/search", params=params)
    assert response.status_code == 400
    assert json.loads(response.text)["error"]


def test_exports_are_downloads_of_the_library_formats(client, corpus_index):
    hits = search(corpus_index, "krapte", SearchOptions(limit=50)).hits
    as_json = client.get("/export/json", params={"q": "krapte"})
    assert as_json.status_code == 200 and as_json.text == to_json(hits)
    assert as_json.headers["content-disposition"].startswith(
        'attachment; filename="sersearch-krapte.json"'
    )
    as_csv = client.get("/export/csv", params={"q": "krapte", "limit": "3"})
    assert as_csv.content.startswith(b"\xef\xbb\xbfrank,score,passage_id")
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert len(as_csv.content.decode("utf-8-sig").strip().splitlines()) >= 4
    as_md = client.get("/export/md", params={"q": "krapte"})
    assert as_md.headers["content-type"].startswith("text/markdown")
    assert as_md.text.startswith("1. **") and "**krapte**" in as_md.text.lower()
    assert client.get("/export/exe", params={"q": "krapte"}).status_code == 404
    assert client.get("/export/csv").status_code == 400


def test_document_view_lists_passages_in_order_with_anchors(client, corpus_index):
    doc = list_documents(corpus_index)[0]
    response = client.get(f"/documents/{doc.doc_id}")
    assert response.status_code == 200
    anchors = re.findall(r'<article class="passage[^"]*" id="passage-(\d+)"', response.text)
    assert len(anchors) == doc.passages and anchors == sorted(anchors)
    assert doc.title in unescape(response.text) and f"/documents/{doc.doc_id}/file" in response.text


def test_original_file_by_doc_id(client, corpus_index):
    doc = list_documents(corpus_index)[0]
    response = client.get(f"/documents/{doc.doc_id}/file")
    assert response.status_code == 200
    assert response.content == Path(doc.source).read_bytes()
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.headers["content-disposition"].startswith(
        f'inline; filename="{Path(doc.source).name}"'
    )
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    head = client.head(f"/documents/{doc.doc_id}/file")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == str(len(response.content))


@pytest.mark.parametrize(
    "path",
    [
        "/documents/..%2F..%2Fetc%2Fpasswd/file",
        "/documents/../../etc/passwd/file",
        "/documents/%2e%2e/file",
        "/documents/%2Fetc%2Fpasswd/file",
        "/documents/bestaat-niet/file",
        "/documents/bestaat-niet",
        "/nergens",
    ],
)
def test_traversal_and_unknown_ids_are_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "root:" not in response.text and "Niet gevonden" in response.text


def test_nothing_changes_state(client):
    for method in ("post", "put", "delete"):
        response = getattr(client, method)("/search?q=SER")
        assert response.status_code == 405 and response.headers["allow"] == "GET, HEAD"


def test_document_text_and_queries_are_escaped(small_index):
    hostile = '<script>alert("x")</script> <img src=x onerror=alert(1)> gemeenteraad'
    _, index_dir = small_index({"letter.txt": f"Onderwerp: <b>Brief</b>\n\n{hostile}\n"})
    with TestClient(create_app(index_dir)) as test_client:
        pages = [
            test_client.get("/search", params={"q": "gemeenteraad <script>"}).text,
            test_client.get(f"/documents/{doc_id_of(index_dir, 'letter.txt')}?q=alert").text,
        ]
    for page in pages:
        assert "<script" not in page and "<img" not in page and "<b>" not in page
        assert "&lt;script&gt;" in page


def test_symlinks_and_changed_files_are_not_served(small_index, tmp_path):
    corpus, index_dir = small_index({"a.txt": "Eerste brief over windenergie.\n"})
    secret = tmp_path / "secret.txt"
    secret.write_text("Eerste brief over windenergie.\n", encoding="utf-8")  # same bytes
    doc_id = doc_id_of(index_dir, "a.txt")
    with TestClient(create_app(index_dir)) as test_client:
        assert test_client.get(f"/documents/{doc_id}/file").status_code == 200
        (corpus / "a.txt").unlink()
        (corpus / "a.txt").symlink_to(secret)
        assert test_client.get(f"/documents/{doc_id}/file").status_code == 404
        (corpus / "a.txt").unlink()
        moved = tmp_path / "elsewhere"
        shutil.move(corpus, moved)
        corpus.symlink_to(moved)  # a folder on the way replaced by a link
        assert test_client.get(f"/documents/{doc_id}/file").status_code == 404
        corpus.unlink()
        shutil.move(moved, corpus)
        (corpus / "a.txt").write_text("Gewijzigd.\n", encoding="utf-8")
        changed = test_client.get(f"/documents/{doc_id}/file")
        assert changed.status_code == 404 and "veranderd" in changed.text


def test_a_pdf_is_served_inline_and_hits_link_to_its_page(small_index):
    corpus = small_index({"brief.txt": "Een brief.\n"})[0]

    def page(topic: str) -> PageSpec:
        line = f"De provincie werkt aan {topic} en betrekt daarbij gemeenten en inwoners."
        return PageSpec(tuple(Paragraph((line,) * 6) for _ in range(3)))

    pages = [page(topic) for topic in ("fietspaden", "zonnepanelen", "dijken")]
    write_pdf(corpus / "rapport.pdf", pages)
    _, index_dir = small_index({})
    doc_id = doc_id_of(index_dir, "rapport.pdf")
    with TestClient(create_app(index_dir)) as test_client:
        page = test_client.get("/search", params={"q": "zonnepanelen"}).text
        assert f'href="/documents/{doc_id}/file#page=2"' in page
        response = test_client.get(f"/documents/{doc_id}/file")
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline")
    assert response.content == (corpus / "rapport.pdf").read_bytes()


def test_results_are_fresh_after_an_index_run(small_index, write_text):
    corpus, index_dir = small_index({"a.txt": "Een brief over fietspaden.\n"})
    with TestClient(create_app(index_dir)) as test_client:
        assert "Geen passages gevonden" in test_client.get("/search?q=zeespiegel").text
        write_text(corpus / "b.txt", "Een brief over de stijgende zeespiegel.\n")
        update_index(index_dir, [corpus], workers=1)
        page = test_client.get("/search?q=zeespiegel").text
        assert "<mark>zeespiegel</mark>" in page
        assert "Doorzoek 2 documenten" in test_client.get("/").text
        (corpus / "b.txt").unlink()
        update_index(index_dir, [corpus], rebuild=True, workers=1)
        assert "Geen passages gevonden" in test_client.get("/search?q=zeespiegel").text
        assert "<mark>fietspaden</mark>" in test_client.get("/search?q=fietspaden").text


def test_without_an_index_the_pages_say_so(tmp_path):
    with TestClient(create_app(tmp_path / "geen-index")) as test_client:
        response = test_client.get("/search?q=SER")
        api = test_client.get("/api/search?q=SER")
    assert response.status_code == 503 and "sersearch index" in response.text
    assert api.status_code == 503 and "sersearch index" in api.json()["error"]


def test_serve_reports_a_taken_port(corpus_index):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = CliRunner().invoke(
            cli, ["serve", "--port", port, "--index", str(corpus_index)], catch_exceptions=False
        )
    assert result.exit_code == 1 and "pass another --port" in result.stderr
    assert "no authentication" not in result.stderr


def test_serve_listens_on_a_tcp_socket_without_nagle_delays():
    """asyncio disables Nagle's algorithm only on sockets created as TCP; without it
    every page waited ~40 ms for a delayed acknowledgement."""
    import socket

    from sersearch.cli.serving import _bound_socket

    with _bound_socket("127.0.0.1", 0) as sock:
        assert sock.proto == socket.IPPROTO_TCP and sock.getsockname()[0] == "127.0.0.1"


def test_serve_on_another_host_warns_there_is_no_authentication(corpus_index, monkeypatch):
    import click

    from sersearch.cli import serving

    def refuse(host: str, port: int):  # stop before listening anywhere but loopback
        raise click.ClickException(f"not listening on {host} in a test")

    monkeypatch.setattr(serving, "_bound_socket", refuse)
    argv = ["serve", "--host", "0.0.0.0", "--index", str(corpus_index)]
    result = CliRunner().invoke(cli, argv, catch_exceptions=False)
    assert "There is no authentication" in result.stderr and result.exit_code == 1
    assert serving._is_loopback("127.0.0.1") and serving._is_loopback("::1")
    assert not serving._is_loopback("0.0.0.0") and not serving._is_loopback("192.168.1.5")


def test_hits_from_ocr_say_so_in_words(corpus_index):
    """A hit whose text was recognised by OCR (``Hit.ocr``, when the index records
    it) carries a note in the results, not only a style."""
    from dataclasses import replace

    from sersearch.search import SearchResult
    from sersearch.web.app import templates
    from sersearch.web.forms import SearchForm
    from sersearch.web.index_view import Catalogue
    from sersearch.web.views import hit_view

    plain = search(corpus_index, "krapte", SearchOptions(limit=1)).hits[0]
    for hit, flagged in ((plain, False), (replace(plain, ocr=True), True)):
        view = hit_view(hit, "krapte")
        assert view.ocr is flagged
        page = (
            templates()
            .get_template("search.html")
            .render(
                catalogue=Catalogue.of(list_documents(corpus_index)),
                max_choices=300,
                form=SearchForm(q="krapte"),
                export_formats=[],
                result=SearchResult("krapte", [hit], 1),
                hits=[view],
                offset=0,
                more=False,
                exact_total=1,
                note=None,
                pages=[1],
            )
        )
        assert ("Tekst via OCR herkend" in page) is flagged


def test_results_download_as_citations_for_reference_managers(client, corpus_index):
    """The search page offers the citation formats of ``sersearch export`` too, with
    the same entries the command writes."""
    import rispy

    from sersearch.cli.searching import export_text

    hits = search(corpus_index, "krapte", SearchOptions(limit=50)).hits
    as_ris = client.get("/export/ris", params={"q": "krapte"})
    assert as_ris.status_code == 200
    assert as_ris.headers["content-type"].startswith("application/x-research-info-systems")
    assert 'filename="sersearch-krapte.ris"' in as_ris.headers["content-disposition"]
    assert as_ris.text == export_text(corpus_index, hits, "ris")
    assert len(rispy.loads(as_ris.text)) == len(hits)
    as_csl = client.get("/export/csljson", params={"q": "krapte", "limit": "2"})
    assert 'filename="sersearch-krapte.json"' in as_csl.headers["content-disposition"]
    assert len(json.loads(as_csl.text)) == 2
    page = client.get("/search", params={"q": "krapte"}).text
    assert "/export/bibtex?" in page and "BibTeX" in page
