"""Keep hidden tests out of feedback.

nbgrader's ClearHiddenTests removes the hidden lines from the cells' *source*, but a
failing hidden line still shows in the error's traceback (IPython prints the frame's code).
`scrub_hidden_tests` replaces every traceback entry that shows hidden code before the
feedback is rendered; the one-line messages of our `CheckFailed` checks contain no code
and stay. `leaked_hidden_lines` is the last guard: feedback that still contains a hidden
line is not handed out.
"""

from __future__ import annotations

import html
import re

from nbconvert.preprocessors import Preprocessor
from nbformat import NotebookNode

BEGIN_HIDDEN = "### BEGIN HIDDEN TESTS"
END_HIDDEN = "### END HIDDEN TESTS"
HIDDEN_FRAME = "[this part of the traceback is in a hidden test and is not shown]"
# Shorter lines (`)`, `else:`) prove nothing about a leak and appear everywhere.
MIN_TELLING_LENGTH = 12
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
HTML_TAG = re.compile(r"<[^>]*>")


def hidden_lines(notebook: NotebookNode) -> set[str]:
    """The telling lines (stripped) that appear only between the hidden-test markers.

    A hidden line that is also visible somewhere (`generator = ...`) gives nothing away.
    """
    hidden: set[str] = set()
    visible: set[str] = set()
    for cell in notebook.cells:
        inside = False
        for line in cell.source.splitlines():
            stripped = line.strip()
            if stripped == BEGIN_HIDDEN:
                inside = True
            elif stripped == END_HIDDEN:
                inside = False
            elif len(stripped) >= MIN_TELLING_LENGTH:
                (hidden if inside else visible).add(stripped)
    # A hidden line that a visible one contains (`x = f()` in `x = f().g()`) gives nothing away either.
    return {line for line in hidden - visible if not any(line in shown for shown in visible)}


def scrub_hidden_tests(notebook: NotebookNode, secrets: set[str]) -> int:
    """Replace traceback entries and output lines that show any of `secrets`; returns how many."""
    replaced = 0
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                scrubbed = [HIDDEN_FRAME if _shows(entry, secrets) else entry for entry in output.traceback]
                replaced += sum(a != b for a, b in zip(scrubbed, output.traceback))
                output.traceback = _collapse(scrubbed)
            elif output.output_type == "stream":
                lines = output.text.splitlines(keepends=True)
                kept = [line for line in lines if not _shows(line, secrets)]
                replaced += len(lines) - len(kept)
                output.text = "".join(kept)
    return replaced


class ScrubHiddenTests(Preprocessor):
    """`scrub_hidden_tests` as an nbgrader feedback step (nbgrader_config.py), so plain
    `nbgrader generate_feedback` and formgrader hand out the same safe feedback as
    `sgdcourse grade`. It must run before ClearHiddenTests, which empties the sources it reads."""

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        scrub_hidden_tests(nb, hidden_lines(nb))
        return nb, resources


def leaked_hidden_lines(feedback_html: str, secrets: set[str]) -> list[str]:
    """The secrets readable in rendered feedback (tags and entities undone)."""
    text = html.unescape(HTML_TAG.sub("", feedback_html))
    return sorted(secret for secret in secrets if secret in text)


def _shows(text: str, secrets: set[str]) -> bool:
    plain = ANSI_ESCAPE.sub("", text)
    return any(secret in plain for secret in secrets)


def _collapse(entries: list[str]) -> list[str]:
    """One placeholder for a run of hidden frames."""
    return [entry for i, entry in enumerate(entries) if not (entry == HIDDEN_FRAME and i and entries[i - 1] == HIDDEN_FRAME)]
