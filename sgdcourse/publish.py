"""What readers and students open outside the repository: notebooks with an install cell.

Colab, Binder, JupyterLab and VS Code open `.ipynb`, and a fresh kernel there has no
`sgdcourse`. So every chapter (`book/<chapter>.md` → `book/<chapter>.ipynb`) and every
exercise release starts with one small cell, tagged `install` and collapsed, that
installs the course package from the repository named in `_config.yml` when it is
missing (the convention of d2l's first cell and QuantEcon's published notebooks). The
MyST files stay the one source; the `.ipynb` are generated, committed, and checked for
staleness like the exercise releases. The book's launch buttons point to them (Sphinx
does not read them: `_config.yml` excludes `book/*.ipynb`).
"""

from __future__ import annotations

from pathlib import Path

import yaml

CONFIG = "_config.yml"
BOOK_DIR = "book"
INSTALL_TAG = "install"
BUILD_ONLY_TAGS = {"remove-input", "remove-cell"}


def repository(root: Path) -> tuple[str, str]:
    """(URL, branch) of the course's repository: the one place it is configured."""
    config = yaml.safe_load((root / CONFIG).read_text())["repository"]
    return config["url"].rstrip("/"), config.get("branch", "main")


def install_source(root: Path) -> str:
    url, branch = repository(root)
    return "\n".join([
        "# Colab, Binder or a fresh kernel: install the course package if it is missing.",
        "import importlib.util",
        "",
        'if importlib.util.find_spec("sgdcourse") is None:',
        f'    %pip install --quiet "sgdcourse @ git+{url}@{branch}"',
    ])


def with_install_cell(notebook, root: Path, after_title: bool = True, metadata: dict | None = None):
    """`notebook` with the install cell first (after the title cell when that is Markdown)."""
    import nbformat

    cell = nbformat.v4.new_code_cell(install_source(root), id=INSTALL_TAG)
    cell.metadata.update({"tags": [INSTALL_TAG], "jupyter": {"source_hidden": True}, "collapsed": True,
                          **(metadata or {})})
    position = 1 if after_title and notebook.cells and notebook.cells[0].cell_type == "markdown" else 0
    notebook.cells.insert(position, cell)
    return notebook


def chapter_notebooks(root: Path) -> dict[Path, str]:
    """book/<chapter>.ipynb → its text, for every page with code that a reader runs."""
    import nbformat

    from .grading.course import read_myst_notebook

    notebooks = {}
    for source in sorted((root / BOOK_DIR).glob("*.md")):
        if "kernelspec:" not in source.read_text().split("\n---", 1)[0]:
            continue  # a Markdown page, not a notebook
        notebook = read_myst_notebook(source)
        if not any(cell.cell_type == "code" and not set(cell.metadata.get("tags", [])) & BUILD_ONLY_TAGS
                   for cell in notebook.cells):
            continue  # no code a reader runs (the exercises table is made when the book is built)
        with_install_cell(notebook, root)
        notebooks[source.with_suffix(".ipynb")] = nbformat.writes(notebook) + "\n"
    return notebooks


def write_chapter_notebooks(root: Path) -> list[Path]:
    written = []
    for path, text in chapter_notebooks(root).items():
        if not path.is_file() or path.read_text() != text:
            path.write_text(text)
            written.append(path)
    return written


def stale_chapter_notebooks(root: Path) -> list[str]:
    """Chapter notebooks that are missing or differ from a fresh conversion."""
    return [path.name for path, text in chapter_notebooks(root).items()
            if not path.is_file() or path.read_text() != text]
