"""The ``sgdcourse`` command.

    sgdcourse exercises build [ASSIGNMENT ...]   solutions/<a>/<a>.md → exercises/<a>/<a>.ipynb
    sgdcourse exercises check                    fail if a committed release is stale
    sgdcourse exercises prove [ASSIGNMENT ...]   grading proof: solution full, release 0, mutants < full
    sgdcourse exercises solutions ASSIGNMENT     after the deadline: released_solutions/<a>/ (no hidden tests)
    sgdcourse collect ASSIGNMENT ZIP --lms L     file an LMS's submissions zip (canvas, moodle) under submitted/
    sgdcourse grade ASSIGNMENT [--workers N]     grade submitted/*/ASSIGNMENT in parallel, sandboxed
    sgdcourse book notebooks [--check]           book/<chapter>.md → book/<chapter>.ipynb (with the install cell)
    sgdcourse data [--root DIR]                  download (if needed) and verify CIFAR-10
    sgdcourse experiments list                   the registered experiments
    sgdcourse experiments run NAME ... | --all   train on CIFAR-10 (lecture runs and multi-seed studies),
                                                 store results with provenance; studies resume
    sgdcourse experiments table [--accuracy A]   stored results and time to accuracy A
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from . import __version__
from .grading.limits import GradingLimits

# Each command imports what it needs when it runs: `sgdcourse --help` works in a base
# install (no nbgrader, no jupytext) and does not pay for importing torch.


def exercises_build(args: argparse.Namespace) -> int:
    from .grading.course import build_release

    course = _course(args)
    for assignment in args.assignments or course.assignments():
        start = time.perf_counter()
        release = build_release(course, assignment)
        print(f"{release.relative_to(course.root)}  ({time.perf_counter() - start:.1f} s)")
    return 0


def exercises_check(args: argparse.Namespace) -> int:
    from .grading.course import stale_releases

    course = _course(args)
    with tempfile.TemporaryDirectory(prefix="sgdcourse-check-") as scratch:
        stale = stale_releases(course, Path(scratch))
    if stale:
        print(f"stale releases: {', '.join(stale)} — run `sgdcourse exercises build` and commit exercises/")
        return 1
    print(f"all {len(course.assignments())} releases are up to date")
    return 0


def exercises_prove(args: argparse.Namespace) -> int:
    from .grading.proof import format_table, prove

    course = _course(args)
    failed = False
    for assignment in args.assignments or course.assignments():
        start = time.perf_counter()
        rows = prove(course, assignment, workers=args.workers)
        print(format_table(assignment, rows))
        print(f"  ({time.perf_counter() - start:.0f} s)")
        failed |= not all(row.passed for row in rows)
    return 1 if failed else 0


def grade(args: argparse.Namespace) -> int:
    from .grading.classroom import format_summary, grade_assignment
    from .grading.classroom.sandbox import SandboxError

    course = _course(args)
    try:
        limits = GradingLimits(cell_timeout_s=args.cell_timeout, notebook_timeout_s=args.notebook_timeout,
                               memory_bytes=int(args.memory_gib * (1 << 30)), processes=args.processes,
                               disk_bytes=int(args.disk_mib * (1 << 20)))
        report = grade_assignment(course, args.assignment, workers=args.workers, limits=limits,
                                  csv_path=args.csv, shard=args.shard)
    except (SandboxError, ValueError) as error:
        print(f"sgdcourse: {error}", file=sys.stderr)
        return 2
    print(format_summary(report))
    return 0 if all(result.status == "graded" for result in report.results) else 1


def exercises_solutions(args: argparse.Namespace) -> int:
    from .grading.course import release_solutions

    course = _course(args)
    for assignment in args.assignments:
        for path in release_solutions(course, assignment, html=args.html):
            print(path.relative_to(course.root))
    return 0


def collect(args: argparse.Namespace) -> int:
    from .grading.lms import collect_zip

    course = _course(args)
    collect_zip(course, args.assignment, args.archive, args.lms)
    submitted_root = course.step_root("submitted")
    submitted = sorted(p.parent.name for p in submitted_root.glob(f"*/{args.assignment}"))
    print(f"{len(submitted)} submissions of {args.assignment} in {submitted_root.name}/: {', '.join(submitted)}")
    return 0


def book_notebooks(args: argparse.Namespace) -> int:
    from .publish import stale_chapter_notebooks, write_chapter_notebooks

    course = _course(args)
    if args.check:
        stale = stale_chapter_notebooks(course.root)
        if stale:
            print(f"stale chapter notebooks: {', '.join(stale)} — run `sgdcourse book notebooks` and commit book/")
            return 1
        print("all chapter notebooks are up to date")
        return 0
    for path in write_chapter_notebooks(course.root):
        print(path.relative_to(course.root))
    return 0


def data(args: argparse.Namespace) -> int:
    from .data import CIFAR10IntegrityError, CIFAR10NotFoundError, load_cifar10

    try:
        arrays = load_cifar10(args.data_root)
    except (CIFAR10NotFoundError, CIFAR10IntegrityError) as error:
        print(f"sgdcourse: {error}", file=sys.stderr)
        return 1
    print(f"CIFAR-10 verified: {len(arrays.train_labels):,} train and {len(arrays.test_labels):,} test images")
    return 0


def experiments_list(args: argparse.Namespace) -> int:
    from .experiments import REGISTRY, STUDIES

    for experiment in REGISTRY.values():
        print(f"{experiment.name:<24} v{experiment.version}  {experiment.description}")
    for study in STUDIES.values():
        print(f"{study.name:<24} v{study.version}  study, {len(study.seeds)} seed(s): {study.description}")
    return 0


def experiments_run(args: argparse.Namespace) -> int:
    import torch

    from .experiments import REGISTRY, RESULTS_DIR, STUDIES, is_stored, run_and_store, run_claims

    results = args.results or RESULTS_DIR

    names = [*REGISTRY, *STUDIES] if args.all else args.names
    unknown = [name for name in names if name not in REGISTRY and name not in STUDIES]
    if unknown or not names:
        print(f"sgdcourse: name experiments to run, or --all (unknown: {', '.join(unknown) or 'none'}; "
              f"known: {', '.join([*REGISTRY, *STUDIES])})", file=sys.stderr)
        return 2
    if args.threads:
        torch.set_num_threads(args.threads)
    for name in (name for name in names if name in REGISTRY):
        if not args.rerun and is_stored(REGISTRY[name], results):
            print(f"{name}: stored (v{REGISTRY[name].version}), skipped; --rerun to run it again")
            continue
        print(f"{name}: {REGISTRY[name].description}")
        path = run_and_store(REGISTRY[name], results, data_root=args.data_root, device=args.device)
        print(f"  → {path}")
    # Stored runs are skipped and an unfinished run continues from its checkpoint, so an
    # interrupted `--all` resumes where it stopped.
    studies = [name for name in names if name in STUDIES]
    if studies:
        run_claims(studies, data_root=args.data_root, device=args.device, directory=results)
    return 0


def experiments_table(args: argparse.Namespace) -> int:
    from .experiments import REGISTRY, RESULTS_DIR, load_result, time_to_accuracy_table

    stored = [load_result(name) for name in REGISTRY if (RESULTS_DIR / f"{name}.json").is_file()]
    print(time_to_accuracy_table(stored, args.accuracy))
    return 0


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
        if name == "prove":
            action.add_argument("--workers", type=int, help="nbgrader autogrades run at once (default: CPU cores)")
        action.set_defaults(run=run)
    solutions = actions.add_parser("solutions", help="after the deadline: the solution notebooks for students "
                                   "(hidden tests removed) in released_solutions/")
    solutions.add_argument("assignments", nargs="+", metavar="ASSIGNMENT")
    solutions.add_argument("--html", action="store_true", help="an HTML page beside each notebook")
    solutions.set_defaults(run=exercises_solutions)

    collect_command = commands.add_parser("collect", help="file the submissions of an LMS's zip "
                                          "(Canvas, Moodle) under submitted/<student>/ASSIGNMENT/")
    collect_command.add_argument("assignment", metavar="ASSIGNMENT")
    collect_command.add_argument("archive", type=Path, metavar="ZIP")
    collect_command.add_argument("--lms", choices=["canvas", "moodle"], required=True)
    collect_command.set_defaults(run=collect)

    defaults = GradingLimits()
    default_gib = defaults.memory_bytes / (1 << 30)
    grade_command = commands.add_parser(
        "grade", help="grade every submitted/<student>/ASSIGNMENT/ in parallel, sandboxed; "
        "gradebook, feedback without hidden tests, grades CSV")
    grade_command.add_argument("assignment", metavar="ASSIGNMENT")
    grade_command.add_argument("--workers", type=int, help="students graded at once (default: CPU cores)")
    grade_command.add_argument("--cell-timeout", type=int,
                               help="seconds one cell may run (default: the course's, TrustedExecute.timeout "
                                    "in nbgrader_config.py)")
    grade_command.add_argument("--notebook-timeout", type=int, default=defaults.notebook_timeout_s,
                               help=f"seconds one notebook may run (default {defaults.notebook_timeout_s})")
    grade_command.add_argument("--memory-gib", type=float, default=default_gib,
                               help=f"memory of all of a student's processes together, GiB (default {default_gib:g})")
    grade_command.add_argument("--processes", type=int, default=defaults.processes,
                               help=f"processes and threads of a student together (default {defaults.processes})")
    grade_command.add_argument("--disk-mib", type=float, default=defaults.disk_bytes / (1 << 20),
                               help=f"what a student's code may write, MiB (default {defaults.disk_bytes >> 20})")
    grade_command.add_argument("--csv", type=Path, help="grades CSV (default: grades/ASSIGNMENT.csv)")
    grade_command.add_argument("--shard", type=_shard, default=(1, 1), metavar="K/N",
                               help="grade the K-th of N shares of the students (one per machine, "
                                    "into one gradebook: db_url in nbgrader_config.py)")
    grade_command.set_defaults(run=grade)

    book = commands.add_parser("book", help="what the book publishes besides its pages")
    book_actions = book.add_subparsers(dest="action", required=True)
    notebooks = book_actions.add_parser("notebooks", help="write book/<chapter>.ipynb for Colab, Binder and "
                                        "JupyterLab (install cell first)")
    notebooks.add_argument("--check", action="store_true", help="only fail if one is stale")
    notebooks.set_defaults(run=book_notebooks)

    data_command = commands.add_parser("data", help="download (if needed) and verify CIFAR-10")
    data_command.add_argument("--data-root", type=Path, help="folder to hold cifar-10-batches-py/ "
                              "(default: $SGDCOURSE_DATA, else the per-user cache)")
    data_command.set_defaults(run=data)

    experiments = commands.add_parser("experiments", help="run and tabulate the stored CIFAR-10 experiments")
    actions = experiments.add_subparsers(dest="action", required=True)
    actions.add_parser("list", help="the registered experiments").set_defaults(run=experiments_list)
    run = actions.add_parser("run", help="run experiments and store their results")
    run.add_argument("names", nargs="*", metavar="NAME")
    run.add_argument("--all", action="store_true", help="run every registered lecture run and study")
    run.add_argument("--data-root", type=Path, help="folder holding cifar-10-batches-py/ "
                     "(default: $SGDCOURSE_DATA, else the per-user cache)")
    run.add_argument("--results", type=Path, help="folder to store results in and read "
                     "tuned settings from (default: the package's results/, which the book reads); e.g. "
                     "results-cuda/ for a GPU rerun of everything beside the CPU-sized results")
    run.add_argument("--rerun", action="store_true", help="run lecture runs again even when stored "
                     "at their current version (studies always skip their stored runs)")
    run.add_argument("--device", help="cuda, cpu, ... (default: CUDA when available)")
    run.add_argument("--threads", type=int, help="CPU threads for torch (default: torch's choice); "
                     "recorded in the result's device name")
    run.set_defaults(run=experiments_run)
    table = actions.add_parser("table", help="stored results and time to a validation accuracy")
    table.add_argument("--accuracy", type=float, default=0.45, help="target validation accuracy (default 0.45)")
    table.set_defaults(run=experiments_table)
    return main


def _shard(text: str) -> tuple[int, int]:
    try:
        index, count = (int(part) for part in text.split("/"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not K/N, e.g. 2/4") from None
    return index, count


def _course(args: argparse.Namespace):
    from .grading.course import Course

    return Course(args.root.resolve()) if args.root else Course.find()


def main(argv: list[str] | None = None) -> int:
    from .grading.course import CourseError

    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except CourseError as error:
        print(f"sgdcourse: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
