"""The non-Python file adapters (DSM201-DSM205): inline cases, the fixture kinds, the guard.

The fixture pairs in ``fixtures/adapters/<CODE>-<name>/<case>/`` run with all the others
in ``tests/test_fixtures.py``; here each kind is checked to have its required cases.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from migrate.adapters.base import Context, FileAdapter, Invalid, Valid
from migrate.adapters.files.config_values import ConfigAdapter, find_mentions, get_path, parse_model_value
from migrate.adapters.files.docs_files import DocsAdapter
from migrate.adapters.files.env_files import EnvFileAdapter
from migrate.adapters.files.json_files import JsonAdapter
from migrate.adapters.files.toml_files import TomlAdapter, TomlScanner
from migrate.adapters.files.yaml_files import YamlAdapter
from migrate.jsonspan import JsonParser
from migrate.model import Applicability, Report, Severity, Thinking
from migrate.rulepack import Rules, load_rules
from migrate.textedit import apply_edits

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

ADAPTERS: tuple[type[FileAdapter], ...] = (EnvFileAdapter, YamlAdapter, TomlAdapter, JsonAdapter, DocsAdapter)
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "adapters"
BY_KIND: dict[str, type[FileAdapter]] = {kind: adapter for adapter in ADAPTERS for kind in adapter.KINDS}
RULES = load_rules()


def check(adapter: type[FileAdapter], text: str, path: str, rules: Rules = RULES) -> list[Report]:
    return adapter().check(text, Context(path=path, rules=rules))


def fix_all(text: str, reports: list[Report]) -> str:
    return apply_edits(text, [edit for r in reports if r.fix is not None for edit in r.fix.edits])


def assert_parses(adapter: type[FileAdapter], text: str) -> None:
    if issubclass(adapter, ConfigAdapter):
        adapter().load(text)


def assert_well_formed(adapter: type[FileAdapter], text: str, reports: list[Report]) -> None:
    for report in reports:
        assert report.code == adapter.CODE
        assert report.old is not None and report.new is not None and report.thinking is not None
        assert report.old in text[report.start : report.end], report
        if report.severity is Severity.INFO and adapter is not DocsAdapter:
            assert report.fix is None, report
        if report.fix is not None:
            assert text[report.start : report.end] == report.old, report
            assert report.severity is (Severity.INFO if adapter is DocsAdapter else Severity.ERROR)


def cases(kind: type[Valid] | type[Invalid]) -> list[Any]:
    out = []
    for adapter in ADAPTERS:
        items = adapter.VALID if kind is Valid else adapter.INVALID
        for i, case in enumerate(items):
            out.append(pytest.param(adapter, case, id=f"{adapter.CODE}-{i}"))
    return out


@pytest.mark.parametrize(("adapter", "case"), cases(Valid))
def test_valid(adapter: type[FileAdapter], case: Valid) -> None:
    assert check(adapter, case.code, case.path) == []
    assert_parses(adapter, case.code)


@pytest.mark.parametrize(("adapter", "case"), cases(Invalid))
def test_invalid(adapter: type[FileAdapter], case: Invalid) -> None:
    assert_parses(adapter, case.code)
    reports = check(adapter, case.code, case.path)
    assert reports
    assert_well_formed(adapter, case.code, reports)
    if case.after is None:
        assert all(r.fix is None for r in reports), reports
    else:
        assert {r.fix.applicability for r in reports if r.fix is not None} == {case.applicability}, reports
    if case.message is not None:
        assert any(case.message in r.message for r in reports), [r.message for r in reports]
    fixed = fix_all(case.code, reports)
    assert fixed == (case.code if case.after is None else case.after)
    assert_parses(adapter, fixed)
    assert all(r.fix is None for r in check(adapter, fixed, case.path))


def test_rule_identity_and_docs() -> None:
    codes = [adapter.CODE for adapter in ADAPTERS]
    assert codes == ["DSM201", "DSM202", "DSM203", "DSM204", "DSM205"]
    assert [a.NAME for a in ADAPTERS] == [
        "retired-model-in-env-file",
        "retired-model-in-yaml",
        "retired-model-in-toml",
        "retired-model-in-json",
        "retired-model-in-docs",
    ]
    for adapter in ADAPTERS:
        for title in ("What it does", "Why is this bad?", "Example", "Fix safety"):
            assert adapter.section(title), (adapter.CODE, title)
        assert adapter.VALID and adapter.INVALID
    assert DocsAdapter.SEVERITY is Severity.INFO
    assert sorted(DocsAdapter.KINDS) == ["markdown", "rst"]


def test_fixture_kinds_have_the_required_cases() -> None:
    """Each config and docs kind has a comments, a CRLF and a no-op pair (docs: one set per kind)."""
    for kind, adapter in BY_KIND.items():
        folder = FIXTURES / f"{adapter.CODE}-{adapter.NAME}"
        prefix = f"{kind}-" if len(adapter.KINDS) > 1 else ""
        names = {p.name for p in folder.iterdir()}
        assert {f"{prefix}comments", f"{prefix}crlf", f"{prefix}noop"} <= names, kind
        crlf = next((folder / f"{prefix}crlf").glob("before.*")).read_bytes()
        assert b"\r\n" in crlf and b"\n" not in crlf.replace(b"\r\n", b"")
        noop = folder / f"{prefix}noop"
        assert next(noop.glob("before.*")).read_bytes() == next(noop.glob("after.*")).read_bytes()


def test_guard_refuses_an_edit_that_changes_more_than_the_value() -> None:
    # The anchored mapping is merged into `prod`, so renaming it in place would change prod too.
    text = "base: &base\n  model: deepseek-reasoner\nprod:\n  <<: *base\n  temperature: 0\n"
    naive = text.replace("deepseek-reasoner", "deepseek-v4-flash")
    assert yaml.safe_load(naive)["prod"]["model"] == "deepseek-v4-flash"
    (report,) = check(YamlAdapter, text, "agent.yaml")
    assert report.fix is None
    assert report.severity is Severity.ERROR
    assert "the automatic edit was refused" in report.message


def test_guard_refuses_only_the_bad_edit() -> None:
    text = (
        "base: &base\n  model: deepseek-reasoner\nprod:\n  <<: *base\nsummary:\n  model: deepseek-reasoner\n"
    )
    refused, kept = check(YamlAdapter, text, "agent.yaml")
    assert refused.fix is None and "refused" in refused.message
    assert kept.fix is not None
    assert fix_all(text, [kept]).endswith("summary:\n  model: deepseek-v4-flash\n")


def test_guard_refuses_a_shadowed_json_key() -> None:
    text = '{"model": "deepseek-reasoner", "model": "gpt-4o"}'
    (report,) = check(JsonAdapter, text, "a.json")
    assert report.fix is None and "refused" in report.message


def test_target_override_and_thinking_carried() -> None:
    rules = load_rules(target="deepseek-flash")
    text = "model_list:\n  - model_name: a\n    litellm_params: {model: deepseek/deepseek-chat}\n"
    (report,) = check(YamlAdapter, text, "config.yaml", rules)
    assert report.new == "deepseek-flash" and report.thinking is Thinking.DISABLED
    assert report.fix is not None and report.fix.applicability is Applicability.SAFE
    assert fix_all(text, [report]).endswith("{model: deepseek/deepseek-flash, thinking: {type: disabled}}\n")


def test_unparseable_file_still_reports() -> None:
    (report,) = check(JsonAdapter, '{"model": "deepseek-chat",,}', "a.json")
    assert report.severity is Severity.ERROR and report.fix is None
    assert "not valid JSON" in report.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("use deepseek-chat.", [("", "deepseek-chat")]),
        ("`deepseek/deepseek-reasoner`", [("deepseek/", "deepseek-reasoner")]),
        ("deepseek:deepseek-chat", [("deepseek:", "deepseek-chat")]),
        ("openrouter/deepseek/deepseek-chat", [("openrouter/deepseek/", "deepseek-chat")]),
        ("deepseek-chat-v3-0324 deepseek-chat:free deepseek-chat.v2 deepseek-chat_x", []),
        ("my-deepseek-chat x.deepseek-chat #deepseek-chat", []),
        ("https://api-docs.deepseek.com/pricing/deepseek-chat", []),
        ("MODEL=deepseek-chat", [("", "deepseek-chat")]),
    ],
)
def test_mentions(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.prefix, m.old) for m in find_mentions(text, RULES)] == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("deepseek-chat", ("", "deepseek-chat")),
        ("deepseek/deepseek-reasoner", ("deepseek/", "deepseek-reasoner")),
        ("openrouter/deepseek/deepseek-chat", ("openrouter/deepseek/", "deepseek-chat")),
        ("deepseek/deepseek-chat:free", None),
        ("deepseek-chat-v3-0324", None),
        ("my-deepseek-chat", None),
        ("use deepseek-chat", None),
    ],
)
def test_parse_model_value(value: str, expected: tuple[str, str] | None) -> None:
    model = parse_model_value(value, RULES)
    assert (None if model is None else (model.prefix, model.old)) == expected


TRICKY_TOML = """\
# "deepseek-chat" in a comment
title = "TOML \\"Example\\""  # c
"quoted key" = 'lit'
a.b.c = \"\"\"
multi "line" \\
  continued\"\"\"
lit_ml = '''x ''y'''''
arr = [ 1, 2.5, -3e2, true, "s", [ "nested", 'x' ], { k = "v" }, # comment
   1979-05-27T07:32:00Z, 1979-05-27 07:32:00-07:00, 07:32:00, inf, 0xDEAD_BEEF, ]
inline = { x = 1, y.z = "deep", "q k" = [ "a" ] }
[table . "sub.table"]
k = "v"
[[aot]]
name = "one"
[[aot.child]]
n = "c1"
[[aot]]
name = "two"
[[aot.child]]
n = "c2"
[aot.meta]
m = "meta"
"""


def test_toml_scanner_paths_match_tomllib() -> None:
    data = tomllib.loads(TRICKY_TOML)
    scanner = TomlScanner(TRICKY_TOML)
    scanner.document()
    found = {s.path: tomllib.loads("v = " + TRICKY_TOML[s.start : s.end])["v"] for s in scanner.strings}
    assert all(get_path(data, path) == value for path, value in found.items())
    assert ("aot", 1, "child", 0, "n") in found and ("aot", 1, "meta", "m") in found
    assert len(found) == 16
    assert len(scanner.comments) == 3


def test_json_parser_spans() -> None:
    text = '{"a": ["x", {"b": "y\\u0041"}], // c\n "c": /* d */ null}'
    parser = JsonParser(text)
    root = parser.document()
    assert [m.key for m in root.members] == ["a", "c"]
    inner = root.members[0].value.items[1].members[0].value
    assert inner.value == "yA" and json.loads(text[inner.start : inner.end]) == "yA"
    assert [text[s:e] for s, e in parser.comments] == ["// c", "/* d */"]


def test_a_rule_pack_is_not_rewritten() -> None:
    from pathlib import Path

    from migrate.api import check_source

    pack = (Path(__file__).resolve().parent.parent / "rules" / "deepseek-v4.toml").read_text()
    result = check_source(pack, path="deepseek-v4.toml", kind="toml", apply=True, unsafe=True)
    assert result.fixed is None
    assert all(f.severity.value == "info" for f in result.findings)


# --- text files the tool cannot parse (DSM206) ------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("seed.sql", "sql"),
        ("deploy.sh", "shell"),
        ("setup.cfg", "ini"),
        ("Dockerfile", "dockerfile"),
        ("Dockerfile.dev", "dockerfile"),
        ("api.dockerfile", "dockerfile"),
        ("Containerfile", "dockerfile"),
        ("App.tsx", "javascript"),
        ("index.mjs", "javascript"),
        ("prompts.txt", "text"),
        ("image.png", None),
        ("Dockerfile_notes", None),
        # the walk's shortcut for the common case gives way to the rules for these
        ("Dockerfile.py", "dockerfile"),
        ("Containerfile.yaml", "dockerfile"),
        (".env.py", "env"),
        (".env", "env"),
        (".hidden.py", "python"),
        ("MODULE.PY", "python"),
        ("notes.Md", "markdown"),
        ("OAI_CONFIG_LIST", "json"),
        ("archive.tar.gz", None),
        ("noext", None),
    ],
)
def test_text_file_kinds_come_from_names(name: str, kind: str | None) -> None:
    from migrate.kinds import file_kind

    assert file_kind(name) == kind


def _text_findings(text: str, path: str) -> list[tuple[str, str]]:
    from migrate.api import check_source
    from migrate.kinds import file_kind

    kind = file_kind(path.rsplit("/", 1)[-1])
    assert kind is not None
    result = check_source(text, path=path, kind=kind)
    return [(f.severity.value, text.splitlines()[f.line - 1][f.column - 1 :][:20]) for f in result.findings]


def test_text_file_values_are_errors_and_prose_and_comments_are_info() -> None:
    text = (
        "const a = 'deepseek-chat';  // deepseek-reasoner was slower\n"
        "/* model: 'deepseek-chat' */\n"
        "const url = `${base}/deepseek-chat`;\n"
        'log("http://x/#deepseek-chat");\n'
    )
    found = _text_findings(text, "web/api.js")
    assert found == [
        ("error", "deepseek-chat';  // "),
        ("info", "deepseek-reasoner wa"),
        ("info", "deepseek-chat' */"),
    ]


def test_a_shell_hash_inside_a_word_is_not_a_comment() -> None:
    found = _text_findings("MODEL=deepseek-chat#x\nURL=a#b MODEL2=deepseek-reasoner  # note\n", "run.sh")
    assert [severity for severity, _ in found] == ["info", "error"]


def test_a_text_file_is_written_only_with_unsafe_fixes() -> None:
    from migrate.api import check_source

    text = "MODEL: 'deepseek-reasoner'\n"
    safe = check_source(text, path="conf/app.ini", kind="ini", apply=True)
    assert safe.fixed is None and [f.code for f in safe.findings] == ["DSM206"]
    unsafe = check_source(text, path="conf/app.ini", kind="ini", apply=True, unsafe=True)
    assert unsafe.fixed == "MODEL: 'deepseek-v4-flash'\n"


@pytest.mark.parametrize(
    ("path", "kind", "text", "left"),
    [
        ("seed.sql", "sql", "-- deepseek-migrate: ignore[DSM206]\nSELECT 'deepseek-chat';\n", 0),
        ("seed.sql", "sql", "SELECT 'deepseek-chat';  -- deepseek-migrate: ignore\n", 0),
        ("seed.sql", "sql", "# deepseek-migrate: ignore\nSELECT 'deepseek-chat';\n", 1),  # not a SQL comment
        ("api.ts", "javascript", "const m = 'deepseek-chat'; // deepseek-migrate: ignore[DSM206]\n", 0),
        (
            "api.ts",
            "javascript",
            "// deepseek-migrate: ignore\nconst m = 1;\nconst n = 'deepseek-chat';\n",
            1,
        ),
        ("run.sh", "shell", "# deepseek-migrate: ignore\nMODEL=deepseek-chat\n", 0),
        ("app.ini", "ini", "; deepseek-migrate: ignore\nmodel = deepseek-chat\n", 0),
    ],
)
def test_suppressions_in_text_files_use_that_kinds_comment(
    path: str, kind: str, text: str, left: int
) -> None:
    from migrate.api import check_source

    codes = [f.code for f in check_source(text, path=path, kind=kind).findings]
    assert codes.count("DSM206") == left, codes
