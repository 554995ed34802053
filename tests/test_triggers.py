"""The word test that lets a Python adapter skip a module must never hide a sink.

``PythonAdapter.relevant`` (and LiteLLM's test before its call loop) look for
words that every call an adapter can match has in the source. The
differential test runs the engine with the word test forced open and asserts
the same findings and fixes, over every Python source the test suite knows:
the rules' inline cases, the wire tests' snippets and the fixtures.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from migrate.adapters.python import anthropic_sdk, openai_sdk
from migrate.api import check_source
from migrate.engine import Settings
from migrate.python.analysis import Module
from migrate.registry import PYTHON_ADAPTERS, RULES
from migrate.report_rules.python_strings import UnusedSuppression
from migrate.rulepack import load_rules

ROOT = Path(__file__).resolve().parent.parent


def _snippets() -> list[tuple[str, str]]:
    """(label, source) for every Python source of the suite that names a DeepSeek model (or a piece of one)."""
    found: dict[str, str] = {}
    for rule in RULES:
        for i, case in enumerate((*rule.VALID, *rule.INVALID)):
            if case.path.endswith(".py"):
                found.setdefault(case.code, f"{rule.CODE}-case-{i}")
    for path in sorted((ROOT / "tests").glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and ("deepseek" in node.value or "reasoner" in node.value)
            ):
                try:
                    ast.parse(node.value)
                except SyntaxError:
                    continue
                found.setdefault(node.value, f"{path.name}:{node.lineno}")
    for path in sorted((ROOT / "fixtures").rglob("*.py")):
        found.setdefault(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    return [(label, source) for source, label in found.items()]


SNIPPETS = _snippets()


def _outcome(source: str) -> list[tuple[object, ...]]:
    result = check_source(source, apply=True, unsafe=True)
    return [(f.code, f.line, f.column, f.message, f.fix) for f in result.findings] + [(result.fixed,)]


_KIND_TEST = Settings(rules=load_rules()).kind_test()


def PREFILTER(data: bytes) -> bool:  # the engine's prefilter of a Python file
    return _KIND_TEST(data, "python")


@pytest.mark.parametrize(("label", "source"), SNIPPETS, ids=[label for label, _ in SNIPPETS])
def test_prefilter_hides_nothing(label: str, source: str) -> None:
    """A source the bytes prefilter lets skip parsing has no finding at all (composed names included)."""
    if not PREFILTER(source.encode()):  # unused suppressions (DSM9xx) are not looked for in skipped files
        assert [f.code for f in check_source(source).findings if not f.code.startswith("DSM9")] == []


def test_the_corpus_has_composed_names() -> None:
    """Sources the prefilter lets through by a name's head only: concatenated, or built with a placeholder."""
    names = re.compile(load_rules().names_regex(current=True))
    only_heads = [s for _, s in SNIPPETS if not names.search(s) and PREFILTER(s.encode())]
    assert any('"deepseek-" "reasoner"' in s for s in only_heads)
    assert any('f"deepseek-{mode}"' in s for s in only_heads)


def test_the_corpus_is_broad() -> None:
    """The differential test below means something only over many shapes and every adapter."""
    assert len(SNIPPETS) > 300
    seen = {f.code for _, source in SNIPPETS for f in check_source(source).findings}
    assert {adapter.CODE for adapter in PYTHON_ADAPTERS} <= seen


@pytest.mark.parametrize(("label", "source"), SNIPPETS, ids=[label for label, _ in SNIPPETS])
def test_word_test_hides_nothing(label: str, source: str, monkeypatch: pytest.MonkeyPatch) -> None:
    gated = _outcome(source)
    monkeypatch.setattr(Module, "mentions", lambda self, words: True)
    assert _outcome(source) == gated


def _fragment_variants() -> list[tuple[str, str]]:
    """Fragment tests in every shape DSM309 reads, with and without a DeepSeek mention, on model names and not."""
    shapes = (
        "ok = {s} in {x}\n",
        "ok = ({s}\n      not in {x})\n",
        "ok = {s} \\\n    in {x}\n",
        "ok = {x}.lower().startswith(({s}, 'gpt'))\n",
        "ok = {x}.endswith({s})\n",
        "ok = {x}.find({s}) >= 0\n",
        "import re\nok = re.search({s}, {x})\n",
        "from re import match\nok = match({s}, {x})\n",
        "import re\nR = re.compile({s})\nok = R.fullmatch({x})\n",
    )
    fragments = ("reasoner", "-reasoner", "deepseek-r", "deepseek-c", "chat", "-chat", "^deepseek-(chat|r)")
    fragments += ("flash", "deepseek")
    subjects = ("model", "self.model_name", "cfg['llm_model']", "text")
    heads = ("", "# DeepSeek\n", "# deepseek-v4\n")
    return [
        (f"{shape!r}-{fragment}-{subject}-{head!r}", head + shape.format(s=repr(fragment), x=subject))
        for shape in shapes
        for fragment in fragments
        for subject in subjects
        for head in heads
    ]


def test_prefilter_drops_no_module_the_analysis_reports() -> None:
    """The bytes prefilter keeps every module the full analysis (run here without it) reports on:
    the names for every kind, and for Python the fragment tests of DSM309 in modules with no name."""
    settings = Settings(rules=load_rules())
    keeps, names = settings.kind_test(), settings.prefilter_test()
    fragment_only = 0
    for label, source in [*SNIPPETS, *_fragment_variants()]:
        data = source.encode("utf-8")
        # An unused suppression is reported in the files the tool reads; a file it skips has none to use.
        if any(f.code != UnusedSuppression.CODE for f in check_source(source).findings):
            assert keeps(data, "python"), label
            assert keeps(data, "notebook"), label
            fragment_only += not names(data)
    assert fragment_only > 100  # the names alone would have dropped these


@pytest.mark.parametrize("adapter", [a for a in PYTHON_ADAPTERS if a.TRIGGERS], ids=lambda a: a.__name__)
def test_skipped_adapter_would_find_nothing(adapter: type, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the word test says no, the adapter's own search finds no sink either."""
    rules = load_rules()
    skipped = 0
    for _, source in SNIPPETS:
        try:
            module = Module(source, rules)
        except Exception:
            continue
        if not adapter().relevant(module):
            skipped += 1
            monkeypatch.setattr(Module, "mentions", lambda self, words: True)
            assert list(adapter().sinks(module)) == []
            monkeypatch.undo()
    assert skipped > 0  # the test exercised the skip


def test_whole_words_only() -> None:
    module = Module('import html\nx = "HTML and LLM"  # dspy_LM\ny = LM\n', load_rules())
    assert module.mentions(frozenset({"LM"}))  # the last line
    assert not Module('x = "HTML LLM"  # dspy_LM LMs\n', load_rules()).mentions(frozenset({"LM"}))
    assert Module("LM", load_rules()).mentions(frozenset({"LM"}))  # at both ends of the text
    assert Module("import x\nx.LM()", load_rules()).mentions(frozenset({"LM"}))  # after a dot
    assert not Module("éLM = 1", load_rules()).mentions(frozenset({"LM"}))  # a Unicode letter joins words


def test_aliased_imports_still_match() -> None:
    """An alias hides the class name; the package's name is still in the import."""
    langchain = "from langchain_deepseek import ChatDeepSeek as Model\nllm = Model(model='deepseek-chat')\n"
    litellm = "from litellm import completion as ask\nask(model='deepseek/deepseek-chat', messages=[])\n"
    for source, code in ((langchain, "DSM111"), (litellm, "DSM112")):
        assert code in {f.code for f in check_source(source).findings}


@pytest.mark.parametrize(
    ("words", "methods"),
    [
        (
            openai_sdk.METHOD_WORDS,
            openai_sdk.CHAT_METHODS | openai_sdk.FIM_METHODS | openai_sdk.RESPONSES_METHODS,
        ),
        (anthropic_sdk.METHOD_WORDS, anthropic_sdk.MESSAGE_METHODS | anthropic_sdk.COUNT_METHODS),
    ],
)
def test_method_words_cover_every_method(words: frozenset[str], methods: frozenset[str]) -> None:
    for method in methods:
        assert words & set(method.split(".")), method


def test_method_matcher_prefers_the_longest_method() -> None:
    from migrate.adapters.python.base import method_matcher

    match = method_matcher(frozenset({"chat.completions.parse", "beta.chat.completions.parse", "x.create"}))
    assert match("client.beta.chat.completions.parse") == "beta.chat.completions.parse"
    assert match("client.chat.completions.parse") == "chat.completions.parse"
    assert match("self.client.x.create") == "x.create"
    assert match("chat.completions.parse") is None  # nothing in front: no client
    assert match("client.chat.completions.create") is None
    assert openai_sdk._method("c.beta.chat.completions.with_raw_response.parse") == (
        "beta.chat.completions.with_raw_response.parse"
    )
    assert anthropic_sdk._method("c.beta.messages.create") == "beta.messages.create"
