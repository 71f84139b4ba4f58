"""Grade a class with nbgrader — in parallel, sandboxed, and robust to bad submissions.

    grade.py         fan out over students, record grades, summary table, grades CSV
    student.py       one student: scratch course, time limits, results into the course
    worker.py        the student's own process: nbgrader autograde, scrub, generate_feedback
    repair.py        restore deleted / stripped / tampered nbgrader cells before grading
    sandbox.py       the kernel's sandbox (bubblewrap) and the kernel spec that uses it
    launch_kernel.py inside the sandbox: memory limits, drop to `nobody`, start ipykernel
    feedback.py      remove hidden tests from tracebacks and outputs; leak check
    gradebook.py     copy an assignment's definition, merge a student's grades
"""

from .grade import ClassReport, format_summary, grade_assignment
from .student import GradingLimits, StudentResult

__all__ = ["ClassReport", "GradingLimits", "StudentResult", "format_summary", "grade_assignment"]
