"""Start-up: the bundled rule packs come parsed from migrate/_rulecache.py (never stale), and a
run that finds nothing imports neither a TOML parser nor the model's dataclasses."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from migrate import _rulecache
from migrate.rulepack import (
    bundled_rules_dir,
    load_pack,
    load_rules,
    parse_pack,
    read_settings_file,
    render_cache,
)

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = sorted(bundled_rules_dir().glob("*.toml"))


def test_the_cache_is_current() -> None:
    text = (ROOT / "migrate" / "_rulecache.py").read_text(encoding="utf-8")
    assert text == render_cache(BUNDLED), (
        "run `PYTHONPATH=. python -m migrate.rulepack > migrate/_rulecache.py`"
    )


def test_a_cached_pack_equals_the_parsed_one() -> None:
    for path in BUNDLED:
        text = read_settings_file(path)
        assert text in _rulecache.PACKS
        cached, parsed = load_pack(path), parse_pack(text, str(path))
        assert cached == parsed
        assert cached.retired.utcoffset() == parsed.retired.utcoffset()
        assert [type(r.thinking) for r in cached.renames] == [type(r.thinking) for r in parsed.renames]


def test_an_edited_pack_is_parsed_not_taken_from_the_cache(tmp_path: Path) -> None:
    text = read_settings_file(BUNDLED[0])
    edited = tmp_path / BUNDLED[0].name  # the same name, one value changed
    edited.write_text(text.replace('thinking = "enabled"', 'thinking = "disabled"'), encoding="utf-8")
    pack = load_pack(edited)
    assert all(r.thinking.value == "disabled" for r in pack.renames)
    assert pack.path == str(edited)
    offset = tmp_path / "offset.toml"  # a UTC offset other than Z survives as it was written
    offset.write_text(text.replace("2026-07-24T15:59:00Z", "2026-07-24T23:59:00+08:00"), encoding="utf-8")
    assert load_pack(offset).retired.isoformat() == "2026-07-24T23:59:00+08:00"


def test_an_invalid_pack_is_still_an_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text(read_settings_file(BUNDLED[0]) + "\n[pack]\n", encoding="utf-8")
    try:
        load_rules((broken,))
    except Exception as exc:  # RulePackError
        assert "invalid TOML" in str(exc)
    else:
        raise AssertionError("a broken pack loaded")


def _modules_after_check(cwd: Path, name: str) -> tuple[int, set[str]]:
    probe = (
        "import sys\n"
        f"sys.argv = ['deepseek-migrate', 'check', {name!r}]\n"
        "from migrate import cli\n"
        "try:\n    cli.main()\nexcept SystemExit as exc:\n    code = exc.code\n"
        "print(code, ' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-c", probe], cwd=cwd, capture_output=True, text=True, env=env, timeout=60
    )
    code, _, modules = proc.stderr.splitlines()[-1].partition(" ")
    return int(code), set(modules.split())


def test_a_no_match_check_defines_no_model_and_parses_no_toml(tmp_path: Path) -> None:
    (tmp_path / "clean.py").write_text("x = 1\n")
    code, modules = _modules_after_check(tmp_path, "clean.py")
    assert code == 0
    assert not modules & {"migrate.model", "tomllib", "tomli"}, modules & {
        "migrate.model",
        "tomllib",
        "tomli",
    }


def test_the_twins_import_them(tmp_path: Path) -> None:
    # A match builds results (the model); a pyproject.toml is read with a TOML parser.
    (tmp_path / "hit.py").write_text('MODEL = "deepseek-chat"\n')
    (tmp_path / "pyproject.toml").write_text("[tool.other]\nx = 1\n")
    code, modules = _modules_after_check(tmp_path, "hit.py")
    assert code == 1
    assert "migrate.model" in modules
    assert "tomllib" in modules or "tomli" in modules


ACME_PACK = """[pack]
id = "acme"
summary = "acme retired acme-chat-1"
source = "https://example.com"
docs = "https://example.com"
retired = 2026-01-01T00:00:00Z
current = ["acme-2"]

[[rename]]
old = "acme-chat-1"
new = "acme-2"
thinking = "disabled"
"""


def test_the_prefilter_keeps_names_of_another_pack(tmp_path: Path) -> None:
    """A pack whose names do not spell "deepseek" is looked for by name, not skipped by the word test."""
    from migrate.engine import Settings

    pack = tmp_path / "acme.toml"
    pack.write_text(ACME_PACK, encoding="utf-8")
    test = Settings(rules=load_rules((pack,))).kind_test()
    assert test(b'client.chat.completions.create(model="acme-chat-1")\n', "python")
    assert test(b'm = "acme-2"\n', "python")
    assert not test(b'm = "acme-3"\n', "python")
