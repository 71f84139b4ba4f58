"""Read a submitted notebook and repair its nbgrader structure before it is graded.

nbgrader restores an *edited* locked cell from the gradebook, but a test cell the student
deleted, or whose nbgrader metadata was stripped (by an editor, a copy-paste into a fresh
notebook, or on purpose), silently scores 0. And a student can raise a cell's points, turn a
test into an answer cell, or invent a graded cell. `repair_submission` rebuilds the notebook
on the release's skeleton, matching cells by grade_id (or, for stripped cells, by cell id
or identical source):

    locked cells (tests, setup, text)  → the release's cell, metadata and source
    answer cells                       → the student's source under the release's metadata
    the student's own extra cells      → kept, after the release cell they followed

Every change is reported, so the instructor can tell the student.
"""

from __future__ import annotations

import copy
import nbformat
from nbformat import NotebookNode
from nbformat.corpus.words import generate_corpus_id

# The nbgrader metadata that decides how a cell is graded.
GRADING_KEYS = ("grade", "solution", "locked", "task", "points")


def repair_submission(submitted: NotebookNode, release: NotebookNode) -> tuple[NotebookNode, list[str]]:
    """(notebook to grade, what was repaired) — see the module docstring."""
    submitted = copy.deepcopy(submitted)  # _identify strips metadata from the student's cells
    template = {grade_id(cell): cell for cell in release.cells if grade_id(cell)}
    by_cell_id = {cell.get("id"): gid for gid, cell in template.items()}
    notes: list[str] = []
    claimed: dict[str, NotebookNode] = {}
    followers: dict[str | None, list[NotebookNode]] = {None: []}
    anchor = None
    for cell in submitted.cells:
        gid = _identify(cell, template, by_cell_id, claimed, notes)
        if gid is None:
            followers[anchor].append(cell)
        else:
            claimed[gid] = cell
            anchor = gid
            followers[gid] = []
    cells = followers[None]
    for gid, original in template.items():
        restored = _restore(gid, original, claimed.get(gid), notes)
        if restored is not None:
            cells.append(restored)
        cells.extend(followers.get(gid, []))
    _make_ids_unique(cells)
    repaired = nbformat.v4.new_notebook(metadata=copy.deepcopy(release.metadata), cells=cells)
    return repaired, notes


def grade_id(cell: NotebookNode) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def _identify(cell, template, by_cell_id, claimed, notes) -> str | None:
    """The release cell this submitted cell stands for, or None for the student's own cell.

    A cell that claims an unknown or already-taken grade_id loses its nbgrader metadata
    (it runs as an ordinary cell); a cell without metadata is recognised by its cell id or,
    for locked cells, by its unchanged source.
    """
    gid = grade_id(cell)
    if gid is not None:
        if gid in template and gid not in claimed:
            return gid
        reason = "a second cell with" if gid in claimed else "an unknown"
        notes.append(f"removed nbgrader metadata from {reason} grade_id {gid!r} (ran as an ordinary cell)")
        del cell.metadata["nbgrader"]
        return None
    if "nbgrader" in cell.get("metadata", {}):
        del cell.metadata["nbgrader"]  # nbgrader metadata without a grade_id: not gradable
    match = by_cell_id.get(cell.get("id"))
    if match is None:
        match = next((g for g, c in template.items()
                      if _is_locked(c) and c.source.strip() and c.source.strip() == cell.source.strip()), None)
    if match is not None and match not in claimed:
        notes.append(f"reattached the nbgrader metadata of {match!r} (it had been removed)")
        return match
    return None


def _restore(gid: str, original: NotebookNode, submitted: NotebookNode | None, notes: list[str]) -> NotebookNode | None:
    """The cell to grade in place of release cell `gid`, given what the student submitted."""
    if submitted is None:
        if not _is_locked(original):
            notes.append(f"answer cell {gid!r} is missing (nothing to restore: it held the student's code)")
            return None
        if original.metadata["nbgrader"].get("grade"):
            notes.append(f"restored deleted test cell {gid!r}")
        else:
            notes.append(f"restored deleted cell {gid!r}")
        return _fresh_copy(original)
    changed = [key for key in GRADING_KEYS
               if submitted.metadata.get("nbgrader", {}).get(key) != original.metadata["nbgrader"].get(key)]
    if changed and "nbgrader" in submitted.metadata:
        notes.append(f"reset tampered nbgrader metadata of {gid!r} ({', '.join(changed)})")
    if _is_locked(original):
        if submitted.cell_type != original.cell_type or submitted.source.strip() != original.source.strip():
            notes.append(f"restored edited locked cell {gid!r}")
        return _fresh_copy(original)
    answer = _fresh_copy(original)
    answer.source = submitted.source
    return answer


def _is_locked(cell: NotebookNode) -> bool:
    """A cell the student may not change: everything but answer (solution) cells."""
    return not cell.metadata["nbgrader"].get("solution", False)


def _fresh_copy(cell: NotebookNode) -> NotebookNode:
    fresh = copy.deepcopy(cell)
    if fresh.cell_type == "code":
        fresh.outputs, fresh.execution_count = [], None
    return fresh


def _make_ids_unique(cells: list[NotebookNode]) -> None:
    """A student's cell may carry the id of a release cell restored beside it."""
    seen: set[str] = set()
    for cell in cells:
        if cell.get("id") in seen:
            cell.id = generate_corpus_id()
        seen.add(cell.get("id"))
