"""The book builds offline with warnings as errors, shows executed output, and publishes no solutions."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def html(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("book")
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    result = subprocess.run(
        [str(jupyter_book), "build", "-W", "--keep-going", "--path-output", str(output), str(ROOT)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return output / "_build" / "html"


def test_chapter_shows_executed_output_and_figures(html):
    page = (html / "book" / "why_sample.html").read_text()
    assert "313 batches; 313 generated, the last of 64 samples" in page
    assert page.count('<img alt="_images/') + page.count('src="../_images/') >= 4
    assert "Ran on " in page  # provenance footer


def test_no_solution_or_release_is_published(html):
    files = [p for p in html.rglob("*") if p.is_file()]
    names = [p.relative_to(html).as_posix() for p in files]
    assert not [n for n in names if "solutions" in n or "mutants" in n or "exercises/" in n]
    text_files = [p for p in files if p.suffix in {".html", ".txt", ".md", ".ipynb", ".js"}]
    assert not [p for p in text_files if "BEGIN SOLUTION" in p.read_text(errors="ignore")]
