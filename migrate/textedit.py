"""Splice edits into text and map offsets to 1-based positions.

Every fix, Python or not, is a list of non-overlapping span edits on the
original text. Splicing them in reverse order keeps every byte outside the
spans as it was (line endings, encodings, comments), which no re-serialising
round trip guarantees.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Sequence

TYPE_CHECKING = False  # typing's flag, without importing typing
if TYPE_CHECKING:
    from migrate.model import Edit

# A line break as Python, YAML, JSON, dotenv and the editors count them (TOML's grammar, which has
# no lone "\r", keeps its own).
NEWLINE = re.compile(r"\r\n|\r|\n")
NEWLINE_BYTES = re.compile(rb"\r\n|\r|\n")


def end_of_line(text: str, offset: int) -> int:
    """Where the line holding ``offset`` ends: its line break, or the end of the text."""
    match = NEWLINE.search(text, offset)
    return match.start() if match else len(text)


class OverlapError(ValueError):
    """Two edits touch the same span; the fix set is inconsistent."""


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply ``edits`` to ``text``; raise :class:`OverlapError` if any two overlap.

    Identical edits count once. Several different insertions at one offset are
    all made, in the order given (two keyword arguments added to one call).
    """
    ordered = check_overlaps(edits)
    parts: list[str] = []
    pos = 0
    for edit in ordered:
        parts.append(text[pos : edit.start])
        parts.append(edit.content)
        pos = edit.end
    parts.append(text[pos:])
    return "".join(parts)


def check_overlaps(edits: Iterable[Edit]) -> list[Edit]:
    """The distinct edits in order; :class:`OverlapError` if two overlap (see :func:`apply_edits`)."""
    ordered = sorted(dict.fromkeys(edits), key=lambda e: (e.start, e.end))
    for before, after in itertools.pairwise(ordered):
        both_inserts = before.start == before.end == after.start == after.end
        if after.start < before.end or (after.start == before.start and not both_inserts):
            raise OverlapError(f"edits overlap at offset {after.start}")
    return ordered


_LAST: tuple[str, LineIndex] | None = None


class LineIndex:
    """Offsets to (line, column), 1-based, with ``\\r\\n``, ``\\r`` and ``\\n`` all ending a line."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in NEWLINE.finditer(text)]

    @classmethod
    def of(cls, text: str) -> LineIndex:
        """The index of ``text``, shared with the last caller that asked for this same string object
        (the analysis and the report step of one file; the index is never changed)."""
        global _LAST
        if _LAST is not None and _LAST[0] is text:
            return _LAST[1]
        index = cls(text)
        _LAST = (text, index)
        return index

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def offset(self, line: int, column: int) -> int:
        """From libcst-style positions: 1-based line, 0-based column."""
        return self.starts[line - 1] + column


def with_positions(index: LineIndex, edits: Sequence[Edit]) -> tuple[Edit, ...]:
    from migrate.model import Edit  # not at the top: a run that finds nothing never needs the model

    out = []
    for edit in edits:
        line, col = index.position(edit.start)
        end_line, end_col = index.position(edit.end)
        out.append(Edit(edit.start, edit.end, edit.content, line, col, end_line, end_col))
    return tuple(out)


def line_ending(text: str) -> str:
    """The file's dominant newline, for text an edit inserts."""
    counts = {"\r\n": text.count("\r\n")}
    counts["\r"] = text.count("\r") - counts["\r\n"]
    counts["\n"] = text.count("\n") - counts["\r\n"]
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else "\n"
