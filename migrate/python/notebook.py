"""Jupyter notebooks: code cells go through the Python adapters; only changed cells are written back.

Code cells are joined into one module (as ruff does), so a constant defined in
one cell and used in another is followed. IPython magics and shell escapes
(``%pip``, ``!ls``, ``x = !cmd``, whole ``%%bash`` cells) are masked before
parsing and never changed. Outputs are never read as code. Writing back edits
only the JSON string elements of the changed cells' ``source``: the rest of the
file (indent, key order, escapes, trailing newline) keeps every byte.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from migrate.jsonspan import JsonNode, JsonParser
from migrate.model import Edit, FileResult, Finding
from migrate.report_rules.python_strings import FixRefused, RetiredModelText
from migrate.textedit import LineIndex, apply_edits

if TYPE_CHECKING:
    from migrate.engine import Settings

# Lines as Python ends them (str.splitlines also ends them at a form feed, U+2028 and others,
# which can sit inside a string literal).
LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+\Z")
MAGIC_LINE = re.compile(r"^[ \t]*(?:[%!?]|[\w.]+[ \t]*=[ \t]*[%!])")
CELL_MAGIC = re.compile(r"^[ \t]*%%")
HELP_LINE = re.compile(r"^[^#]*\?\s*$")
LINE_REF = re.compile(r"(?<=\()line (\d+)(?=\))")


class NotebookError(ValueError):
    """The file is not a notebook the tool can read; one line."""


@dataclass
class _Cell:
    index: int  # 1-based, over every cell of the notebook
    source_node: JsonNode
    text: str  # the cell's source, joined
    masked: str  # the same text with magics replaced by harmless Python
    start: int = 0  # offset of ``masked`` in the joined module


def _cell_text(node: JsonNode) -> str:
    if node.kind == "string":
        return node.value
    if node.kind == "array" and all(item.kind == "string" for item in node.items):
        return "".join(item.value for item in node.items)
    raise NotebookError("a cell's source is neither a string nor a list of strings")


def _mask(text: str) -> str:
    """Replace IPython-only lines with ``pass`` at their indentation (same line count)."""
    lines = LINE.findall(text)
    if lines and CELL_MAGIC.match(lines[0]):
        return "".join(_blank(line) for line in lines)
    out = []
    for line in lines:
        if MAGIC_LINE.match(line) or (
            HELP_LINE.match(line) and line.rstrip().endswith("?") and "#" not in line
        ):
            indent = line[: len(line) - len(line.lstrip(" \t"))]
            ending = line[len(line.rstrip("\r\n")) :]
            out.append(f"{indent}pass{ending}")
        else:
            out.append(line)
    return "".join(out)


def _blank(line: str) -> str:
    return "#" + line[len(line.rstrip("\r\n")) :] if line.strip() else line


def _cells(text: str) -> tuple[JsonNode, list[_Cell]]:
    root = JsonParser(text).document()
    if root.kind != "object":
        raise NotebookError("the top level is not a JSON object")
    cells_node = next((m.value for m in root.members if m.key == "cells"), None)
    if cells_node is None or cells_node.kind != "array":
        raise NotebookError("no 'cells' list (not an nbformat 4 notebook)")
    cells = []
    for i, cell in enumerate(cells_node.items, start=1):
        if cell.kind != "object":
            raise NotebookError(f"cell {i} is not an object")
        members = {m.key: m.value for m in cell.members}
        kind = members.get("cell_type")
        source = members.get("source")
        if kind is None or kind.value != "code" or source is None:
            continue
        body = _cell_text(source)
        cells.append(_Cell(i, source, body, _mask(body)))
    return root, cells


def process_notebook(text: str, settings: Settings, shown: str, encoding: str) -> FileResult:
    from migrate.engine import _ParseFailure, _python_reports, finish, selected

    try:
        _, cells = _cells(text)
    except (NotebookError, ValueError) as exc:
        raise _ParseFailure(f"not a readable notebook: {exc}") from None
    parts = []
    offset = 0
    for cell in cells:
        cell.start = offset
        part = cell.masked if cell.masked.endswith(("\n", "\r")) or not cell.masked else cell.masked + "\n"
        parts.append(part)
        offset += len(part)
    joined = "".join(parts)
    try:
        reports = _python_reports(joined, settings)[0]
    except _ParseFailure as exc:
        raise _ParseFailure(f"{exc} ({_cell_of_line(cells, joined, str(exc))})") from None
    # One pass over the joined module: filtering, fix selection and the parse check after fixing.
    whole = finish(shown, joined, reports, "python", settings, encoding)
    index = LineIndex(joined)
    findings = [_to_cell(f, cells, index) for f in whole.findings]
    for cell in cells:
        findings += _magic_mentions(cell, settings, shown)
    applied = [e for f in whole.findings if f.applied and f.fix for e in f.fix.edits]
    changes: list[tuple[_Cell, str]] = []
    for cell in cells:
        end = cell.start + len(cell.masked)
        mine = [e for e in applied if cell.start <= e.start <= end and _owner(e.start, cells) is cell]
        if mine:
            local = [Edit(e.start - cell.start, e.end - cell.start, e.content) for e in mine]
            changes.append((cell, apply_edits(cell.text, [_unmask_edit(e, cell) for e in local])))
    fixed_text = None
    if changes:
        fixed_text = _write_back(text, changes)
        problem = _same_elsewhere(text, fixed_text, changes)
        if problem is not None:
            findings = [replace(f, applied=False) for f in findings]
            if selected(FixRefused.CODE, shown, settings):
                findings.append(FixRefused.finding(shown, f"fixes for this notebook were refused: {problem}"))
            fixed_text, changes = None, []
    findings.sort(key=lambda f: f.sort_key)
    changed = fixed_text is not None and fixed_text != text
    return FileResult(
        path=shown,
        findings=tuple(findings),
        source=text if changed else None,
        fixed=fixed_text if changed else None,
        encoding=encoding,
        cells=tuple((cell.index, cell.text, new) for cell, new in changes) if changed else (),
    )


def _owner(offset: int, cells: list[_Cell]) -> _Cell:
    """The cell an offset of the joined module belongs to: the last non-empty cell starting at or
    before it. The end of a cell that does not end with a line break belongs to that cell; the
    end of one that does is the start of the next cell's first line."""
    owner = cells[0]
    for cell in cells:
        if cell.start > offset:
            break
        if cell.masked:
            owner = cell
    return owner


def _to_cell(finding: Finding, cells: list[_Cell], index: LineIndex) -> Finding:
    """Positions in the joined module become (cell, line within the cell)."""
    if finding.code == FixRefused.CODE:
        return finding
    cell = _owner(index.offset(finding.line, finding.column - 1), cells)
    first_line = index.position(cell.start)[0] - 1
    fix = finding.fix
    if fix is not None:
        fix = replace(
            fix,
            edits=tuple(
                replace(e, line=e.line - first_line, end_line=e.end_line - first_line) for e in fix.edits
            ),
        )
    return replace(
        finding,
        line=finding.line - first_line,
        end_line=finding.end_line - first_line,
        cell=cell.index,
        fix=fix,
        message=LINE_REF.sub(lambda m: _cell_line(int(m.group(1)), cells, index), finding.message),
    )


def _cell_line(line: int, cells: list[_Cell], index: LineIndex) -> str:
    """``line 12`` of the joined module, as the user sees it: ``cell 3, line 2``."""
    cell = _owner(index.offset(line, 0), cells)
    return f"cell {cell.index}, line {line - index.position(cell.start)[0] + 1}"


def _cell_of_line(cells: list[_Cell], joined: str, message: str) -> str:
    match = re.search(r"line (\d+)", message)
    if not match:
        return "in a code cell"
    offset = LineIndex(joined).offset(int(match.group(1)), 0)
    cell = _owner(offset, cells)
    return f"cell {cell.index}"


def _unmask_edit(edit: Edit, cell: _Cell) -> Edit:
    """Masking keeps every unmasked line as it was, so offsets map by (line, column)."""
    if cell.masked == cell.text:
        return edit
    masked, original = LineIndex(cell.masked), LineIndex(cell.text)

    def move(offset: int) -> int:
        line, col = masked.position(offset)
        return original.offset(line, col - 1)

    return Edit(move(edit.start), move(edit.end), edit.content)


def _magic_mentions(cell: _Cell, settings: Settings, shown: str) -> list[Finding]:
    """Info findings for retired names in masked IPython lines, which are never parsed or changed."""
    from migrate.engine import selected
    from migrate.python.analysis import retired_mentions

    if not selected(RetiredModelText.CODE, shown, settings):
        return []
    out = []
    masked_lines = LINE.findall(cell.masked)
    for number, line in enumerate(LINE.findall(cell.text), start=1):
        if number <= len(masked_lines) and masked_lines[number - 1] != line:
            for start, end, name in retired_mentions(line, settings.rules):
                out.append(
                    RetiredModelText.finding(
                        shown, f"mentions the retired model name `{name}` in an IPython magic or shell line; not changed",
                        line=number, column=start + 1, end_line=number, end_column=end + 1, old=name, cell=cell.index,
                    )
                )  # fmt: skip
    return out


def _write_back(text: str, changes: list[tuple[_Cell, str]]) -> str:
    ensure_ascii = "\\u" in text and not any(ord(c) > 127 for c in text)
    edits: list[Edit] = []
    for cell, new in changes:
        node = cell.source_node
        if node.kind == "string":
            edits.append(Edit(node.start, node.end, json.dumps(new, ensure_ascii=ensure_ascii)))
            continue
        edits.extend(_array_edits(text, node, new, ensure_ascii))
    return apply_edits(text, edits)


def _array_edits(text: str, node: JsonNode, new: str, ensure_ascii: bool) -> list[Edit]:
    old_lines = [item.value for item in node.items]
    new_lines = LINE.findall(new)
    if not node.items:
        inner = ", ".join(json.dumps(line, ensure_ascii=ensure_ascii) for line in new_lines)
        return [Edit(node.start + 1, node.end - 1, inner)]
    if len(node.items) > 1:
        separator = text[node.items[0].end : node.items[1].start]
    else:
        opening = text[node.start + 1 : node.items[0].start]
        separator = "," + opening if "\n" in opening else ", "
    pieces: list[str] = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.extend(text[item.start : item.end] for item in node.items[i1:i2])
        else:
            pieces.extend(json.dumps(line, ensure_ascii=ensure_ascii) for line in new_lines[j1:j2])
    first, last = node.items[0], node.items[-1]
    return [Edit(first.start, last.end, separator.join(pieces))]


def _same_elsewhere(before: str, after: str, changes: list[tuple[_Cell, str]]) -> str | None:
    """The written notebook must equal the original with only the changed cells' sources replaced."""
    try:
        old, new = json.loads(before), json.loads(after)
    except ValueError as exc:
        return f"the notebook would not be valid JSON ({exc})"
    for cell, source in changes:
        cell_obj = old["cells"][cell.index - 1]
        cell_obj["source"] = source if isinstance(cell_obj["source"], str) else LINE.findall(source)
    if old != new:
        return "the rewrite would change more than the cells' sources"
    return None
