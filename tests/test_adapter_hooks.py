"""Client knowledge lives in the client's adapter: the hazard rules ask it through hooks."""

from __future__ import annotations

from migrate.adapters.python.agno import Agno
from migrate.adapters.python.base import PythonAdapter
from migrate.adapters.python.langchain import LangChain
from migrate.adapters.python.openai_sdk import CHAT_METHODS, OpenAISdk, is_chat_method
from migrate.adapters.python.pydantic_ai import PydanticAI
from migrate.adapters.python.raw_request import RawRequest
from migrate.api import check_source, fix_source
from migrate.registry import PYTHON_ADAPTERS


def test_only_agno_openai_raw_bodies_langchain_and_pydantic_ai_override_the_hooks() -> None:
    explicit = {a for a in PYTHON_ADAPTERS if a.explicit_thinking is not PythonAdapter.explicit_thinking}
    hazards = {a for a in PYTHON_ADAPTERS if a.hazards is not PythonAdapter.hazards}
    # openai: FIM has no thinking mode; raw bodies: `create(**body, extra_body=...)` sets it at the call
    assert explicit == {Agno, OpenAISdk, RawRequest}
    assert hazards == {LangChain, PydanticAI}


def test_agno_use_thinking_is_read_as_a_keyword() -> None:
    spaced = (
        "from agno.models.deepseek import DeepSeek\n"
        'model = DeepSeek(id="deepseek-v4-flash", use_thinking = False, temperature=0.2)\n'
    )
    assert [f.code for f in check_source(spaced).findings] == []
    enabled = spaced.replace("use_thinking = False", "use_thinking=True")
    assert [f.code for f in check_source(enabled).findings] == ["DSM306"]


def test_with_structured_output_is_not_a_hazard_of_other_clients() -> None:
    """The LangChain hook speaks for LangChain models only; the no-op twin is an openai call."""
    langchain = (
        "from langchain_deepseek import ChatDeepSeek\n"
        'llm = ChatDeepSeek(model="deepseek-reasoner")\ns = llm.with_structured_output(A)\n'
    )
    assert "DSM305" in [f.code for f in check_source(langchain).findings]
    other = 'llm = client.chat.completions.create(model="deepseek-reasoner", messages=[])\nllm.with_structured_output(A)\n'
    assert "DSM305" not in [f.code for f in check_source(other).findings]


def test_raw_body_uses_the_openai_adapter_method_table() -> None:
    assert all(is_chat_method("client." + m) for m in CHAT_METHODS)
    assert not is_chat_method("client.responses.create")
    source = 'body = {"model": "deepseek-chat", "messages": m}\nclient.chat.completions.with_raw_response.create(**body)\n'
    assert fix_source(source) == (
        'body = {"model": "deepseek-v4-flash", "messages": m, "extra_body": {"thinking": {"type": "disabled"}}}\n'
        "client.chat.completions.with_raw_response.create(**body)\n"
    )


def test_one_extra_body_merge_for_every_client() -> None:
    """openai and langchain merge ``extra_body`` with the helper every other client uses (one wording)."""
    source = (
        "from openai import OpenAI\nclient = OpenAI()\n"
        'client.chat.completions.create(model="deepseek-chat", messages=[], extra_body={**BASE})\n'
    )
    (finding,) = check_source(source).findings
    assert finding.fix is not None and finding.fix.applicability.value == "unsafe"
    assert "extra_body also unpacks another mapping that may set 'thinking'" in finding.message
    assert fix_source(source, unsafe=True).endswith(
        'extra_body={**BASE, "thinking": {"type": "disabled"}})\n'
    )


def test_config_messages_are_one_line_and_explain_has_the_client_spellings() -> None:
    """Issue 17.2: the message says what the body carries; ``explain`` how each client spells it,
    taken from the adapters (``by_hand``)."""
    from migrate.adapters.files.config_values import thinking_how
    from migrate.adapters.files.docs_files import DocsAdapter
    from migrate.adapters.files.env_files import EnvFileAdapter
    from migrate.adapters.files.text_files import TextFileAdapter
    from migrate.adapters.python.anthropic_sdk import AnthropicSdk
    from migrate.adapters.python.openai_sdk import OpenAISdk
    from migrate.model import Thinking

    assert {a for a in PYTHON_ADAPTERS if a.by_hand(Thinking.DISABLED) is not None} == {
        OpenAISdk,
        AnthropicSdk,
    }
    assert thinking_how(Thinking.DISABLED) == 'send "thinking": {"type": "disabled"} in the request body'
    for rule in (EnvFileAdapter, DocsAdapter, TextFileAdapter):
        doc = rule.documentation()
        assert doc.index("## What it does") < doc.index("## Fix safety") < doc.index("## Thinking, client")
        assert doc.endswith(
            '- openai SDK: `extra_body={"thinking": {"type": "disabled"}}`\n'
            '- anthropic SDK: `thinking={"type": "disabled"}`'
        ), rule
