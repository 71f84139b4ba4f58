"""sgdcourse: the package behind the course's chapters, exercises and graders."""

__version__ = "0.1.0"
