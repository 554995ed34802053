"""Exact spans in JSON text: a small recursive-descent reader that keeps every value's offsets.

RFC 8259, plus ``//`` and ``/* */`` comments as in JSONC. The JSON adapter uses
it to edit values in place and to tell keys from values; notebooks use it to
write back only the changed cells' ``source`` strings. ``json.loads`` stays the
judge of validity: this reader only says where things are.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from migrate.textedit import end_of_line

SPACE = re.compile(r"[ \t\r\n]*")
STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
BOM = "\ufeff"
LITERAL = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null")


class JsonSyntaxError(ValueError):
    """The text is not JSON (or JSONC); the message names the offset."""


@dataclass
class JsonNode:
    """A JSON value with its span; ``value`` is the decoded text of a string."""

    kind: str
    start: int
    end: int = 0
    value: str = ""
    members: list[JsonMember] = field(default_factory=list)
    items: list[JsonNode] = field(default_factory=list)


@dataclass(frozen=True)
class JsonMember:
    key: str
    key_span: tuple[int, int]
    value: JsonNode


class JsonParser:
    """Recursive descent over the raw text; records comment spans as it skips them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 1 if text.startswith(BOM) else 0
        self.comments: list[tuple[int, int]] = []

    def document(self) -> JsonNode:
        root = self._value()
        self._skip()
        if self.pos != len(self.text):
            raise self._error("extra data after the document")
        return root

    def _error(self, what: str) -> JsonSyntaxError:
        return JsonSyntaxError(f"{what} at offset {self.pos}")

    def _skip(self) -> None:
        text = self.text
        while True:
            space = SPACE.match(text, self.pos)
            self.pos = space.end() if space else self.pos
            if text.startswith("//", self.pos):
                end = end_of_line(text, self.pos)
            elif text.startswith("/*", self.pos):
                end = text.find("*/", self.pos + 2)
                if end < 0:
                    raise self._error("unterminated comment")
                end += 2
            else:
                return
            self.comments.append((self.pos, end))
            self.pos = end

    def _expect(self, char: str) -> None:
        self._skip()
        if not self.text.startswith(char, self.pos):
            raise self._error(f"expected {char!r}")
        self.pos += 1

    def _value(self) -> JsonNode:
        self._skip()
        char = self.text[self.pos : self.pos + 1]
        if char == "{":
            return self._object()
        if char == "[":
            return self._array()
        if char == '"':
            return self._string()
        match = LITERAL.match(self.text, self.pos)
        if match is None:
            raise self._error("expected a value")
        self.pos = match.end()
        return JsonNode("literal", match.start(), match.end())

    def _string(self) -> JsonNode:
        match = STRING.match(self.text, self.pos)
        if match is None:
            raise self._error("unterminated string")
        self.pos = match.end()
        raw = match.group()
        if "\\" not in raw:
            return JsonNode("string", match.start(), match.end(), value=raw[1:-1])
        try:
            value = json.loads(raw)
        except ValueError as exc:
            raise self._error(f"invalid string ({exc})") from None
        return JsonNode("string", match.start(), match.end(), value=value)

    def _object(self) -> JsonNode:
        node = JsonNode("object", self.pos)
        self.pos += 1
        self._skip()
        if self.text.startswith("}", self.pos):
            self.pos += 1
            node.end = self.pos
            return node
        while True:
            self._skip()
            if not self.text.startswith('"', self.pos):
                raise self._error("expected a key")
            key = self._string()
            self._expect(":")
            node.members.append(JsonMember(key.value, (key.start, key.end), self._value()))
            self._skip()
            if self.text.startswith(",", self.pos):
                self.pos += 1
                continue
            self._expect("}")
            node.end = self.pos
            return node

    def _array(self) -> JsonNode:
        node = JsonNode("array", self.pos)
        self.pos += 1
        self._skip()
        if self.text.startswith("]", self.pos):
            self.pos += 1
            node.end = self.pos
            return node
        while True:
            node.items.append(self._value())
            self._skip()
            if self.text.startswith(",", self.pos):
                self.pos += 1
                continue
            self._expect("]")
            node.end = self.pos
            return node
