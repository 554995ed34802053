"""The machine-readable writers: golden files, SARIF against its schema, escaping, fingerprints.

Golden files live in ``tests/golden/``; regenerate them with
``UPDATE_GOLDEN=1 python -m pytest tests/test_output.py`` and review the diff.
"""

from __future__ import annotations

import io
import json
import os
import re
from dataclasses import replace
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
import pytest

from migrate.adapters.base import Rule
from migrate.model import Applicability, Edit, FileResult, Finding, Fix, Severity, Thinking
from migrate.output import FORMATS, MACHINE_FORMATS, all_findings, get_writer, github, gitlab, markdown, sarif

HERE = Path(__file__).parent
GOLDEN = HERE / "golden"
SARIF_SCHEMA = HERE / "data" / "sarif-2.1.0.json"
GOLDEN_FILES = {
    "json": "report.json",
    "github": "report.github.txt",
    "sarif": "report.sarif.json",
    "gitlab": "report.gitlab.json",
    "markdown": "report.md",
}
ROOT_PLACEHOLDER = "file:///ROOT"
# RFC 3986 relative-ref characters: unreserved, sub-delims, ":", "@", "/" and %XX escapes.
URI_REFERENCE = re.compile(r"^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-F]{2})*$")


class RetiredModelName(Rule):
    """Flags a retired DeepSeek model name passed to a client.

    ## What it does
    Finds `deepseek-chat` and `deepseek-reasoner` passed as `model=`
    to a chat completion call.

    ## Why is this bad?
    DeepSeek retired both names; requests that use them fail.

    ## Fix safety
    Unsafe when the thinking mode cannot be spelled out next to the call.
    """

    CODE = "DSM101"
    NAME = "retired-model-name"


class RetiredModelInConfig(Rule):
    """Flags a retired DeepSeek model name in a configuration file.

    ## What it does
    Finds retired names as values in `.env`, YAML and TOML files.

    ## Why is this bad?
    The value reaches the API at run time.

    ## Fix safety
    Always safe: only the value changes.
    """

    CODE = "DSM201"
    NAME = "retired-model-in-config"
    SEVERITY = Severity.WARNING


RULES: tuple[type[Rule], ...] = (RetiredModelName, RetiredModelInConfig)


def _rename(line: int, column: int, old: str, new: str) -> Edit:
    # Offsets are irrelevant to the writers; only positions and content are written.
    return Edit(0, 0, f'"{new}"', line, column, line, column + len(old) + 2)


CHAT_FIX = Fix(
    Applicability.SAFE,
    "Rename to `deepseek-v4-flash` and disable thinking",
    (
        _rename(3, 20, "deepseek-chat", "deepseek-v4-flash"),
        Edit(0, 0, ', extra_body={"thinking": {"type": "disabled"}}', 3, 35, 3, 35),
    ),
)
REASONER_FIX = Fix(
    Applicability.UNSAFE,
    "Rename to `deepseek-v4-flash`; thinking stays enabled by default",
    (_rename(9, 11, "deepseek-reasoner", "deepseek-v4-flash"),),
)
# fmt: off
RESULTS = (
    FileResult(
        "app/client.py",
        findings=(
            Finding(
                "app/client.py", 3, 20, 3, 35, "DSM101", "retired-model-name", Severity.ERROR,
                "`deepseek-chat` is retired; use `deepseek-v4-flash` with thinking disabled",
                "deepseek-chat", "deepseek-v4-flash", Thinking.DISABLED, CHAT_FIX,
            ),
            Finding(
                "app/client.py", 9, 11, 9, 30, "DSM101", "retired-model-name", Severity.ERROR,
                "`deepseek-reasoner` is retired; use `deepseek-v4-flash` (thinks by default)",
                "deepseek-reasoner", "deepseek-v4-flash", Thinking.ENABLED, REASONER_FIX,
            ),
            Finding(
                "app/client.py", 14, 5, 14, 20, "DSM101", "retired-model-name", Severity.ERROR,
                "`deepseek-chat` is retired; the model name is built at run time, review by hand",
                "deepseek-chat", "deepseek-v4-flash", Thinking.DISABLED,
            ),
        ),
    ),
    FileResult("broken.py", error="could not parse: unexpected indent, line 4"),
    FileResult(
        "config/settings.yaml",
        findings=(
            Finding(
                "config/settings.yaml", 2, 8, 2, 21, "DSM201", "retired-model-in-config", Severity.WARNING,
                "`deepseek-chat` is retired; use `deepseek-v4-flash`",
                "deepseek-chat", "deepseek-v4-flash", Thinking.DISABLED,
                Fix(Applicability.SAFE, "Rename", (_rename(2, 8, "deepseek-chat", "deepseek-v4-flash"),)),
                applied=True,
            ),
        ),
    ),
    FileResult(
        "notebooks/demo.ipynb",
        findings=(
            Finding(
                "notebooks/demo.ipynb", 2, 14, 2, 29, "DSM101", "retired-model-name", Severity.ERROR,
                "`deepseek-chat` is retired; use `deepseek-v4-flash` with thinking disabled",
                "deepseek-chat", "deepseek-v4-flash", Thinking.DISABLED,
                Fix(Applicability.SAFE, "Rename", (_rename(2, 14, "deepseek-chat", "deepseek-v4-flash"),)),
                cell=3,
            ),
        ),
    ),
    FileResult(
        "src/my app/café.py",
        findings=(
            Finding(
                "src/my app/café.py", 1, 9, 1, 24, "DSM201", "retired-model-in-config", Severity.WARNING,
                "100% retired: `deepseek-chat`, not `deepseek-v4-flash`\nsee the migration guide",
                "deepseek-chat", "deepseek-v4-flash", Thinking.DISABLED,
            ),
            Finding(
                "src/my app/café.py", 5, 1, 5, 18, "DSM302", "implicit-thinking", Severity.INFO,
                "`deepseek-v4-flash` | thinks by default; pass ``thinking`` explicitly",
                None, None, None,
                Fix(Applicability.UNSAFE, "Add `thinking` | keep", (Edit(0, 0, ", x=1", 5, 18, 5, 18),)),
            ),
        ),
    ),
)
# fmt: on


def render(name: str, results: tuple[FileResult, ...] = RESULTS, root: Path | None = None) -> str:
    out = io.StringIO()
    get_writer(name)(results, out, rules=RULES, root=root or Path.cwd())
    return out.getvalue()


@pytest.fixture
def in_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from a fresh repository root with a fixed tool version, so output is reproducible."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(metadata, "version", lambda _name: "1.2.3")
    return tmp_path


@pytest.mark.parametrize("name", MACHINE_FORMATS)
def test_golden(name: str, in_repo: Path) -> None:
    actual = render(name).replace(in_repo.as_uri(), ROOT_PLACEHOLDER)
    golden = GOLDEN / GOLDEN_FILES[name]
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_bytes(actual.encode("utf-8"))
    assert actual == golden.read_bytes().decode("utf-8")


def test_formats_and_writers() -> None:
    assert FORMATS == ("text", "full", "json", "github", "sarif", "gitlab", "markdown")
    assert get_writer("sarif") is sarif.write
    with pytest.raises(ValueError, match="text"):
        get_writer("text")


@pytest.mark.parametrize("name", ["json", "sarif", "gitlab"])
def test_json_formats_end_with_newline_and_keep_non_ascii(name: str, in_repo: Path) -> None:
    text = render(name)
    assert text.endswith("}\n") or text.endswith("]\n")
    json.loads(text)
    assert "\\u00e9" not in text


def test_json_document() -> None:
    document = json.loads(render("json"))
    assert list(document) == ["version", "findings", "summary"]
    assert document["version"] == 1
    first = document["findings"][0]
    assert list(first) == [
        "path", "line", "column", "end_line", "end_column", "code", "name", "severity",
        "message", "old", "new", "thinking", "fix", "cell", "applied", "related",
    ]  # fmt: skip
    assert first["thinking"] == "disabled"
    assert first["fix"]["applicability"] == "safe"
    assert first["fix"]["edits"][1] == {
        "line": 3, "column": 35, "end_line": 3, "end_column": 35,
        "content": ', extra_body={"thinking": {"type": "disabled"}}',
    }  # fmt: skip
    assert document["findings"][2]["fix"] is None
    assert [f["cell"] for f in document["findings"]] == [None, None, None, None, 3, None, None]
    assert document["summary"] == {
        "files_with_findings": 4,
        "findings": 7,
        "errors": [{"path": "broken.py", "message": "could not parse: unexpected indent, line 4"}],
        "by_severity": {"error": 4, "warning": 2, "info": 1},
        "by_applicability": {"safe": 3, "unsafe": 2, "manual": 2},
        "fixes_applied": 1,
        "fixed": 1,
        "remaining": 6,
        "fixable": {"safe": 2, "unsafe": 2, "docs": 0},
        "manual_review": 2,
        "next_steps": [
            "2 fixable with `deepseek-migrate fix`",
            "2 more with `fix --unsafe-fixes`",
            "2 for manual review (`deepseek-migrate check` lists them)",
        ],
    }


def test_json_empty_run() -> None:
    document = json.loads(render("json", ()))
    assert document["findings"] == []
    assert document["summary"]["errors"] == []


def sarif_validator() -> Any:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)  # the draft the schema declares ($schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@pytest.mark.parametrize("results", [RESULTS, ()], ids=["findings", "empty"])
def test_sarif_is_valid(results: tuple[FileResult, ...], in_repo: Path) -> None:
    log = json.loads(render("sarif", results))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in sarif_validator().iter_errors(log)]
    assert errors == []


def test_sarif_schema_is_the_official_one() -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    assert schema["id"] == sarif.SCHEMA_URI
    assert jsonschema.validators.validator_for(schema) is jsonschema.Draft4Validator


def test_sarif_run(in_repo: Path) -> None:
    broken = {"uri": "broken.py", "uriBaseId": "%SRCROOT%"}
    (run,) = json.loads(render("sarif"))["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("deepseek-migrate", "1.2.3")
    assert [rule["id"] for rule in driver["rules"]] == ["DSM101", "DSM201"]
    assert driver["rules"][1]["defaultConfiguration"] == {"level": "warning"}
    assert driver["rules"][0]["shortDescription"]["text"] == "Retired model name"
    assert driver["rules"][0]["fullDescription"]["text"].startswith("Finds `deepseek-chat`")
    assert driver["rules"][0]["helpUri"] == (
        "https://github.com/deepseek-migrate/deepseek-migrate/blob/main/docs/rules.md#dsm101-retired-model-name"
    )
    assert driver["rules"][0]["help"]["markdown"] == RetiredModelName.documentation()
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == in_repo.as_uri() + "/"
    assert run["invocations"] == [
        {
            "executionSuccessful": False,
            "toolExecutionNotifications": [
                {
                    "level": "error",
                    "message": {"text": "could not parse: unexpected indent, line 4"},
                    "locations": [{"physicalLocation": {"artifactLocation": broken}}],
                }
            ],
        }
    ]
    levels = [r["level"] for r in run["results"]]
    assert levels == ["error", "error", "error", "warning", "error", "warning", "note"]


def test_sarif_results(in_repo: Path) -> None:
    results = json.loads(render("sarif"))["runs"][0]["results"]
    chat, _reasoner, manual, applied, cell, cafe, unknown_rule = results
    assert chat["ruleIndex"] == 0 and cafe["ruleIndex"] == 1
    assert "ruleIndex" not in unknown_rule
    assert chat["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 3, "startColumn": 20, "endLine": 3, "endColumn": 35,
    }  # fmt: skip
    (change,) = chat["fixes"][0]["artifactChanges"]
    assert [r["insertedContent"]["text"] for r in change["replacements"]] == [
        '"deepseek-v4-flash"',
        ', extra_body={"thinking": {"type": "disabled"}}',
    ]
    assert "fixes" not in manual
    assert "fixes" not in applied  # already written: the region is stale
    assert "region" not in cell["locations"][0]["physicalLocation"]
    assert cell["message"]["text"].startswith("cell 3, line 2, column 14: ")
    assert cell["properties"] == {"cell": 3}


def test_sarif_uris(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    assert sarif.artifact_location("src/my app/café.py", tmp_path) == {
        "uri": "sub/src/my%20app/caf%C3%A9.py",
        "uriBaseId": "%SRCROOT%",
    }
    assert sarif.artifact_location("../a#b?c%d.py", tmp_path)["uri"] == "a%23b%3Fc%25d.py"
    outside = sarif.artifact_location("x.py", tmp_path / "elsewhere")
    assert outside == {"uri": (tmp_path / "sub" / "x.py").as_uri()}
    results = json.loads(render("sarif", root=tmp_path))["runs"][0]["results"]
    uris = [result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for result in results]
    assert all(URI_REFERENCE.match(uri) for uri in uris), uris
    assert [unquote(uri) for uri in uris] == ["sub/" + finding.path for finding in all_findings(RESULTS)]


def test_sarif_version_falls_back_without_a_distribution(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "version", missing)
    assert sarif.tool_version() == "0"


def test_github_escaping() -> None:
    assert github.escape_data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b"
    assert github.escape_property("100% a,b:c\nd") == "100%25 a%2Cb%3Ac%0Ad"
    lines = render("github").splitlines()
    assert len(lines) == 8  # seven findings and one file that could not be processed
    assert lines[3] == (
        "::error file=broken.py,title=deepseek-migrate::could not parse: unexpected indent, line 4"
    )
    assert lines[6] == (
        "::warning file=src/my app/café.py,line=1,col=9,endLine=1,endColumn=24,"
        "title=deepseek-migrate (DSM201)::100%25 retired: `deepseek-chat`, not `deepseek-v4-flash`%0A"
        "see the migration guide"
    )
    assert lines[7].startswith("::notice ")


def test_github_escapes_properties() -> None:
    finding = replace(RESULTS[0].findings[0], path="we,ird:name.py")
    (line,) = render("github", (FileResult(finding.path, findings=(finding,)),)).splitlines()
    assert line.startswith("::error file=we%2Cird%3Aname.py,line=3,")


def test_github_paths_are_relative_to_the_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    assert render("github", root=tmp_path).startswith("::error file=sub/app/client.py,line=3,")


def test_github_notebook_findings_point_at_the_file() -> None:
    (line,) = render("github", (RESULTS[3],)).splitlines()
    assert line == (
        "::error file=notebooks/demo.ipynb,title=deepseek-migrate (DSM101)::"
        "cell 3, line 2, column 14: "
        "`deepseek-chat` is retired; use `deepseek-v4-flash` with thinking disabled"
    )


def gitlab_fingerprints(results: tuple[FileResult, ...]) -> list[str]:
    return [issue["fingerprint"] for issue in json.loads(render("gitlab", results))]


def test_gitlab_fingerprint_survives_moved_lines() -> None:
    client = RESULTS[0]
    moved = tuple(replace(f, line=f.line + 10, end_line=f.end_line + 10) for f in client.findings)
    assert gitlab_fingerprints((replace(client, findings=moved),)) == gitlab_fingerprints((client,))


def test_gitlab_fingerprint_tells_identical_findings_apart() -> None:
    first, _, third = RESULTS[0].findings
    assert (first.code, first.old) == (third.code, third.old)
    fingerprints = gitlab_fingerprints(RESULTS)
    assert fingerprints[0] != fingerprints[2]
    assert len(set(fingerprints)) == len(fingerprints)
    # The ordinal follows position, not the order the findings arrive in.
    reordered = replace(RESULTS[0], findings=tuple(reversed(RESULTS[0].findings)))
    assert gitlab_fingerprints((reordered,)) == gitlab_fingerprints((RESULTS[0],))


def test_gitlab_issues(in_repo: Path) -> None:
    issues = json.loads(render("gitlab"))
    severities = ["major", "major", "major", "minor", "major", "minor", "info"]
    assert [issue["severity"] for issue in issues] == severities
    assert issues[0]["location"] == {"path": "app/client.py", "lines": {"begin": 3}}
    assert issues[4]["location"] == {"path": "notebooks/demo.ipynb", "lines": {"begin": 1}}
    assert issues[4]["description"].startswith("cell 3, line 2, column 14: ")
    assert issues[0]["fingerprint"] == gitlab.fingerprint("app/client.py", "DSM101", "deepseek-chat", 0)
    assert all(
        i["engine_name"] == "deepseek-migrate" and i["categories"] == ["Compatibility"] for i in issues
    )


def test_sarif_partial_fingerprints_are_the_gitlab_fingerprints(in_repo: Path) -> None:
    """Code scanning matches a result across runs by them (a moved line is the same alert)."""
    results = json.loads(render("sarif"))["runs"][0]["results"]
    fingerprints = [r["partialFingerprints"]["deepseekMigrate/v1"] for r in results]
    assert sorted(fingerprints) == sorted(issue["fingerprint"] for issue in json.loads(render("gitlab")))
    assert len(set(fingerprints)) == len(fingerprints)


def test_gitlab_paths_are_relative_to_the_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    (issue, *_) = json.loads(render("gitlab", root=tmp_path))
    assert issue["location"]["path"] == "sub/app/client.py"


def test_markdown_when_clean() -> None:
    assert render("markdown", ()) == "## deepseek-migrate\n\nNo retired DeepSeek model names found.\n"
    assert render("markdown", (FileResult("ok.py"),)).endswith("No retired DeepSeek model names found.\n")


def test_markdown_escaping() -> None:
    text = render("markdown")
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    assert len(rows) == 2 + 7
    # Every row has exactly seven unescaped pipes: six cells.
    assert all(len(re.findall(r"(?<!\\)\|", row)) == 7 for row in rows)
    assert "`deepseek-v4-flash` \\| thinks by default; pass `thinking` explicitly" in text
    assert "100% retired: `deepseek-chat`, not `deepseek-v4-flash`<br>see the migration guide" in text
    assert "`deepseek-chat` → `deepseek-v4-flash` (safe)" in text
    assert "(safe, applied)" in text and "manual review" in text


@pytest.mark.parametrize(
    ("value", "expected"),
    [("a.py", "`a.py`"), ("a`b.py", "``a`b.py``"), ("`x``", "``` `x`` ```"), ("a|b", "`a|b`")],
)
def test_markdown_code_spans(value: str, expected: str) -> None:
    assert markdown._code(value) == expected


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "`deepseek-chat` is retired; use `deepseek-v4-flash`",
            "`deepseek-chat` is retired; use `deepseek-v4-flash`",
        ),
        ("set ``thinking`` at `f()` (line 3)", "set `thinking` at `f()` (line 3)"),
        ("a `x|y` b", "a `x\\|y` b"),  # GFM: a pipe in a table cell is escaped inside a code span too
        ("`<img src=x>` <b>bold</b> *no*", "`<img src=x>` \\<b\\>bold\\</b\\> \\*no\\*"),
        ("one ` alone", "one \\` alone"),
        ("```", "\\`\\`\\`"),
    ],
)
def test_markdown_message_spans_render_as_inline_code(message: str, expected: str) -> None:
    """Issue 17.4: a message's backtick spans are code on GitHub, not literal backticks."""
    finding = replace(RESULTS[0].findings[0], message=message)
    row = markdown._row(finding, first_of_file=False)
    assert row.split(" | ")[4] == expected


def test_markdown_caps_the_unprocessed_files_too() -> None:
    broken = tuple(
        FileResult(f"pkg/bad_{i:06}.py", error="could not parse: " + "x" * 200) for i in range(20000)
    )
    text = render("markdown", (RESULTS[0], *broken))
    assert len(text.encode()) <= markdown.MAX_BYTES
    match = re.search(r"\n- …and (\d+) more files\n$", text)
    assert match is not None and text.count("\n- `pkg/bad_") + int(match.group(1)) == 20000
    assert "| `app/client.py` |" in text


def test_markdown_stays_below_the_step_summary_limit() -> None:
    """GitHub rejects a step summary over 1 MiB: the table stops early and says how many are left out."""
    finding = RESULTS[0].findings[0]
    many = tuple(
        FileResult(f"pkg/module_{i:05}.py", findings=(replace(finding, path=f"pkg/module_{i:05}.py"),) * 2)
        for i in range(6000)
    )
    broken = FileResult("broken.py", error="could not parse: unexpected indent, line 4")
    text = render("markdown", (*many, broken))
    assert len(text.encode()) <= markdown.MAX_BYTES
    shown = text.count("\n| ") - 2  # the table rows, without the header and its separator row
    match = re.search(
        r"\n…and (\d+) more findings \(the report stops below GitHub's 1 MiB summary limit\)\.\n", text
    )
    assert match is not None
    assert shown + int(match.group(1)) == 12000
    assert text.endswith("- `broken.py`: could not parse: unexpected indent, line 4\n")
    small = render("markdown")
    assert "more finding" not in small
