"""Grade a class with nbgrader — in parallel, sandboxed, and robust to bad submissions.

    grade.py         fan out over students, record grades, summary table, grades CSV
    student.py       one student: scratch course, time limits, results into the course
    submission.py    read a submission as root without following links (symbolic or hard)
    worker.py        one student's nbgrader run (autograde with ../trusted.py, scrub, feedback)
    repair.py        restore deleted / stripped / tampered nbgrader cells before grading
    sandbox.py       the student's process in bubblewrap, from an allow-list
    cgroup.py        memory and process limits for all of a student's processes together
    feedback.py      remove hidden tests from tracebacks and outputs; leak check
    gradebook.py     copy an assignment's definition, merge a student's grades
"""

from .grade import ClassReport, format_summary, grade_assignment
from .student import GradingLimits, StudentResult

__all__ = ["ClassReport", "GradingLimits", "StudentResult", "format_summary", "grade_assignment"]
