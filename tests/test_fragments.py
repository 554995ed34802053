"""DSM309: tests on a fragment of a retired name, and the prefilter that lets such a module through."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from migrate.api import check_source, run
from migrate.discovery import Discovery
from migrate.engine import Settings
from migrate.python.fragment_gate import text_may_test_fragments
from migrate.report_rules.fragments import FragmentModelTest
from migrate.report_rules.python_strings import RetiredModelComparison, UnparseableFile
from migrate.rulepack import load_rules

CODE = FragmentModelTest.CODE


def _codes(source: str) -> list[str]:
    return [f.code for f in check_source(source).findings]


@pytest.mark.parametrize(
    "source",
    [
        'if "reasoner" in model:\n    pass\n',
        'if "reasoner"  not  in  self.model:\n    pass\n',
        'ok = ("reasoner"\n      in model_name)\n',
        'ok = "reasoner" \\\n    in model_name\n',
        '# deepseek\nok = model.lower().startswith(("deepseek-c", "gpt"))\n',
        '# deepseek-v4-flash, the default\nok = model_id.find("chat") >= 0\n',
        'PREFIX = "deepseek-"\nok = llm.model_name.endswith("-chat")\n',
        'import re\nok = re.fullmatch(r"deepseek-(?:chat|reasoner)", cfg["model"])\n',
        'import re as regex\nok = regex.search("reasoner", engine)\n',
        'from re import match\nok = match("deepseek-r", os.getenv("LLM_MODEL"))\n',
        'import re\nR = re.compile(r"^deepseek-r")\nok = R.match(model_name)\n',
        'import re  # deepseek-*\nok = re.compile(r"REASONER", re.I).search(model)\n',
        'ok = "reasoner" in str(settings.model).lower()\n',
        'ok = "reasoner" in kwargs.get("model", "")\n',
        'if model == "gpt-4o":\n    pass\nelif "reasoner" in model:\n    pass\n',  # reached by the old name
        'if model.startswith("deepseek"):\n    x = "reasoner" in model\n',
        'if "reasoner" in model or use_r1:\n    pass\n',  # the other operand is unknown
        # a test that spells "deepseek-" tests a model name even in a short variable
        'import re\nok = re.match(r"deepseek-(chat|reasoner)", m)\n',
        'ok = name.startswith("deepseek-r")\n',
        # shapes from public code
        'def f(model_to_use, max_tokens):\n    if "reasoner" in model_to_use.lower() and max_tokens <= 2000:\n        pass\n',
        'def f(model):\n    model_key = (model or "").casefold()\n    return "reasoner" in model_key or "pro" in model_key\n',
        'max_limit = 65536 if "reasoner" in model else 8192\n',
        'IS_R = "reasoner" in MODEL.lower() or "v4-pro" in MODEL.lower() or "r1" in MODEL.lower()\n',
    ],
)
def test_fragment_tests_are_reported(source: str) -> None:
    assert _codes(source) == [CODE]


@pytest.mark.parametrize(
    "source",
    [
        'if "chat" in path:\n    pass\n',  # no model name, no DeepSeek
        '# deepseek-v4\nif "chat" in url:\n    pass\n',  # a URL, not a model name
        '# deepseek-v4\nif "/chat/completions" in url or "chat" in endpoint:\n    pass\n',
        'if "reasoner" in text:\n    pass\n',  # a message, not a model name
        'if "reasoner" in messages[-1]["content"]:\n    pass\n',
        'if "chat" in model:\n    pass\n',  # "chat" alone counts only where "deepseek-" is spelled
        '# DeepSeek\nif "chat" in model:\n    pass\n',
        'import langchain_deepseek\nif "chat" in model:\n    pass\n',
        '# deepseek-v4\nif model.startswith("deepseek-v4"):\n    pass\n',
        '# deepseek-v4\nif "deepseek" in model or model.startswith("deepseek-"):\n    pass\n',  # V4 names pass too
        '# deepseek-v4\nif "flash" in model:\n    pass\n',  # a piece of the new name
        '# deepseek-v4\nif "r1" in model:\n    pass\n',  # not a piece of the API names
        '# deepseek-v4\nif "reasoner" in model_kwargs or "chat" in model_type:\n    pass\n',
        'if "reasoner" in model_output or "reasoner" in self.model_config:\n    pass\n',
        '# deepseek-v4\nif model.startswith("deepseek-r1") or model.startswith("DeepSeek-R"):\n    pass\n',
        '# deepseek-v4\nif "chat" in models:\n    pass\n',  # membership in a list of names is equality
        'import re\n# deepseek-v4\nif re.search(r"deepseek-\\w+", model):\n    pass\n',
        'import re\nif re.search("reasoner", text):\n    pass\n',
        'import re\nif re.search(r"deepseek-(chat|reasoner)", text):\n    pass\n',  # a text, not a name
        'if "reasoner" in m:\n    pass\n',  # "reasoner" alone: the variable must be a model name
        'import re\nif re.match("(unclosed", model):\n    pass\n',  # not a valid pattern: nothing to say
        'x = "the reasoner mode"\nif "reasoner" == model:\n    pass\n',  # equality with a piece never held
        '# deepseek-v4\nif model.upper().startswith("DEEPSEEK-R"):\n    pass\n',  # upper(): not followed
        # the condition around the test gives the same answer for the old and the new name
        '# deepseek-v4\nif "llama2" in model and "chat" in model:\n    pass\n',
        'if "reasoner" in model_id or "r1" in model_id or "v4" in model_id:\n    pass\n',
        'ok = not ("reasoner" in model or model.startswith("deepseek-v4"))\n',
        # an enclosing test the old name never passes
        '# deepseek-v4\nif "mosaicml/mpt" in model:\n    if "chat" in model:\n        pass\n',
        'if model == "gpt-4o":\n    pass\nelif model.startswith("gpt"):\n    x = "reasoner" in model\n',
    ],
)
def test_look_alikes_are_not_reported(source: str) -> None:
    assert CODE not in _codes(source)


def test_full_names_stay_with_the_comparison_rule() -> None:
    """One report per test: whole names are DSM301's (also as a regex pattern), pieces are DSM309's."""
    source = (
        "import re\n"
        'client.chat.completions.create(model="deepseek-reasoner", messages=[])\n'
        'if model in ("deepseek-chat", "deepseek-reasoner") or model.startswith("deepseek-chat"):\n    pass\n'
        'if re.search("deepseek-chat", model) or "reasoner" in model:\n    pass\n'
    )
    found = [(f.code, f.line, f.column) for f in check_source(source).findings if f.code in (CODE, "DSM301")]
    comparison = RetiredModelComparison.CODE
    assert found == [
        (comparison, 3, 14),
        (comparison, 3, 31),
        (comparison, 3, 72),
        (comparison, 5, 14),
        (CODE, 5, 41),
    ]


def test_message_says_what_changes_and_what_to_do() -> None:
    (finding,) = check_source('if "reasoner" not in model:\n    t = 0.2\n').findings
    assert "is False for `deepseek-reasoner` but True for `deepseek-v4-flash`" in finding.message
    assert "now runs for every call" in finding.message
    assert "test the thinking mode" in finding.message
    assert finding.fix is None


def test_a_long_chain_of_tests_is_still_read() -> None:
    chain = " or ".join(['"reasoner" in model'] + [f'"x{i}" in model' for i in range(300)])
    result = check_source(f"ok = {chain}\n")
    assert result.error is None
    assert [f.code for f in result.findings] == [CODE]


def test_suppressible() -> None:
    source = f'if "reasoner" in model:  # deepseek-migrate: ignore[{CODE}]\n    pass\n'
    assert check_source(source).findings == ()


# --- the prefilter ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "kind", "passes"),
    [
        (b'if "reasoner" in model:\n', "python", True),
        (b"if model.endswith('reasoner'):\n", "python", True),
        (b'# deepseek-v4\nif "chat" in model:\n', "python", True),
        (
            b'# deepseek\nif "chat" in model:\n',
            "python",
            False,
        ),  # "deepseek" without the hyphen does not count
        (b'# DeepSeek\nif "chat" in model:\n', "python", False),  # the capitalised word alone does not count
        (b'if "chat" in model:\n', "python", False),  # no DeepSeek: "chat" alone never counts
        (b"the reasoner thinks\n", "python", False),  # the word, but no test
        (b'if "reasoner" in model:\n', "yaml", False),  # only the Python rules read fragments
        (b'{"source": ["if \\"reasoner\\" in model:\\n"]}', "notebook", True),
        (b'MODEL = "deepseek-chat"\n', "yaml", True),  # the names, as before, for every kind
    ],
)
def test_prefilter_lets_fragment_tests_through(data: bytes, kind: str, passes: bool) -> None:
    assert Settings(rules=load_rules()).kind_test()(data, kind) is passes


def test_gate_is_the_same_on_bytes_and_text() -> None:
    keeps = Settings(rules=load_rules()).kind_test()
    for text in ('"reasoner" in m', "x.startswith(y) # deepseek", "DeepSeek find", "reasoner", '"chat" in m'):
        assert keeps(text.encode(), "python") is text_may_test_fragments(text)


def test_a_run_reports_a_module_without_any_name(tmp_path: Path) -> None:
    (tmp_path / "wrapper.py").write_text('def thinks(model):\n    return "reasoner" in model\n')
    (tmp_path / "broken.py").write_text('def f(:\n    return "reasoner" in model\n')  # no name: not news
    (tmp_path / "broken_named.py").write_text('def f(:\n    return "deepseek-chat"\n')
    (tmp_path / "notes.yaml").write_text("check: '\"reasoner\" in model'\n")
    (tmp_path / "nb.ipynb").write_text(
        json.dumps(
            {
                "cells": [{"cell_type": "code", "source": ['if "reasoner" in model:\n', "    pass\n"]}],
                "metadata": {},
                "nbformat": 4,
                "nbformat_minor": 5,
            }
        )
    )
    settings = Settings(rules=load_rules(), cwd=str(tmp_path))
    results = {r.path: r for r in run([tmp_path], settings, Discovery(project_root=tmp_path), jobs=1)}
    assert [f.code for f in results["wrapper.py"].findings] == [CODE]
    assert [f.code for f in results["nb.ipynb"].findings] == [CODE]
    assert "broken.py" not in results or not results["broken.py"].findings
    assert results["broken_named.py"].error is not None
    assert UnparseableFile.CODE in [f.code for f in results["broken_named.py"].findings]
    assert "notes.yaml" not in results or not results["notes.yaml"].findings


@pytest.mark.parametrize("kind", ["windowed", "libc"])
def test_the_substring_search_finds_a_word_wherever_it_sits(kind: str) -> None:
    from migrate.python.fragment_gate import WINDOW, _libc_search, _windowed

    contains = _windowed if kind == "windowed" else _libc_search()
    if contains is None:
        assert not sys.platform.startswith("linux"), "glibc has strstr and memmem; the scan must use them"
        pytest.skip("this platform's C library has no memmem")
    word = b"reasoner"
    for size in (0, 7, WINDOW - 1, WINDOW, WINDOW + 1, 3 * WINDOW + 5):
        filler = b"x" * size
        assert not contains(filler, word)
        assert not contains(filler + word[:-1], word)
        for at in {0, WINDOW - len(word), WINDOW - 3, WINDOW, 2 * WINDOW - 1, size - len(word)}:
            if 0 <= at <= size - len(word):
                data = filler[:at] + word + filler[at + len(word) :]
                assert contains(data, word), (size, at)
                assert contains(b"\0" + data, word), (size, at)  # a NUL byte does not end the haystack
                assert contains(data + b"\0", word), (size, at)
                assert contains(data[: at + 3] + b"\0" + data[at + 3 :], word) is (b"\0" in word), (size, at)
                assert not contains(b"\0" + filler, word)
    for data, word in ((b"a\0b", b"\0"), (b"a\0b", b"a\0b"), (b"ab", b"a\0"), (b"ab", b"")):
        assert contains(data, word) is (word in data), (data, word)


def test_the_scan_uses_the_c_librarys_search_on_linux() -> None:
    from migrate.python import fragment_gate

    if sys.platform.startswith("linux"):
        assert fragment_gate.contains is not fragment_gate._windowed
