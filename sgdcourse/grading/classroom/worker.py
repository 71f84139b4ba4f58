"""One student's nbgrader run, in its own process (started and time-limited by student.py):

    python -m sgdcourse.grading.classroom.worker SPEC.json

autograde → keep the graded notebook → scrub hidden tests from its outputs → generate
feedback, with nbgrader's Python API in one process (importing nbgrader alone takes
seconds). Writes {"autograde": {...}, "feedback": {...}} (nbgrader's success/log/error
dicts) to the spec's "result" path.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import nbformat
from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from ..course import CONFIG_FILE
from .feedback import hidden_lines, scrub_hidden_tests


def nbgrader_config(spec: dict) -> Config:
    """The course's config, pointed at the scratch course and the sandboxed kernel."""
    root = spec["root"]
    config = PyFileConfigLoader(CONFIG_FILE, path=root).load_config()
    config.merge(Config({
        "CourseDirectory": {"root": root, "db_url": spec["db_url"]},
        "Execute": {
            "kernel_name": spec["kernel_name"],
            "timeout": spec["cell_timeout_s"],
            # A kernel that ignores the interrupt costs the cells it blocks, not the notebook.
            "raise_on_iopub_timeout": False,
        },
        # Unix sockets: the kernel has no network namespace to talk TCP over.
        "KernelManager": {"transport": "ipc", "connection_file": spec["connection_file"]},
    }))
    return config


def run(spec: dict) -> dict:
    config = nbgrader_config(spec)
    api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
    assignment, student = spec["assignment"], spec["student"]
    result = {"autograde": api.autograde(assignment, student)}
    graded_folder = Path(spec["root"]) / "autograded" / student / assignment
    if not result["autograde"]["success"]:
        return result
    shutil.copytree(graded_folder, spec["keep_graded"])
    for path in graded_folder.glob("*.ipynb"):
        notebook = nbformat.read(path, as_version=4)
        scrub_hidden_tests(notebook, hidden_lines(notebook))
        nbformat.write(notebook, path)
    result["feedback"] = api.generate_feedback(assignment, student)
    return result


def main(argv: list[str]) -> None:
    if len(argv) != 1:
        sys.exit("usage: python -m sgdcourse.grading.classroom.worker SPEC.json")
    spec = json.loads(Path(argv[0]).read_text())
    result = run(spec)
    Path(spec["result"]).write_text(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
