"""One student's nbgrader run, in its own process (started and time-limited by student.py):

autograde (with TrustedExecute: the student's code in the sandbox, the tests here)
→ keep the graded notebook → generate feedback (hidden tests scrubbed), with nbgrader's
Python API. The process is forked from a server that has imported this module already
(importing nbgrader alone takes seconds). `run_in_child` writes
{"autograde": {...}, "feedback": {...}} (nbgrader's success/log/error dicts) to the
spec's "result" path.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from traitlets.config import Config

from ..course import Course
from ..trusted import trusted_autograde_config


def nbgrader_config(scratch: Course, spec: dict) -> Config:
    """The scratch course's config (the course's, with a gradebook of its own) with the class's
    sandbox and limits."""
    config = Config(scratch.config)
    config.merge(Config({"CourseDirectory": {"root": str(scratch.root)}}))
    config.merge(trusted_autograde_config(**spec["trusted"]))
    return config


def run(spec: dict) -> dict:
    scratch = Course(Path(spec["root"]))
    config = nbgrader_config(scratch, spec)
    api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
    assignment, student = spec["assignment"], spec["student"]
    result = {"autograde": api.autograde(assignment, student)}
    graded_folder = scratch.folder("autograded", assignment, student)
    if not result["autograde"]["success"]:
        return result
    shutil.copytree(graded_folder, spec["keep_graded"])
    # The course's feedback steps scrub hidden tests (nbgrader_config.py: ScrubHiddenTests).
    result["feedback"] = api.generate_feedback(assignment, student)
    return result


def run_in_child(spec: dict) -> None:
    """The child process's entry point: environment, log file, run, result file."""
    # nbgrader runs `alembic` from PATH.
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    os.chdir(spec["root"])
    with open(spec["log"], "w") as log:
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
    Path(spec["result"]).write_text(json.dumps(run(spec)))
