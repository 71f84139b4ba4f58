"""The nbgrader course. Every path is relative to the course root (this folder).

source      solutions/<assignment>/<assignment>.ipynb  instructor notebooks, generated from
                                                       the MyST sources <assignment>.md
release     exercises/<assignment>/<assignment>.ipynb  student notebooks (committed)
submitted   submitted/<student>/<assignment>/          what students hand in   (git-ignored)
autograded  autograded/<student>/<assignment>/         graded copies           (git-ignored)
feedback    feedback/<student>/<assignment>/           HTML feedback           (git-ignored)
gradebook   gradebook.db (nbgrader's default: sqlite in the course root)      (git-ignored)
"""

c = get_config()  # noqa: F821  (injected by traitlets when nbgrader loads this file)

c.CourseDirectory.course_id = "sgdcourse"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
# The MyST sources hold the solutions and hidden tests: never copy them into a release.
# mutants/ holds known-wrong submissions for the grading proof, not course material.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "*.md", "mutants"]

# Autograde runs test cells in the grader's process, the student's cells in a process of
# their own (sandboxed when run as root with bubblewrap): see sgdcourse/grading/trusted.py.
# Per cell: long enough for the small training cells of the assignments (`sgdcourse grade`
# reads it from here too).
from sgdcourse.grading.trusted import trusted_autograde_config  # noqa: E402

CELL_TIMEOUT_S = 300
c.merge(trusted_autograde_config(timeout=CELL_TIMEOUT_S))
# Execute is still what `nbgrader validate` and formgrader's validate button use.
c.Execute.timeout = CELL_TIMEOUT_S
c.Execute.kernel_name = "python3"
c.Execute.interrupt_on_timeout = True

# Feedback must not show hidden tests (nbgrader keeps them by default): their lines leave
# tracebacks and outputs first, then their sources are cleared.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    "sgdcourse.grading.classroom.feedback.ScrubHiddenTests",
    "nbgrader.preprocessors.ClearHiddenTests",
]

# `nbgrader export`: one row per student, a column per graded part and the total
# (sgdcourse/grading/lms.py; `sgdcourse grade` writes grades/<a>.csv the same way).
# For Canvas's gradebook import: c.PartsExport.layout = "canvas"
c.ExportApp.plugin_class = "sgdcourse.grading.lms.PartsExport"
