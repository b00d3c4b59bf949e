"""End to end in a real headless browser (Debian's chromium and chromedriver via
selenium): ``sersearch serve`` started as a user starts it, a query typed, the
highlighted results, a hit followed to the document view, the file opened."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ADDRESS = re.compile(r"http://127\.0\.0\.1:\d+/")
WAIT = 20  # seconds


def _browser_missing() -> str | None:
    for tool in (CHROMIUM, CHROMEDRIVER):
        if not tool.exists():
            return f"{tool} is not installed (apt-get install chromium chromium-driver)"
    return None


def serve(index_dir: Path) -> Iterator[str]:
    """``sersearch serve`` on a free loopback port; yields its address."""
    process = subprocess.Popen(
        [sys.executable, "-m", "sersearch", "serve", "--port", "0", "--index", str(index_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    first_line: list[str] = []
    reader = threading.Thread(target=lambda: first_line.append(process.stdout.readline()))
    reader.start()
    reader.join(WAIT)
    try:
        found = ADDRESS.search(first_line[0] if first_line else "")
        assert found, f"serve printed no address: {first_line} {process.poll()}"
        yield found.group()
    finally:
        process.terminate()
        process.wait(WAIT)


@pytest.fixture(scope="module")
def server(corpus_index: Path) -> Iterator[str]:
    yield from serve(corpus_index)


@pytest.fixture(scope="module")
def pdf_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server on an index of one three-page PDF."""
    from pdfgen import PageSpec, Paragraph, write_pdf

    from sersearch.update import update_index

    root = tmp_path_factory.mktemp("pdf")
    (root / "corpus").mkdir()

    def page(topic: str) -> PageSpec:
        line = f"De provincie werkt aan {topic} en betrekt daarbij gemeenten en inwoners."
        return PageSpec(tuple(Paragraph((line,) * 6) for _ in range(3)))

    pages = [page(topic) for topic in ("fietspaden", "zonnepanelen", "dijken")]
    write_pdf(root / "corpus" / "rapport.pdf", pages)
    assert update_index(root / "index", [root / "corpus"], workers=1).ok
    yield from serve(root / "index")


@pytest.fixture(scope="module")
def browser(monkeypatch_module: pytest.MonkeyPatch):
    """Headless chromium driven through the system's chromedriver; selenium-manager
    (which would download a driver) must not run."""
    missing = _browser_missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(missing)
        pytest.skip(missing)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.selenium_manager import SeleniumManager

    def no_downloads(*_: object, **__: object) -> None:
        raise AssertionError("selenium-manager must not run")

    monkeypatch_module.setattr(SeleniumManager, "binary_paths", no_downloads)
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1100,900"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    driver.set_page_load_timeout(WAIT)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def test_search_follow_a_hit_and_open_the_file(server, browser, corpus_index):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, WAIT)
    browser.get(server)
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nl"
    box = browser.find_element(By.ID, "q")
    assert browser.switch_to.active_element == box  # the cursor starts in the search box
    box.send_keys("brede welvaart", Keys.ENTER)  # the keyboard alone submits the form
    wait.until(ready.presence_of_element_located((By.CSS_SELECTOR, "ol.hits mark")))
    assert "/search?q=brede+welvaart" in browser.current_url
    marked = [mark.text.lower() for mark in browser.find_elements(By.CSS_SELECTOR, "mark")]
    assert marked and all("bred" in word or "welvaart" in word for word in marked)
    first_hit = browser.find_element(By.CSS_SELECTOR, "li.hit")
    passage_start = first_hit.find_element(By.CSS_SELECTOR, "blockquote").text[:40]

    first_hit.find_element(By.LINK_TEXT, "Toon in context").click()
    wait.until(ready.url_contains("/documents/"))
    anchor = browser.current_url.rsplit("#", 1)[1]
    target = browser.find_element(By.ID, anchor)
    assert target.text.replace("treffer\n", "").startswith(passage_start)
    assert target.find_elements(By.TAG_NAME, "mark")
    assert browser.execute_script("return document.querySelector(':target').id") == anchor

    file_link = browser.find_element(By.CSS_SELECTOR, "dl.meta a")
    file_name = file_link.text
    file_link.click()
    wait.until(ready.url_contains("/file"))
    source = next(corpus_index.parent.glob(f"corpus/{file_name}"))
    body = browser.find_element(By.TAG_NAME, "body").text
    assert body.split()[:30] == source.read_text(encoding="utf-8").split()[:30]


def test_focus_is_visible_when_tabbing(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(server + "search?q=krapte")
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    focused = browser.switch_to.active_element
    assert focused.text == "Naar de inhoud"  # the skip link comes first
    style = browser.execute_script(
        "const s = getComputedStyle(arguments[0]); return [s.outlineStyle, s.outlineWidth];",
        focused,
    )
    assert style[0] == "solid" and float(style[1].removesuffix("px")) >= 2


def test_a_hit_opens_the_pdf_at_its_page(pdf_server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(pdf_server + "search?q=zonnepanelen")
    link = browser.find_element(By.PARTIAL_LINK_TEXT, "op pagina 2")
    assert link.get_attribute("href").endswith("/file#page=2")
    link.click()
    WebDriverWait(browser, WAIT).until(ready.url_contains("/file#page=2"))
    assert browser.execute_script("return document.contentType") == "application/pdf"
