"""Call-time overrides replace what the constructor sets: the constructor's thinking fix is then unsafe."""

from __future__ import annotations

from migrate.api import check_source
from migrate.model import Applicability, Finding

HEAD = (
    "import os\n"
    "from langchain_openai import ChatOpenAI\n\n"
    'llm = ChatOpenAI(model="deepseek-chat", base_url="https://api.deepseek.com", api_key=os.environ["DEEPSEEK_API_KEY"])\n'
)


def _finding(source: str) -> Finding:
    (finding,) = [f for f in check_source(source).findings if f.old == "deepseek-chat"]
    return finding


def test_bind_with_extra_body_makes_the_constructor_fix_unsafe() -> None:
    finding = _finding(HEAD + 'tagged = llm.bind(extra_body={"metadata": {"team": "search"}})\n')
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    assert "`llm.bind(extra_body=...)` at line 5 replaces the constructor's extra_body" in finding.message


def test_invoke_with_extra_body_makes_the_constructor_fix_unsafe() -> None:
    finding = _finding(HEAD + 'answer = llm.invoke(messages, extra_body={"top_k": 5})\n')
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    assert "`llm.invoke(extra_body=...)` at line 5" in finding.message


def test_invoke_without_extra_body_keeps_the_fix_safe() -> None:
    finding = _finding(HEAD + "answer = llm.invoke(messages, config={'tags': ['search']})\n")
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE
