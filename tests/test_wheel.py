"""The course as a student gets it: the built wheel, installed into a fresh environment, with a
chapter and an exercise notebook copied into an empty folder outside the repository.

The fresh environment reuses this environment's third-party packages (a .pth file points
at them: torch is not downloaded again), but `sgdcourse` itself comes from the wheel.
"""

from __future__ import annotations

import json
import shutil
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient

from sgdcourse.grading.course import Course
from sgdcourse.publish import INSTALL_TAG, repository

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = "01_minibatch_sgd"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built from a copy of the sources (no build/ folder left in the checkout)."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "sgdcourse", source / "sgdcourse", ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(out), str(source)], check=True)
    (built,) = out.glob("sgdcourse-*.whl")
    return built


@pytest.fixture(scope="module")
def student_env(tmp_path_factory, wheel) -> Path:
    """A new virtual environment with the wheel installed; its python."""
    env = tmp_path_factory.mktemp("student-env")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    python = env / "bin" / "python"
    purelib = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                  capture_output=True, text=True, check=True).stdout.strip())
    (purelib / "reuse_dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
                   check=True)
    return python


def test_the_wheel_holds_what_chapters_and_graders_read(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    results = ROOT / "sgdcourse" / "experiments" / "results"
    stored = sorted(str(path.relative_to(results)) for path in results.rglob("*.json"))  # studies: one folder each
    prefix = "sgdcourse/experiments/results/"
    assert sorted(n.removeprefix(prefix) for n in names if n.startswith(prefix) and n.endswith(".json")) == stored
    assert any("/" in name for name in stored)
    for module in ("sgdcourse/grading/runner.py", "sgdcourse/grading/wire.py", "sgdcourse/trials.py",
                   "sgdcourse/data/toy.py", "sgdcourse/publish.py"):
        assert module in names
    assert not [n for n in names if n.startswith(("solutions/", "tests/", "book/"))]


def test_the_command_starts_without_the_heavy_imports(student_env):
    probe = ("import sys\nfrom sgdcourse.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
             "print('LOADED', sorted({m.split('.')[0] for m in sys.modules} & "
             "{'torch', 'nbgrader', 'nbformat', 'jupytext', 'numpy'}))")
    out = subprocess.run([str(student_env), "-c", probe], capture_output=True, text=True, check=True).stdout
    assert "sgdcourse exercises build" in out and out.strip().endswith("LOADED []")
    toy = ("import sys\nfrom sgdcourse.data.toy import quadratic\n"
           "print(sorted(m for m in sys.modules if m.startswith(('sgdcourse.data.cifar10', 'tqdm.notebook', 'tqdm.auto'))))")
    assert subprocess.run([str(student_env), "-c", toy], capture_output=True, text=True,
                          check=True).stdout.strip() == "[]"


def run_notebook(notebook, folder: Path, python: Path, jupyter_path: Path, monkeypatch):
    """Execute `notebook` in `folder` with a kernel of the student's environment; errors kept as outputs."""
    spec = jupyter_path / "kernels" / "student"
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "student", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(jupyter_path))
    monkeypatch.delenv("MPLBACKEND", raising=False)  # ipykernel then draws figures inline, as for a reader
    NotebookClient(notebook, kernel_name="student", timeout=600, allow_errors=True,
                   resources={"metadata": {"path": str(folder)}}).execute()
    return notebook


def where_sgdcourse_comes_from(notebook) -> str:
    return next(o.text for c in notebook.cells for o in c.get("outputs", []) if "FROM " in o.get("text", ""))


def errors(cell) -> list[str]:
    return [f"{o.ename}: {o.evalue}" for o in cell.get("outputs", []) if o.output_type == "error"]


def test_a_chapter_runs_outside_the_repository_on_stored_results(student_env, tmp_path, monkeypatch):
    folder = tmp_path / "reader"
    folder.mkdir()
    shutil.copy2(ROOT / "book" / "momentum.ipynb", folder / "momentum.ipynb")
    notebook = nbformat.read(folder / "momentum.ipynb", as_version=4)
    assert notebook.cells[1].metadata["tags"] == [INSTALL_TAG]
    notebook.cells.append(nbformat.v4.new_code_cell("import sgdcourse\nprint('FROM', sgdcourse.__file__)"))
    run_notebook(notebook, folder, student_env, tmp_path / "jupyter", monkeypatch)
    assert [e for c in notebook.cells for e in errors(c)] == []
    assert str(student_env.parents[1]) in where_sgdcourse_comes_from(notebook)
    assert sum(o.output_type == "display_data" and "image/png" in o.data
               for c in notebook.cells for o in c.get("outputs", [])) >= 2


def test_an_exercise_fails_visibly_then_passes_when_answered(student_env, tmp_path, monkeypatch):
    folder = tmp_path / "student"
    folder.mkdir()
    release = nbformat.read(Course(ROOT).release_notebook(ASSIGNMENT), as_version=4)
    test_cells = [i for i, c in enumerate(release.cells) if c.metadata.get("nbgrader", {}).get("grade")
                  and not c.metadata["nbgrader"].get("solution")]
    untouched = run_notebook(release, folder, student_env, tmp_path / "jupyter", monkeypatch)
    assert all(errors(untouched.cells[i]) == ["NotImplementedError: "] for i in test_cells), \
        [errors(untouched.cells[i]) for i in test_cells]

    solution = jupytext.read(ROOT / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.md")
    answers = {c.metadata["nbgrader"]["grade_id"]: c.source for c in solution.cells
               if c.metadata.get("nbgrader", {}).get("solution")}
    answered = nbformat.read(Course(ROOT).release_notebook(ASSIGNMENT), as_version=4)
    for cell in answered.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") in answers:
            cell.source = answers[cell.metadata["nbgrader"]["grade_id"]]
    answered.cells.append(nbformat.v4.new_code_cell("import sgdcourse\nprint('FROM', sgdcourse.__file__)"))
    run_notebook(answered, folder, student_env, tmp_path / "jupyter", monkeypatch)
    assert [errors(answered.cells[i]) for i in test_cells] == [[] for _ in test_cells]
    assert str(student_env.parents[1]) in where_sgdcourse_comes_from(answered)


def test_install_cells_name_the_configured_repository():
    url, branch = repository(ROOT)
    release = nbformat.read(Course(ROOT).release_notebook(ASSIGNMENT), as_version=4)
    chapter = nbformat.read(ROOT / "book" / "why_sample.ipynb", as_version=4)
    for install in (release.cells[1], chapter.cells[1]):
        assert install.metadata["tags"] == [INSTALL_TAG] and install.metadata["jupyter"]["source_hidden"]
        assert f'%pip install --quiet "sgdcourse @ git+{url}@{branch}"' in install.source
    assert "jupytext" not in release.metadata and "jupytext" not in chapter.metadata


def test_chapter_notebooks_are_not_stale():
    from sgdcourse.publish import stale_chapter_notebooks

    assert stale_chapter_notebooks(ROOT) == [], "run `sgdcourse book notebooks` and commit book/*.ipynb"
