"""The one line-break definition (textedit.NEWLINE) that Python, YAML, JSON and dotenv scans share."""

from __future__ import annotations

import pytest

from migrate.textedit import NEWLINE, NEWLINE_BYTES, end_of_line


@pytest.mark.parametrize(
    ("text", "offset", "end"),
    [("a = 1\nb", 0, 5), ("a = 1\r\nb", 2, 5), ("a = 1\rb", 0, 5), ("a = 1", 3, 5), ("\n", 0, 0), ("", 0, 0)],
)
def test_end_of_line(text: str, offset: int, end: int) -> None:
    assert end_of_line(text, offset) == end


def test_bytes_and_text_count_the_same_breaks() -> None:
    text = "a\r\nb\rc\nd\n\re"
    assert (
        len(NEWLINE.findall(text))
        == len(NEWLINE_BYTES.findall(text.encode()))
        == len(text.splitlines()) - 1
        == 5
    )
