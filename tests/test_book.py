"""The book builds offline with warnings as errors, shows executed output, and publishes no solutions."""

from pathlib import Path


def test_chapter_shows_executed_output_and_figures(book_html: Path):
    page = (book_html / "book" / "why_sample.html").read_text()
    assert "313 batches; 313 generated, the last of 64 samples" in page
    assert page.count('<img alt="_images/') + page.count('src="../_images/') >= 4
    assert "Ran on " in page  # provenance footer


def test_no_solution_or_release_is_published(book_html: Path):
    files = [p for p in book_html.rglob("*") if p.is_file()]
    names = [p.relative_to(book_html).as_posix() for p in files]
    assert not [n for n in names if "solutions" in n or "mutants" in n or "exercises/" in n]
    text_files = [p for p in files if p.suffix in {".html", ".txt", ".md", ".ipynb", ".js"}]
    assert not [p for p in text_files if "BEGIN SOLUTION" in p.read_text(errors="ignore")]


def test_exercises_page_lists_every_assignment_with_points_and_links(book_html: Path):
    from sgdcourse.grading.course import Course
    from sgdcourse.publish import repository

    course = Course.find(__file__)
    url, branch = repository(course.root)  # a fork changes _config.yml only
    github = url.removeprefix("https://github.com/")
    page = (book_html / "book" / "exercises.html").read_text()
    assert page.count("<tr") == len(course.assignments()) + 1  # + header row
    for assignment in course.assignments():
        notebook = f"exercises/{assignment}/{assignment}.ipynb"
        assert f"colab.research.google.com/github/{github}/blob/{branch}/{notebook}" in page
        assert f"raw.githubusercontent.com/{github}/{branch}/{notebook}" in page
