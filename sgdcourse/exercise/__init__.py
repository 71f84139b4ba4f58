"""What an exercise notebook imports: the checks, the "write it yourself" rule, and a self-check.

    from sgdcourse.exercise import check, check_close, only_your_code, self_check

The checks say what was expected, what was got and a hint (sgdcourse.grading.checks).
`only_your_code` is the rule of the parts that ask you to implement what a library
already does: your function must name no such library, and calling one inside it fails
the check. `self_check()` runs your notebook from the top in a fresh kernel, as the
grader will, and says which visible tests pass and what is left to do.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..grading.checks import (  # noqa: F401  (re-exported for the notebooks)
    AUTOGRAD, CheckFailed, check, check_close, check_equal, check_own_implementation, check_tensor, fail,
    forbidden,
)


def check_written_here(function, libraries: tuple[str, ...], *, what: str = "the update") -> None:
    """`function` is defined in the notebook and names nothing from the modules `libraries`."""
    name = function.__name__
    check_own_implementation(function, name)
    used = []
    for global_name in function.__code__.co_names:
        value = function.__globals__.get(global_name)
        origin = value.__name__ if inspect.ismodule(value) else getattr(value, "__module__", None)
        if isinstance(origin, str) and origin.startswith(libraries):
            used.append(global_name)
    check(not used, f"{name} must compute {what} itself",
          expected=f"nothing from {', '.join(libraries)}", got=f"it uses {used}",
          hint="write it with tensor arithmetic or math; this part scores 0 otherwise")


@contextmanager
def only_your_code(function, shortcuts: tuple[str, ...], libraries: tuple[str, ...], *,
                   what: str = "the update") -> Iterator[None]:
    """Check `function` with check_written_here, then run the block with `shortcuts` refused."""
    check_written_here(function, libraries, what=what)
    with forbidden(shortcuts, task="write"):
        yield


def self_check(notebook: str | os.PathLike | None = None, *, timeout_s: int = 300) -> dict[str, str]:
    """Run the notebook from the top in a fresh kernel and report each visible test: {test: outcome}.

    `notebook` defaults to the notebook this kernel belongs to, where Jupyter says which one
    it is (JupyterLab, Notebook 7, VS Code); in Colab, save a copy and pass its path. Save
    the notebook first: the file is what runs, as when it is graded.
    """
    import nbformat
    from nbclient import NotebookClient

    path = Path(notebook) if notebook else _this_notebook()
    book = nbformat.read(path, as_version=4)
    NotebookClient(book, timeout=timeout_s, allow_errors=True, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    report, left = {}, 0
    for cell in book.cells:
        meta = cell.metadata.get("nbgrader", {})
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if meta.get("grade") and not meta.get("solution"):
            report[meta.get("grade_id", "?")] = ("passes" if not errors else
                                                  f"fails: {errors[-1]['ename']}: {errors[-1]['evalue']}".strip())
        elif meta.get("solution") and "raise NotImplementedError" in cell.source:
            left += 1
    width = max(map(len, report), default=0)
    for test, outcome in report.items():
        print(f"{test:<{width}}  {outcome.splitlines()[0] if outcome else outcome}")
    passing = sum(outcome == "passes" for outcome in report.values())
    print(f"{passing} of {len(report)} visible tests pass; {left} answer cell(s) still raise NotImplementedError. "
          "Hidden tests check more when the notebook is graded.")
    return report


def _this_notebook() -> Path:
    """The running notebook's file, from what the front end tells the kernel."""
    candidates = [os.environ.get("JPY_SESSION_NAME"), _vscode_notebook()]
    for candidate in candidates:
        if candidate and Path(candidate).suffix == ".ipynb" and Path(candidate).is_file():
            return Path(candidate)
    raise FileNotFoundError("cannot tell which notebook this is: call self_check('path/to/your_notebook.ipynb')")


def _vscode_notebook() -> str | None:
    from IPython import get_ipython

    shell = get_ipython()
    return shell.user_ns.get("__vsc_ipynb_file__") if shell is not None else None
