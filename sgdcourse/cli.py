"""The ``sgdcourse`` command.

    sgdcourse exercises build [ASSIGNMENT ...]   solutions/<a>/<a>.md → exercises/<a>/<a>.ipynb
    sgdcourse exercises check                    fail if a committed release is stale
    sgdcourse exercises prove [ASSIGNMENT ...]   grading proof: solution full, release 0, mutants < full
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from . import __version__
from .grading.course import Course, CourseError, build_release, stale_releases
from .grading.proof import format_table, prove


def exercises_build(course: Course, args: argparse.Namespace) -> int:
    for assignment in args.assignments or course.assignments():
        start = time.perf_counter()
        release = build_release(course, assignment)
        print(f"{release.relative_to(course.root)}  ({time.perf_counter() - start:.1f} s)")
    return 0


def exercises_check(course: Course, args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="sgdcourse-check-") as scratch:
        stale = stale_releases(course, Path(scratch))
    if stale:
        print(f"stale releases: {', '.join(stale)} — run `sgdcourse exercises build` and commit exercises/")
        return 1
    print(f"all {len(course.assignments())} releases are up to date")
    return 0


def exercises_prove(course: Course, args: argparse.Namespace) -> int:
    failed = False
    for assignment in args.assignments or course.assignments():
        start = time.perf_counter()
        rows = prove(course, assignment)
        print(format_table(assignment, rows))
        print(f"  ({time.perf_counter() - start:.0f} s)")
        failed |= not all(row.passed for row in rows)
    return 1 if failed else 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="sgdcourse", description=__doc__,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    main.add_argument("--version", action="version", version=f"sgdcourse {__version__}")
    main.add_argument("--root", type=Path, help="course root (default: the folder above the "
                      "current one that holds nbgrader_config.py)")
    commands = main.add_subparsers(dest="command", required=True)

    exercises = commands.add_parser("exercises", help="build, check and prove the assignments")
    actions = exercises.add_subparsers(dest="action", required=True)
    for name, run, help_text in [
        ("build", exercises_build, "generate the student releases from solutions/"),
        ("check", exercises_check, "fail if exercises/ is stale"),
        ("prove", exercises_prove, "autograde solution, release and mutants; print the table"),
    ]:
        action = actions.add_parser(name, help=help_text)
        if name != "check":
            action.add_argument("assignments", nargs="*", metavar="ASSIGNMENT")
        action.set_defaults(run=run)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        course = Course(args.root.resolve()) if args.root else Course.find()
        return args.run(course, args)
    except CourseError as error:
        print(f"sgdcourse: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
