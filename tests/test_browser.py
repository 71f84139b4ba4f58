"""The book as a reader sees it: every chapter opened in headless Chromium, offline.

Asserts no console errors, every image loaded, math typeset by the vendored MathJax (no
raw TeX left), launch and download buttons present, citations resolving to the
bibliography. Screenshots (light and dark) go to _build/screenshots/ for a human to look at.
"""

import functools
import http.server
import threading
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[1] / "_build" / "screenshots"
# As root and on a machine without internet: no sandbox, no background connections.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def site(book_html):
    handler = functools.partial(QuietHandler, directory=str(book_html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: `make test` installs Debian's chromium package"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def chapters(book_html):
    return sorted(p.relative_to(book_html).as_posix() for p in (book_html / "book").glob("*.html"))


def open_page(browser, url, errors, color_scheme="light"):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme=color_scheme)
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("requestfailed", lambda request: errors.append(f"failed to load {request.url}"))
    page.on("response", lambda response: response.status >= 400 and errors.append(f"HTTP {response.status}: {response.url}"))
    page.goto(url, wait_until="networkidle")
    return page


def prose_text(page):
    """The article's text without code (cell sources and printed text may hold TeX on purpose);
    rendered Markdown/HTML outputs are kept, so raw TeX there still fails."""
    return page.evaluate("""() => {
        const article = document.querySelector("article").cloneNode(true);
        article.querySelectorAll("pre, code, .cell_input").forEach(node => node.remove());
        return article.innerText;
    }""")


def wait_for_math(page):
    page.wait_for_function("() => !window.MathJax || (window.MathJax.startup && window.MathJax.startup.promise)")
    page.evaluate("() => window.MathJax && window.MathJax.startup.promise")


def test_every_chapter_renders_cleanly(browser, site, book_html):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for chapter in chapters(book_html):
        errors = []
        page = open_page(browser, f"{site}/{chapter}", errors)
        wait_for_math(page)
        broken = page.evaluate("() => [...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)")
        assert broken == [], f"{chapter}: images that did not load: {broken}"
        prose = prose_text(page)
        assert "$$" not in prose and "\\frac" not in prose, f"{chapter}: raw TeX left in the page"
        page.screenshot(path=str(SCREENSHOTS / f"{Path(chapter).stem}.png"), full_page=True)
        assert errors == [], f"{chapter}: browser errors: {errors}"
        page.close()


def test_math_is_typeset_by_the_vendored_mathjax(browser, site):
    errors = []
    page = open_page(browser, f"{site}/book/why_sample.html", errors)
    wait_for_math(page)
    assert page.locator("mjx-container").count() >= 5
    assert "/mathjax/tex-mml-chtml.js" in page.evaluate("() => [...document.scripts].map(s => s.src).join(' ')")
    assert errors == []


def test_chapters_have_launch_and_download_buttons(browser, site):
    from sgdcourse.publish import repository

    url, branch = repository(Path(__file__).resolve().parents[1])  # a fork changes _config.yml only
    github = url.removeprefix("https://github.com/")
    page = open_page(browser, f"{site}/book/why_sample.html", [])
    html = page.content()
    launch = [page.locator(f"a[href*='{host}']").first.get_attribute("href")
              for host in ("colab.research.google.com", "mybinder.org")]
    assert launch[0] == f"https://colab.research.google.com/github/{github}/blob/{branch}/book/why_sample.ipynb"
    assert launch[1].startswith(f"https://mybinder.org/v2/gh/{github}/{branch}?")
    assert launch[1].endswith("book/why_sample.ipynb")
    assert page.locator(".dropdown-download-buttons").count() == 1
    assert "_sources/book/why_sample.md" in html or "_sources/book/why_sample.ipynb" in html


def test_citations_resolve_to_the_bibliography(browser, site):
    page = open_page(browser, f"{site}/book/why_sample.html", [])
    citation = page.locator("a[href*='bibliography.html#']").first
    assert citation.count() == 1, "no citation links to the bibliography page"
    citation.click()
    page.wait_for_load_state("networkidle")
    target = page.evaluate("() => location.hash.slice(1)")
    assert target and page.locator(f"[id='{target}']").count() == 1


def test_dark_mode_screenshot(browser, site):
    page = open_page(browser, f"{site}/book/why_sample.html", [], color_scheme="dark")
    page.evaluate("() => document.documentElement.dataset.theme = 'dark'")
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    page.screenshot(path=str(SCREENSHOTS / "why_sample-dark.png"))
    channels = [int(c) for c in background[background.index("(") + 1:-1].split(",")[:3]]
    assert sum(channels) < 3 * 80, f"dark mode background is not dark: {background}"


def test_a_slider_changes_the_momentum_figure(browser, site):
    """momentum.html shows sgdcourse.figures_interactive widgets; the arrow key moves the first slider,
    and the figure (the SVG drawn over the background), the caption and the readout follow, offline."""
    errors = []
    page = open_page(browser, f"{site}/book/momentum.html", errors)
    widget = page.locator("div.sgdw").first
    assert widget.count() == 1, "momentum.html shows no slider widget (sgdcourse.widgets)"
    slider = widget.locator("input[type=range]").first
    assert int(slider.get_attribute("value")) < int(slider.get_attribute("max")), "the slider starts at its end"

    def shown():
        return (widget.locator(".sgdw-frame").inner_html(), widget.locator(".sgdw-caption").inner_text(),
                widget.locator("output").first.inner_text())

    before = shown()
    slider.focus()
    page.keyboard.press("ArrowRight")
    after = shown()
    assert after[0] != before[0] and "<path" in after[0], "the figure did not change"
    assert after[1] != before[1] and after[2] != before[2], f"caption or readout did not follow: {before[1:]} → {after[1:]}"
    assert errors == [], f"browser errors: {errors}"
