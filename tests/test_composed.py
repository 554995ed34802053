"""Model names composed at run time, dead stores, and the prefilter that must let both through."""

from __future__ import annotations

import pytest

from migrate.api import check_source
from migrate.engine import Settings
from migrate.report_rules.python_strings import ComposedModelName, OtherHost, RetiredModelText
from migrate.rulepack import load_rules

HEAD = 'from openai import OpenAI\nc = OpenAI(base_url="https://api.deepseek.com")\n'
CALL = "c.chat.completions.create(model={}, messages=[])\n"

# (model expression, lines before the call, expected codes, fixed model expression or None)
SHAPES = [
    ('f"deepseek-chat"', "", ["DSM101"], 'f"deepseek-v4-flash"'),
    ("f'deepseek-reasoner'", "", ["DSM101"], "f'deepseek-v4-flash'"),
    ('"deepseek-" "reasoner"', "", ["DSM101"], '"deepseek-v4-flash"'),
    ('"deepseek-" + "chat"', "", ["DSM101"], '"deepseek-v4-flash"'),
    ('"deepseek/" "deepseek-chat"', "", [OtherHost.CODE], None),  # as the literal: OpenRouter-style
    ('f"deepseek-{mode}"', 'mode = "chat"\n', ["DSM101"], None),
    ('"deepseek-%s" % mode', 'mode = "reasoner"\n', ["DSM101"], None),
    ('"deepseek-{}".format(mode)', 'mode = "chat"\n', ["DSM101"], None),
    ('"deepseek-{m}".format(m=mode)', 'mode = "chat"\n', ["DSM101"], None),
    ('"deepseek-" + mode', 'mode = "chat" if x else "reasoner"\n', ["DSM101"], None),
    ('"{}/deepseek-reasoner".format(p)', "p = input()\n", ["DSM101"], None),
    ('f"{p}/deepseek-chat"', 'p = "openrouter"\n', [OtherHost.CODE], None),
    ('f"deepseek-{mode}"', "mode = input()\n", [ComposedModelName.CODE], None),
    ('"deepseek-" + mode', "mode = input()\n", [ComposedModelName.CODE], None),
]
TWINS = [
    ('f"deepseek-v4-flash"', ""),
    ('"deepseek-chat" "-v3-0324"', ""),
    ('f"deepseek-{mode}"', 'mode = "v4-flash"\n'),
    ('f"gpt-{mode}"', "mode = input()\n"),
    ('f"{mode}"', "mode = input()\n"),
    ('"deepseek-v4-" + size', "size = input()\n"),
    ('"{}/deepseek-v4-pro".format(p)', "p = input()\n"),
]


@pytest.mark.parametrize(("expr", "before", "codes", "fixed"), SHAPES)
def test_composed_shapes(expr: str, before: str, codes: list[str], fixed: str | None) -> None:
    source = HEAD + "x = 1\n" + before + CALL.format(expr)
    result = check_source(source, apply=True)
    found = [f.code for f in result.findings if f.code not in ("DSM198", "DSM302")]
    assert found == codes, [f.message for f in result.findings]
    if fixed is None:
        assert result.fixed is None
    else:
        assert result.fixed is not None and CALL.format(fixed).rstrip(")\n") in result.fixed


def test_composed_names_the_combination() -> None:
    source = HEAD + 'mode = "chat"\n' + CALL.format('f"deepseek-{mode}"')
    (finding,) = [f for f in check_source(source).findings if f.code == "DSM101"]
    assert '`mode` = "chat" (line 3)' in finding.message and "`deepseek-chat`" in finding.message
    assert finding.fix is not None and finding.fix.applicability.value == "unsafe"


@pytest.mark.parametrize(("expr", "before"), TWINS)
def test_composed_twins(expr: str, before: str) -> None:
    source = HEAD + "x = 1\n" + before + CALL.format(expr)
    result = check_source(source, apply=True, unsafe=True)
    assert [f.code for f in result.findings if f.severity.value != "info" and f.code != "DSM302"] == []


def test_comment_between_parts_is_unsafe() -> None:
    source = HEAD + CALL.format('(\n    "deepseek-"  # family\n    "chat"\n)')
    assert check_source(source, apply=True).fixed is None
    fixed = check_source(source, apply=True, unsafe=True).fixed
    assert fixed is not None and '"deepseek-v4-flash"' in fixed


def test_composed_to_another_host_is_left_alone() -> None:
    source = (
        'from openai import OpenAI\nc = OpenAI(base_url="https://openrouter.ai/api/v1")\nmode = "chat"\n'
        + CALL.format('f"deepseek-{mode}"')
    )
    assert [f.code for f in check_source(source).findings] == [OtherHost.CODE]


def test_unknown_host_is_not_other() -> None:
    source = (
        'import os\nfrom openai import OpenAI\nc = OpenAI(base_url=os.environ["URL"])\nmode = "chat"\n'
        + CALL.format('f"deepseek-{mode}"')
    )
    assert [f.code for f in check_source(source).findings] == ["DSM101"]


DEAD = HEAD + 'model = "deepseek-chat"\nmodel = "deepseek-v4-flash"\n' + CALL.format("model")


def test_overwritten_assignment_is_a_mention() -> None:
    findings = check_source(DEAD).findings
    assert [(f.code, f.line) for f in findings if f.code != "DSM302"] == [(RetiredModelText.CODE, 3)]


@pytest.mark.parametrize(
    "between",
    [
        "if x:\n    model = 'deepseek-v4-flash'\n",
        "for _ in range(3):\n    model = 'deepseek-v4-flash'\n",
        "try:\n    model = 'deepseek-v4-flash'\nexcept Exception:\n    pass\n",
    ],
)
def test_conditional_overwrite_still_reaches(between: str) -> None:
    source = HEAD + 'model = "deepseek-chat"\n' + between + CALL.format("model")
    assert "DSM101" in {f.code for f in check_source(source).findings}


def test_overwrite_after_the_read_does_not_count() -> None:
    source = HEAD + 'model = "deepseek-chat"\n' + CALL.format("model") + 'model = "deepseek-v4-flash"\n'
    assert "DSM101" in {f.code for f in check_source(source).findings}


def test_read_in_a_later_function_sees_only_the_overwrite() -> None:
    source = (
        HEAD
        + 'model = "deepseek-chat"\nmodel = "deepseek-v4-flash"\n\n\ndef ask():\n    '
        + CALL.format("model")
    )
    assert "DSM101" not in {f.code for f in check_source(source).findings}


PREFILTER_SHAPES = [
    b'm = "deepseek-" "reasoner"\n',
    b"m = 'deepseek-' 'chat'\n",
    b'mode = "chat"\nm = f"deepseek-{mode}"\n',
    b'm = "deepseek-%s" % mode\n',
    b'm = "deepseek-{}".format(mode)\n',
    b'm = "deepseek-" + mode\n',
]


def test_prefilter_lets_composed_names_through() -> None:
    settings = Settings(rules=load_rules())
    test = settings.prefilter_test()
    for data in PREFILTER_SHAPES:
        assert test(data) and settings.prefilter().search(data), data
    for data in (b"import os\n", b'm = "deepseek-coder"\n', b"# deepseek-ai/DeepSeek-V3\n"):
        assert not test(data) and not settings.prefilter().search(data), data


def test_single_literal_part_gets_an_unsafe_fix() -> None:
    source = HEAD + 'mode = "chat"\n' + CALL.format('f"deepseek-{mode}"')
    assert check_source(source, apply=True).fixed is None
    fixed = check_source(source, apply=True, unsafe=True).fixed
    assert fixed is not None and 'mode = "v4-flash"\n' in fixed and '"disabled"' in fixed


@pytest.mark.parametrize(
    ("before", "expr"),
    [
        ('mode = "chat"\nprint(mode)\n', 'f"deepseek-{mode}"'),  # the part is read elsewhere
        ('mode = "chat" if x else "reasoner"\n', 'f"deepseek-{mode}"'),  # two values
        ("p = input()\n", 'f"{p}/deepseek-chat"'),  # the prefix is unknown
    ],
)
def test_no_part_fix_when_the_part_is_shared(before: str, expr: str) -> None:
    source = HEAD + before + CALL.format(expr)
    result = check_source(source, apply=True, unsafe=True)
    assert "DSM101" in {f.code for f in result.findings}
    assert result.fixed is None


def test_fstring_of_one_name_is_its_value() -> None:
    source = HEAD + 'm = "deepseek-reasoner"\n' + CALL.format('f"{m}"')
    fixed = check_source(source, apply=True, unsafe=True).fixed
    assert fixed is not None and 'm = "deepseek-v4-flash"' in fixed


def test_read_after_the_overwrite_does_not_make_the_fix_unsafe() -> None:
    source = HEAD + 'model = "deepseek-chat"\n' + CALL.format("model") + 'model = "deepseek-v4-flash"\n'
    source += CALL.format("model")
    (finding,) = [f for f in check_source(source).findings if f.code == "DSM101"]
    assert finding.fix is not None and finding.fix.applicability.value == "safe", finding.message


def test_both_retired_names_from_one_composition_need_a_hand() -> None:
    source = HEAD + "x = 1\n" + CALL.format('"deepseek-" + ("reasoner" if x else "chat")')
    (finding,) = [f for f in check_source(source, apply=True, unsafe=True).findings if f.code == "DSM101"]
    assert finding.fix is None and "different thinking modes" in finding.message
    assert 'the part "reasoner" (line 4)' in finding.message


@pytest.mark.parametrize(
    ("path", "source"),
    [
        ("a.py", "# 使用deepseek-chat模型\nx = 1\n"),
        ("a.md", "# 说明\n\n使用deepseek-chat模型\n"),
        ("a.yaml", "note: 使用deepseek-chat模型\n"),
        ("a.toml", 'note = "使用deepseek-chat模型"\n'),
        ("a.json", '{"note": "使用deepseek-chat模型"}\n'),
        (".env", "NOTE=使用deepseek-chat模型\n"),
        ("a.txt", "使用deepseek-chat模型\n"),
    ],
)
def test_cjk_neighbours_in_every_file_kind(path: str, source: str) -> None:
    from migrate.kinds import file_kind

    kind = file_kind(path)
    assert kind is not None
    findings = check_source(source, path=path, kind=kind).findings
    assert [f.old for f in findings] == ["deepseek-chat"], [f.message for f in findings]


def test_name_in_the_literal_part_is_renamed_there() -> None:
    source = (
        'import litellm\nPROVIDER = "deepseek"\nprint(PROVIDER)\n'
        'litellm.completion(model=f"{PROVIDER}/deepseek-chat", messages=[])\n'
    )
    result = check_source(source, apply=True, unsafe=True)
    (finding,) = [f for f in result.findings if f.code == "DSM112"]
    assert finding.fix is not None and finding.fix.applicability.value == "unsafe"
    assert result.fixed is not None and 'f"{PROVIDER}/deepseek-v4-flash"' in result.fixed
    other = source.replace('PROVIDER = "deepseek"', 'PROVIDER = "openrouter" if x else "deepseek"')
    assert check_source(other, apply=True, unsafe=True).fixed is None
