"""Read what a student handed in, as root, without following anything the student made.

    submitted/<student>/<assignment>/<assignment>.ipynb   the notebook (required)
    submitted/<student>/<assignment>/<other files>        data the notebook reads (optional)

Every step opens relative to the folder before it with O_NOFOLLOW, so a symbolic link
anywhere below submitted/ (to the solution, another student's notebook, the gradebook)
is refused, not followed, and so is a hard link, a FIFO or a device. The grader then
works on the bytes it read: nothing under submitted/ is opened again.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import nbformat
from nbformat import NotebookNode

MAX_NOTEBOOK_BYTES = 64 << 20
MAX_FILE_BYTES = 64 << 20


class UnreadableSubmission(ValueError):
    """The submission is not something the grader will read; the message says why."""


def read_submission(submitted: Path, student: str, assignment: str) -> tuple[NotebookNode, dict[str, bytes], list[str]]:
    """(notebook, {file name: content} of the other regular files, notes on what was left out)."""
    notebook_name = f"{assignment}.ipynb"
    root = os.open(submitted, os.O_RDONLY | os.O_DIRECTORY)
    try:
        student_folder = _open_folder(root, student, f"submitted/{student}")
        try:
            folder = _open_folder(student_folder, assignment, f"submitted/{student}/{assignment}")
        finally:
            os.close(student_folder)
        try:
            raw = _read_regular(folder, notebook_name, MAX_NOTEBOOK_BYTES)
            files, notes = {}, []
            for entry in sorted(os.listdir(folder)):
                if entry == notebook_name:
                    continue
                try:
                    files[entry] = _read_regular(folder, entry, MAX_FILE_BYTES)
                except UnreadableSubmission as error:
                    notes.append(f"ignored {entry!r} in the submission: {error}")
        finally:
            os.close(folder)
    finally:
        os.close(root)
    try:
        notebook = nbformat.reads(raw.decode("utf-8"), as_version=4)
        nbformat.validate(notebook)
    except Exception as error:  # nbformat raises JSON, schema and encoding errors alike
        first_line = (str(error).strip().splitlines() or [""])[0][:200]
        raise UnreadableSubmission(f"not a valid notebook ({type(error).__name__}: {first_line})") from None
    return notebook, files, notes


def _open_folder(parent: int, name: str, shown: str) -> int:
    try:
        return os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=parent)
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.ENOTDIR):
            raise UnreadableSubmission(f"{shown} is not a folder (a link or a file): hand in a plain folder") from None
        raise UnreadableSubmission(f"cannot open {shown}: {error.strerror}") from None


def _read_regular(folder: int, name: str, limit: int) -> bytes:
    """The bytes of `name`, a regular file with one link, at most `limit` bytes."""
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=folder)
    except OSError as error:
        if error.errno == errno.ENOENT:
            raise UnreadableSubmission(f"no {name} in the submission") from None
        if error.errno == errno.ELOOP:
            raise UnreadableSubmission(f"{name} is a symbolic link, not a file: hand in the notebook itself") from None
        raise UnreadableSubmission(f"cannot open {name}: {error.strerror}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableSubmission(f"{name} is not a regular file")
        if info.st_nlink != 1:
            raise UnreadableSubmission(f"{name} is a hard link (it has {info.st_nlink} names): hand in a copy")
        if info.st_size > limit:
            raise UnreadableSubmission(f"{name} has {info.st_size} bytes; at most {limit} are graded")
        chunks, size = [], 0
        while chunk := os.read(fd, 1 << 20):
            size += len(chunk)
            if size > limit:
                raise UnreadableSubmission(f"{name} has more than {limit} bytes")
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)
