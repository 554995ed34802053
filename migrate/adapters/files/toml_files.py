"""Retired DeepSeek model names in TOML files: agent and tool configs, ``pyproject.toml`` tables.

The stdlib parser reports no positions, so a small scanner walks the TOML 1.0
grammar (https://toml.io/en/v1.0.0): table and array-of-tables headers, dotted
and quoted keys, the four string kinds, arrays and inline tables, comments. It
records each string's span and its path in the document; strings are decoded
by ``tomllib`` itself, which is also the guard. Names and namespaces:
``migrate/adapters/files/config_values.py``.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field

from migrate.adapters.base import Invalid, Valid
from migrate.adapters.files.config_values import (
    ConfigAdapter,
    ParseError,
    Path,
    Scan,
    Target,
    locate,
    parse_model_value,
    siblings_at,
)
from migrate.model import Applicability
from migrate.rulepack import Rules

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

BOM = "\ufeff"
BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
# Dates, times, numbers, booleans, inf/nan: everything that is not a string, array or table.
OTHER_VALUE = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})?|[0-9A-Za-z_+.:-]+"
)
LINE_BREAK = re.compile(r"\r?\n")


@dataclass(frozen=True)
class TomlString:
    """A string value: its path in the document and the span of its token, delimiters included."""

    path: Path
    start: int
    end: int


@dataclass
class TomlScanner:
    """Walks a TOML document once; raises :class:`ParseError` where the grammar is not followed."""

    text: str
    pos: int = 0
    table: Path = ()
    arrays: dict[Path, int] = field(default_factory=dict)
    strings: list[TomlString] = field(default_factory=list)
    keys: list[tuple[int, int]] = field(default_factory=list)
    comments: list[tuple[int, int]] = field(default_factory=list)

    def document(self) -> None:
        if self.text.startswith(BOM):
            self.pos = 1
        while True:
            self._skip_blank()
            if self.pos >= len(self.text):
                return
            if self._at("["):
                self._header()
            else:
                self._keyval(self.table)
            self._end_of_line()

    def _error(self, what: str) -> ParseError:
        return ParseError(f"{what} at offset {self.pos}")

    def _at(self, token: str) -> bool:
        return self.text.startswith(token, self.pos)

    def _expect(self, token: str) -> None:
        if not self._at(token):
            raise self._error(f"expected {token!r}")
        self.pos += len(token)

    def _skip_ws(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t":
            self.pos += 1

    def _skip_comment(self) -> None:
        if self._at("#"):
            match = LINE_BREAK.search(self.text, self.pos)
            end = match.start() if match else len(self.text)
            self.comments.append((self.pos, end))
            self.pos = end

    def _skip_blank(self) -> None:
        """Whitespace, newlines and comments, as allowed between array items and between lines."""
        while True:
            self._skip_ws()
            self._skip_comment()
            newline = LINE_BREAK.match(self.text, self.pos)
            if newline is None:
                return
            self.pos = newline.end()

    def _end_of_line(self) -> None:
        self._skip_ws()
        self._skip_comment()
        if self.pos < len(self.text) and LINE_BREAK.match(self.text, self.pos) is None:
            raise self._error("expected the end of the line")

    def _header(self) -> None:
        array = self._at("[[")
        self.pos += 2 if array else 1
        keys = self._key()
        self._expect("]]" if array else "]")
        if array:
            path = (*self._resolve(keys[:-1]), keys[-1])
            index = self.arrays.get(path, 0)
            self.arrays[path] = index + 1
            self.table = (*path, index)
        else:
            self.table = self._resolve(keys)

    def _resolve(self, keys: list[str]) -> Path:
        """A header's path, with the current index of every array of tables on the way."""
        path: Path = ()
        for key in keys:
            path = (*path, key)
            if path in self.arrays:
                path = (*path, self.arrays[path] - 1)
        return path

    def _key(self) -> list[str]:
        parts: list[str] = []
        while True:
            self._skip_ws()
            start = self.pos
            if self._at('"') or self._at("'"):
                self._string(multiline=False)
                parts.append(_decode(self.text[start : self.pos]))
            else:
                match = BARE_KEY.match(self.text, self.pos)
                if match is None:
                    raise self._error("expected a key")
                self.pos = match.end()
                parts.append(match.group())
            self.keys.append((start, self.pos))
            self._skip_ws()
            if not self._at("."):
                return parts
            self.pos += 1

    def _keyval(self, base: Path) -> None:
        keys = self._key()
        self._expect("=")
        self._skip_ws()
        self._value((*base, *keys))

    def _value(self, path: Path) -> None:
        start = self.pos
        if self._at('"') or self._at("'"):
            self._string(multiline=True)
            self.strings.append(TomlString(path, start, self.pos))
        elif self._at("["):
            self._array(path)
        elif self._at("{"):
            self._inline_table(path)
        else:
            match = OTHER_VALUE.match(self.text, self.pos)
            if match is None:
                raise self._error("expected a value")
            self.pos = match.end()

    def _array(self, path: Path) -> None:
        self.pos += 1
        index = 0
        while True:
            self._skip_blank()
            if self._at("]"):
                self.pos += 1
                return
            self._value((*path, index))
            index += 1
            self._skip_blank()
            if self._at(","):
                self.pos += 1
                continue
            self._expect("]")
            return

    def _inline_table(self, path: Path) -> None:
        self.pos += 1
        self._skip_ws()
        if self._at("}"):
            self.pos += 1
            return
        while True:
            self._skip_ws()
            self._keyval(path)
            self._skip_ws()
            if self._at(","):
                self.pos += 1
                continue
            self._expect("}")
            return

    def _string(self, multiline: bool) -> None:
        quote = self.text[self.pos]
        escapes = quote == '"'
        if multiline and self._at(quote * 3):
            i = self.pos + 3
            while i < len(self.text):
                if escapes and self.text[i] == "\\":
                    i += 2
                elif self.text.startswith(quote * 3, i):
                    run = 3
                    while run < 5 and self.text.startswith(quote, i + run):
                        run += 1
                    self.pos = i + run
                    return
                else:
                    i += 1
            raise self._error("unterminated multi-line string")
        i = self.pos + 1
        while i < len(self.text) and self.text[i] != quote:
            if self.text[i] in "\r\n":
                break
            i += 2 if escapes and self.text[i] == "\\" else 1
        if i >= len(self.text) or self.text[i] != quote:
            raise self._error("unterminated string")
        self.pos = i + 1


def _decode(token: str) -> str:
    """A string token's value, decoded by the real parser."""
    try:
        value = tomllib.loads(f"v = {token}")["v"]
    except tomllib.TOMLDecodeError as exc:
        raise ParseError(f"invalid string {token!r}: {exc}") from None
    if not isinstance(value, str):
        raise ParseError(f"not a string: {token!r}")
    return value


class TomlAdapter(ConfigAdapter):
    """
    ## What it does
    Finds TOML string values whose whole value is a retired DeepSeek model name
    (`deepseek-chat`, `deepseek-reasoner`), optionally behind a `deepseek/` or
    `deepseek:` provider prefix, in any table, array or inline table, and renames
    them to the rule pack's replacement.

    Look-alikes (`deepseek-chat-v3-0324`, `deepseek/deepseek-chat:free`), other hosts'
    ids (`openrouter/deepseek/deepseek-chat`) and keys (`[models."deepseek-chat"]`) are
    never rewritten. Mentions in comments and in longer values are reported as info.

    ## Why is this bad?
    DeepSeek retired both names; a request that sends one now fails. Each name was one
    thinking mode of the replacement model: `deepseek-chat` had thinking disabled,
    `deepseek-reasoner` enabled. V4 models think by default.

    ## Example
    ```toml
    [agent]
    model = "deepseek-reasoner"
    ```

    Use instead:
    ```toml
    [agent]
    model = "deepseek-v4-flash"
    ```

    ## Fix safety
    A TOML config has no agreed spelling for thinking, so the code that reads the
    value decides. Renaming an ex-`deepseek-reasoner` value is safe (thinking on is
    the new default) when the value shows it goes to DeepSeek (a `DEEPSEEK_*` key, a DeepSeek base
    URL, a `deepseek` provider or a `deepseek/` route beside it), and unsafe otherwise
    (a proxy or another host may read the bare name as its own). An ex-`deepseek-chat` value gets no fix: the reading code
    must also send `"thinking": {"type": "disabled"}` (the message spells it out),
    and a rename alone would turn thinking on silently.

    No fix is offered for: a value next to an `api_base`/`base_url` that points at a
    host other than api.deepseek.com, or an `openrouter/...`-style id (warning:
    another host's model id); a partly escaped value
    (`"deepseek\\u002Fdeepseek-chat"`); and an edit that does not re-parse to the
    original document with only this value changed.
    """

    CODE = "DSM203"
    NAME = "retired-model-in-toml"
    FORMAT = "TOML"
    KINDS = frozenset({"toml"})

    VALID = (
        Valid('model = "deepseek-v4-flash"\n', path="agent.toml"),
        Valid(
            'models = ["deepseek/deepseek-chat-v3-0324", \'deepseek/deepseek-chat:free\']\nlocal = "deepseek-r1"\n',
            path="agent.toml",
        ),
        Valid('[tool.x]\nmodel = "claude-3-5-sonnet"\nsince = 1979-05-27 07:32:00Z\n', path="pyproject.toml"),
    )
    INVALID = (
        Invalid(
            'model = "deepseek-chat"\n',
            None,
            None,
            path="agent.toml",
            message="reads `model` must disable thinking",
            range=(1, 10, 1, 23),
        ),
        Invalid(
            "[agent]\nmodel = 'deepseek/deepseek-reasoner'  # main\n",
            "[agent]\nmodel = 'deepseek/deepseek-v4-flash'  # main\n",
            path="agent.toml",
            range=(2, 19, 2, 36),
        ),
        Invalid(
            '[llm]\r\nprovider = "deepseek"\r\nmodel = "deepseek-reasoner"\r\n',
            '[llm]\r\nprovider = "deepseek"\r\nmodel = "deepseek-v4-flash"\r\n',
            path="agent.toml",
            range=(3, 10, 3, 27),
        ),
        Invalid(
            '[[models]]\nmodel = "gpt-4o"\n\n[[models]]\nmodel = """deepseek-reasoner"""\n',
            '[[models]]\nmodel = "gpt-4o"\n\n[[models]]\nmodel = """deepseek-v4-flash"""\n',
            applicability=Applicability.UNSAFE,
            path="agent.toml",
            range=(5, 12, 5, 29),
        ),
        Invalid(
            'fallbacks = [\n  {model = "deepseek-reasoner", provider = "deepseek"},  # first\n  "deepseek/deepseek-reasoner",\n]\n',
            'fallbacks = [\n  {model = "deepseek-v4-flash", provider = "deepseek"},  # first\n  "deepseek/deepseek-v4-flash",\n]\n',
            path="agent.toml",
            range=(2, 13, 2, 30),
        ),
        Invalid(
            '# model = "deepseek-chat"\nmodel = "gpt-4o"\n',
            None,
            None,
            path="agent.toml",
            message="in a comment",
            range=(1, 12, 1, 25),
        ),
        Invalid(
            "[models]\ndeepseek-chat = {max_tokens = 8192}\n",
            None,
            None,
            path="agent.toml",
            message="as a key",
            range=(2, 1, 2, 14),
        ),
        Invalid(
            '[llm]\nbase_url = "https://openrouter.ai/api/v1"\nmodel = "deepseek/deepseek-chat"\n',
            None,
            None,
            path="agent.toml",
            message="sent to `openrouter.ai`",
            range=(3, 19, 3, 32),
        ),
        Invalid(
            'model = "openrouter/deepseek/deepseek-chat"\n',
            None,
            None,
            path="agent.toml",
            message="another host",
            range=(1, 30, 1, 43),
        ),
    )

    def load(self, text: str) -> object:
        try:
            return tomllib.loads(text.removeprefix(BOM))
        except tomllib.TOMLDecodeError as exc:
            raise ParseError(str(exc)) from None

    def scan(self, text: str, data: object, rules: Rules) -> Scan:
        if isinstance(data, dict) and {"pack", "rename"} <= data.keys():
            return Scan()  # a deepseek-migrate rule pack names the retired models on purpose
        scanner = TomlScanner(text)
        scanner.document()
        out = Scan(comments=scanner.comments, keys=scanner.keys)
        for string in scanner.strings:
            span = (string.start, string.end)
            out.values.append(span)
            value = _decode(text[string.start : string.end])
            model = parse_model_value(value, rules)
            if model is None:
                continue
            key = next((part for part in reversed(string.path) if isinstance(part, str)), None)
            out.targets.append(
                Target(
                    span=span,
                    name_start=locate(text, span, value, len(model.prefix)),
                    model=model,
                    value=value,
                    name_offset=len(model.prefix),
                    key=key,
                    paths=(string.path,),
                    siblings=siblings_at(data, string.path),
                )
            )
        return out
