"""Where is the request made? Names defined in one place and sent from another (issue: follow model names).

Each case is a small multi-module project. The run must rename the definition,
put the thinking setting on the call that really makes the request (in that
call's client spelling), and say unsafe / manual when the value also goes where
the tool cannot see.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from migrate.api import RunStats, run
from migrate.discovery import Discovery
from migrate.engine import Settings
from migrate.model import Applicability, FileResult
from migrate.rulepack import load_rules

OPENAI = 'from openai import OpenAI\nclient = OpenAI(base_url="https://api.deepseek.com")\n'
DISABLED = 'extra_body={"thinking": {"type": "disabled"}}'
ENABLED = 'extra_body={"thinking": {"type": "enabled"}}'


def project(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return tmp_path


def results(root: Path, *, unsafe: bool = False) -> dict[str, FileResult]:
    settings = Settings(rules=load_rules(), apply=True, unsafe_fixes=unsafe, cwd=str(root))
    return {r.path: r for r in run([root], settings, Discovery(project_root=root), jobs=1, stats=RunStats())}


def fixed(result: FileResult) -> str:
    assert result.fixed is not None, [f.message for f in result.findings]
    return result.fixed


def test_constant_imported_by_name_and_module_attribute(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/settings.py": 'CHAT = "deepseek-chat"\nTHINK = "deepseek-reasoner"\n',
            "app/a.py": OPENAI
            + "from app.settings import CHAT\nclient.chat.completions.create(model=CHAT, messages=[])\n",
            "app/b.py": OPENAI
            + "from app import settings\nclient.chat.completions.create(model=settings.THINK, messages=[])\n",
        },
    )
    out = results(root)
    assert fixed(out["app/settings.py"]) == 'CHAT = "deepseek-v4-flash"\nTHINK = "deepseek-v4-flash"\n'
    assert fixed(out["app/a.py"]).endswith(f"create(model=CHAT, messages=[], {DISABLED})\n")
    assert fixed(out["app/b.py"]).endswith(f"create(model=settings.THINK, messages=[], {ENABLED})\n")


def test_star_import_relative_import_and_reexport(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {
            "pkg/__init__.py": "from .config import MODEL\n",
            "pkg/config.py": 'MODEL = "deepseek-chat"\n',
            "pkg/star.py": OPENAI
            + "from .config import *\nclient.chat.completions.create(model=MODEL, messages=[])\n",
            "main.py": OPENAI
            + "from pkg import MODEL\nclient.chat.completions.create(model=MODEL, messages=[])\n",
        },
    )
    out = results(root)
    assert "deepseek-v4-flash" in fixed(out["pkg/config.py"])
    assert DISABLED in fixed(out["pkg/star.py"]) and DISABLED in fixed(out["main.py"])
    assert "pkg/__init__.py" not in out or not out["pkg/__init__.py"].findings


def test_constant_that_also_leaves_the_run_is_unsafe(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {
            "config.py": 'MODEL = "deepseek-chat"\n',
            "a.py": OPENAI
            + "from config import MODEL\nclient.chat.completions.create(model=MODEL, messages=[])\n",
            "b.py": "from config import MODEL\nimport thirdparty\nthirdparty.run(MODEL)\n",
        },
    )
    out = results(root)
    finding = next(f for f in out["config.py"].findings if f.code == "DSM101")
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    assert "b.py:3" in finding.message
    assert out["config.py"].fixed is None  # not applied without --unsafe-fixes
    # The call's thinking switch belongs to the rename: unsafe like it, never applied without it.
    switch = next(f for f in out["a.py"].findings if f.code == "DSM101")
    assert switch.fix is not None and switch.fix.applicability is Applicability.UNSAFE
    assert "config.py:1 is unsafe (also used at b.py:3)" in switch.message
    assert out["a.py"].fixed is None
    both = results(root, unsafe=True)
    assert "deepseek-v4-flash" in fixed(both["config.py"]) and DISABLED in fixed(both["a.py"])


def test_class_attribute_and_init_default(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {
            "bot.py": OPENAI
            + textwrap.dedent(
                """
                class Bot:
                    MODEL = "deepseek-reasoner"

                    def ask(self, q):
                        return client.chat.completions.create(model=self.MODEL, messages=[q])


                class Chat:
                    def __init__(self, model=None):
                        self.model = model or "deepseek-chat"

                    def ask(self, q):
                        return client.chat.completions.create(model=self.model, messages=[q])


                Chat().ask("x")
                """
            ),
        },
    )
    text = fixed(results(root)["bot.py"])
    assert 'MODEL = "deepseek-v4-flash"' in text and f"model=self.MODEL, messages=[q], {ENABLED})" in text
    assert (
        'self.model = model or "deepseek-v4-flash"' in text
        and f"model=self.model, messages=[q], {DISABLED})" in text
    )


def test_init_default_overridden_by_a_caller_is_unsafe(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {
            "chat.py": OPENAI
            + textwrap.dedent(
                """
                class Chat:
                    def __init__(self, model=None):
                        self.model = model or "deepseek-chat"

                    def ask(self, q):
                        return client.chat.completions.create(model=self.model, messages=[q])
                """
            ),
            "main.py": "from chat import Chat\nChat(model=pick_model()).ask('x')\n",
        },
    )
    finding = next(f for f in results(root)["chat.py"].findings if f.code == "DSM101")
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE


@pytest.mark.parametrize(
    ("caller", "applicability"),
    [("ask('hi')\n", Applicability.SAFE), ("ask('hi', model=other)\n", Applicability.UNSAFE)],
)
def test_function_default_is_safe_only_when_no_caller_overrides_it(
    tmp_path: Path, caller: str, applicability: Applicability
) -> None:
    root = project(
        tmp_path,
        {
            "llm.py": OPENAI
            + 'def ask(prompt, model="deepseek-chat"):\n    return client.chat.completions.create(model=model, messages=[prompt])\n',
            "main.py": "from llm import ask\n" + caller,
        },
    )
    finding = next(f for f in results(root)["llm.py"].findings if f.code == "DSM101")
    assert finding.fix is not None and finding.fix.applicability is applicability


def test_dataclass_field_default_and_getenv_default(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {
            "cfg.py": OPENAI
            + textwrap.dedent(
                """
                import os
                from dataclasses import dataclass, field


                @dataclass
                class Cfg:
                    model: str = field(default="deepseek-reasoner")

                    def call(self):
                        return client.chat.completions.create(model=self.model, messages=[])


                def from_env():
                    return client.chat.completions.create(model=os.getenv("DEEPSEEK_MODEL", "deepseek-chat"), messages=[])
                """
            ),
        },
    )
    found = {f.old: f for f in results(root)["cfg.py"].findings if f.code == "DSM101"}
    assert found["deepseek-reasoner"].fix is not None
    assert found["deepseek-reasoner"].fix.applicability is Applicability.SAFE
    env = found["deepseek-chat"]
    assert env.fix is not None and env.fix.applicability is Applicability.UNSAFE
    assert "DEEPSEEK_MODEL" in env.message


def test_one_call_for_two_providers_is_manual_review(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {
            "multi.py": OPENAI
            + 'def go(p):\n    m = "gpt-4o" if p == "openai" else "deepseek-chat"\n'
            + "    return client.chat.completions.create(model=m, messages=[])\n",
        },
    )
    finding = next(f for f in results(root)["multi.py"].findings if f.code == "DSM101")
    assert finding.fix is None and "also sends `gpt-4o`" in finding.message


def test_both_old_names_at_one_call_is_manual_review(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {
            "both.py": OPENAI
            + 'def go(hard):\n    m = "deepseek-reasoner" if hard else "deepseek-chat"\n'
            + "    return client.chat.completions.create(model=m, messages=[])\n",
        },
    )
    findings = [f for f in results(root)["both.py"].findings if f.code == "DSM101"]
    assert len(findings) == 2 and all(f.fix is None for f in findings)
    assert "sends both retired names" in findings[0].message


@pytest.mark.parametrize("count", [3, 40])  # the regex path and the identifier-set path
def test_mentions_any_matches_whole_identifiers_like_the_pattern(count: int) -> None:
    from migrate.model import Export, Thinking
    from migrate.python.crossmodule import mentions_any, name_pattern

    exports = [
        Export(path="c.py", module="c", name=f"MODEL_{i}", old="deepseek-chat", new="deepseek-v4-flash",
               thinking=Thinking.DISABLED, line=i + 1)
        for i in range(count)
    ]  # fmt: skip
    mentions = mentions_any(exports)
    pattern = name_pattern(exports)
    samples = [
        b"from c import MODEL_1\n",
        b"x = c.MODEL_2",
        b"MODEL_10X = 1\n_MODEL_1 = 2\nMODEL_1x",
        b"print(MODEL_0)",
        b"nothing here",
        "é = MODEL_2".encode(),
    ]
    for data in samples:
        assert mentions(data) is (pattern.search(data) is not None), data
    assert mentions(b"use(MODEL_2)") and not mentions(b"MODEL_2_B")


def test_constants_and_imports_inside_match_statements_are_followed(tmp_path: Path) -> None:
    """Regression: the statement walk met ``match`` (cases, no body) and stopped the whole run."""
    root = project(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/config.py": (
                'MODEL = "deepseek-chat"\n'
                "def pick(kind, model='deepseek-reasoner'):\n"
                "    match kind:\n"
                "        case 'x':\n"
                "            from os import path\n"
                "            return model\n"
                "        case _:\n"
                "            return None\n"
            ),
            "pkg/app.py": OPENAI
            + (
                "match 1:\n"
                "    case 1:\n"
                "        from pkg.config import MODEL\n"
                "client.chat.completions.create(model=MODEL, messages=[])\n"
            ),
        },
    )
    found = results(root)
    assert not any(r.error for r in found.values())
    app = fixed(found["pkg/app.py"]) if found["pkg/app.py"].fixed else ""
    config = fixed(found["pkg/config.py"])
    assert 'MODEL = "deepseek-v4-flash"' in config  # followed through the import inside ``case 1:``
    assert "thinking" in app or "thinking" in config


def test_an_internal_error_in_the_cross_module_pass_is_reported_with_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug there neither stops the run nor hides: the file gets an error (exit 2) and is still checked."""
    from migrate.python import crossmodule as repo

    root = project(
        tmp_path,
        {
            "a.py": OPENAI + 'client.chat.completions.create(model="deepseek-chat", messages=[])\n',
            "b.py": OPENAI + 'client.chat.completions.create(model="deepseek-reasoner", messages=[])\n',
        },
    )
    real = repo._import_rows

    def broken(tree, path, *args):  # type: ignore[no-untyped-def]
        if path.name == "a.py":
            raise AttributeError("simulated")
        return real(tree, path, *args)

    monkeypatch.setattr(repo, "_import_rows", broken)
    found = results(root)
    assert found["a.py"].error == "internal error in the cross-module pass: AttributeError: simulated"
    assert "thinking" in fixed(found["a.py"])  # still checked and fixed on its own
    assert found["b.py"].error is None and "thinking" in fixed(found["b.py"])


def test_the_cross_module_pass_prints_no_warning_of_the_files_it_reads(tmp_path: Path) -> None:
    """An invalid escape is the file's business (a SyntaxWarning on stderr from Python 3.12), not the tool's."""
    import warnings

    from migrate.python.crossmodule import calls_passing, module_facts
    from migrate.rulepack import load_rules

    data = b'PATTERN = "\\d+"\nMODEL = "deepseek-chat"\ndef ask(model="deepseek-chat"):\n    pass\nask(model=1)\n'
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        exports, _, lines, _ = module_facts(tmp_path / "m.py", "m.py", data, load_rules())
        calls = calls_passing("other.py", data, exports)
    assert [str(w.message) for w in caught] == []
    assert {e.name for e in exports} == {"MODEL", "ask"} and lines == (1, 2, 3, 5) and calls


def test_config_key_names_the_python_code_that_reads_it(tmp_path: Path) -> None:
    """The finding carries the key (``read_by``); the run names its readers from that, not from the message."""
    root = project(
        tmp_path,
        {
            ".env": "DEEPSEEK_MODEL=deepseek-chat\n",
            "app.py": 'import os\n\nmodel = os.environ["DEEPSEEK_MODEL"]\n',
            "settings.yaml": "model-name: deepseek-chat\n",
        },
    )
    found = results(root)
    (env,) = found[".env"].findings
    assert env.read_by == "DEEPSEEK_MODEL"
    assert env.message.endswith("the code that reads `DEEPSEEK_MODEL` must disable thinking: "
                                'send "thinking": {"type": "disabled"} in the request body; no fix: rename it by hand together with that change; read by app.py:3')  # fmt: skip
    (yaml,) = found["settings.yaml"].findings  # not a name code reads from the environment: no readers
    assert yaml.read_by is None
    assert "read by" not in yaml.message and "reads it" not in yaml.message
