"""Issue 15: the thinking-mode hazards stay off FIM requests; inserted keywords follow their siblings' indent."""

from __future__ import annotations

from migrate.api import check_source, fix_source

FIM = """\
from openai import OpenAI

client = OpenAI(api_key=KEY, base_url="https://api.deepseek.com/beta")


def complete(prefix: str, suffix: str) -> str:
    response = client.{method}(
        model="{model}",
        prompt=prefix,
        suffix=suffix,
        max_tokens=128,
        temperature=0.0,
    )
    return response.choices[0].text
"""

CHAT = FIM.replace("client.{method}(", "client.chat.completions.create(").replace(
    "prompt=prefix,\n        suffix=suffix,", 'messages=[{{"role": "user", "content": prefix + suffix}}],'
)


def _codes(source: str) -> list[str]:
    return sorted(f.code for f in check_source(source).findings)


def test_fim_requests_have_no_thinking_mode_hazards() -> None:
    for method in ("completions.create", "beta.completions.create"):
        assert _codes(FIM.format(method=method, model="deepseek-reasoner")) == ["DSM101"]
        assert _codes(FIM.format(method=method, model="deepseek-v4-flash")) == []


def test_the_same_parameters_on_a_chat_request_still_warn() -> None:
    assert _codes(CHAT.format(model="deepseek-reasoner")) == ["DSM101", "DSM306", "DSM306"]
    assert _codes(CHAT.format(model="deepseek-v4-flash")) == ["DSM302", "DSM306", "DSM306"]


HANGING = """\
from openai import OpenAI

client = OpenAI(base_url="https://api.deepseek.com")
reply = client.chat.completions.create(model="deepseek-chat", messages=history,
    # stream=True,
)
"""


def test_a_keyword_after_arguments_on_the_opening_line_takes_the_indent_of_the_line_below() -> None:
    assert fix_source(HANGING) == HANGING.replace("deepseek-chat", "deepseek-v4-flash").replace(
        "messages=history,\n", 'messages=history,\n    extra_body={"thinking": {"type": "disabled"}},\n'
    )


def test_a_keyword_after_opening_line_arguments_aligns_with_them_when_only_the_bracket_follows() -> None:
    source = HANGING.replace("    # stream=True,\n", "")
    assert fix_source(source) == source.replace("deepseek-chat", "deepseek-v4-flash").replace(
        "messages=history,\n",
        'messages=history,\n                                       extra_body={"thinking": {"type": "disabled"}},\n',
    )


def test_arguments_on_their_own_lines_keep_their_indent() -> None:
    source = HANGING.replace("(model=", "(\n    model=").replace(", messages=", ",\n    messages=")
    assert fix_source(source) == source.replace("deepseek-chat", "deepseek-v4-flash").replace(
        "messages=history,\n", 'messages=history,\n    extra_body={"thinking": {"type": "disabled"}},\n'
    )


def _dsm307(source: str) -> list[str]:
    return [f.message for f in check_source(source).findings if f.code == "DSM307"]


def test_rejected_parameters_are_reported_on_retired_names_too_and_not_on_other_hosts() -> None:
    retired = (
        "from openai import OpenAI\n"
        'client = OpenAI(base_url="https://api.deepseek.com")\n'
        "client.chat.completions.create(\n"
        '    model="deepseek-chat",\n'
        "    messages=history,\n"
        '    response_format={"type": "json_schema", "json_schema": {"name": "a", "schema": SCHEMA}},\n'
        '    reasoning_effort="extreme",\n'
        ")\n"
    )
    assert len(_dsm307(retired)) == 2
    other = retired.replace("https://api.deepseek.com", "https://api.openai.com/v1").replace(
        "deepseek-chat", "gpt-4o"
    )
    assert _dsm307(other) == []
    documented = retired.replace(
        '"json_schema", "json_schema": {"name": "a", "schema": SCHEMA}', '"json_object"'
    )
    assert _dsm307(documented.replace('"extreme"', '"high"')) == []


def test_a_thinking_object_and_a_pydantic_ai_thinking_setting_are_not_booleans_on_the_wire() -> None:
    source = (
        "from openai import OpenAI\n"
        'client = OpenAI(base_url="https://api.deepseek.com")\n'
        'client.chat.completions.create(model="deepseek-v4-flash", messages=m, extra_body={"thinking": {"type": "disabled"}})\n'
        "from pydantic_ai import Agent\n"
        'agent = Agent("deepseek:deepseek-v4-flash", model_settings={"thinking": True})\n'
    )
    assert _dsm307(source) == []


AGENT = """\
from pydantic import BaseModel
from pydantic_ai import Agent


class Invoice(BaseModel):
    total: float


extractor = Agent("deepseek:{model}", output_type=Invoice, system_prompt="Extract the invoice.")
"""


def _agent_codes(source: str, target: str | None) -> list[str]:
    from migrate.rulepack import load_rules

    return sorted(f.code for f in check_source(source, rules=load_rules(target=target)).findings)


def test_an_ex_reasoner_output_type_agent_warns_of_the_forced_tool_for_every_target() -> None:
    for target in (None, "deepseek-flash", "deepseek-v4-flash"):
        assert _agent_codes(AGENT.format(model="deepseek-reasoner"), target) == ["DSM113", "DSM305"]


def test_an_ex_chat_agent_or_one_without_output_type_does_not() -> None:
    assert _agent_codes(AGENT.format(model="deepseek-chat"), "deepseek-flash") == ["DSM113"]
    plain = AGENT.replace(", output_type=Invoice", "")
    assert _agent_codes(plain.format(model="deepseek-reasoner"), "deepseek-flash") == ["DSM113"]
