"""Tests on a fragment of a retired name that silently stop matching once the name is ``deepseek-v4-flash``.

``"reasoner" in model``, ``model.startswith("deepseek-r")``, ``re.match(r"deepseek-(chat|reasoner)", m)``:
after the migration both modes share one name, so such a test gives the other
answer and the branch it guards runs for the wrong calls (or never). The full
names compared with ``==``, ``in (...)``, ``match``/``case`` and
``.startswith("deepseek-chat")`` are :class:`RetiredModelComparison`'s; this
rule reports the pieces and patterns. Source of truth:
https://api-docs.deepseek.com/guides/thinking_mode (thinking is a request
parameter, not a model name).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import libcst as cst

from migrate.adapters.base import Invalid, Rule, Valid
from migrate.model import Report, Severity
from migrate.python.analysis import Module, dotted, string_value
from migrate.python.fragment_gate import (
    REASONER,
    REGEX_TESTS,
    TEST_METHODS,
    names_deepseek,
    text_may_test_fragments,
)

# How a test reads its string: the values of ``s in x`` / ``x.find(s)``, a prefix, a suffix.
CONTAINS, PREFIX, SUFFIX = "contains", "prefix", "suffix"
METHOD_MODES = {"startswith": PREFIX, "endswith": SUFFIX} | {
    m: CONTAINS for m in TEST_METHODS if m not in ("startswith", "endswith")
}
RE_FUNCTIONS = frozenset(f"re.{name}" for name in REGEX_TESTS)
# Calls on the tested value that keep it a model name (``model.lower().startswith(...)``).
SAME_VALUE = frozenset({"lower", "casefold", "strip", "lstrip", "rstrip", "split", "rsplit"})
CASE_FOLDS = frozenset({"lower", "casefold"})
# A regex pattern is read only when it spells one of these (``deepseek-(chat|reasoner)``, ``^deepseek-r``).
PATTERN_WORDS = ("deepseek", "reasoner", "chat")
# A fragment shorter than this is not taken for a piece of a model name.
MIN_FRAGMENT = 4
MODEL_WORDS = frozenset({"model", "llm", "engine"})
# The last word of a name that holds something else than one model name (``model_kwargs``, ``model_type``,
# ``models``, ``model_output``): ``"reasoner" in model_kwargs`` tests a key, ``in model_output`` a text.
NOT_A_NAME = frozenset({
    "kwargs", "args", "params", "parameters", "config", "configs", "cfg", "conf", "settings", "options",
    "opts", "type", "types", "kind", "class", "cls", "path", "paths", "dir", "file", "files", "url", "urls",
    "list", "dict", "map", "mapping", "table", "names", "ids", "keys", "models", "llms", "engines",
    "messages", "message", "prompt", "prompts", "provider", "providers", "family", "families", "task",
    "format", "dtype", "registry", "cache", "client", "clients", "instance", "obj", "info", "data", "meta",
    "metadata", "spec", "card", "tokenizer", "output", "outputs", "response", "responses", "result",
    "results", "text", "content", "input", "inputs", "state", "tags", "capabilities", "features", "size",
    "count",
})  # fmt: skip
_WORDS = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")


class FragmentModelTest(Rule):
    """
    ## What it does
    Finds code that tests a model name by a fragment or a pattern of a retired
    name: `"reasoner" in model`, `model.endswith("reasoner")`,
    `model.lower().startswith("deepseek-r")`, `model.find("chat")`,
    `re.match(r"deepseek-(chat|reasoner)", model_name)`. The tested value must
    look like a model name (a variable, attribute or key named `model`, `llm`
    or `engine`, or one that holds a model name literal); a fragment without
    `reasoner` counts only in a module that spells `deepseek-`. A test whose
    condition keeps its answer (`"llama2" in model and "chat" in model`,
    `"reasoner" in m or "v4" in m`), or that sits under an `if` the retired
    name never passes, is not reported.

    ## Why is this bad?
    Both retired names become `deepseek-v4-flash`, which holds none of these
    fragments: `"reasoner" in model` is False after the migration, so the
    reasoning branch (read `reasoning_content`, drop `temperature`, raise
    `max_tokens`) silently stops running; `"reasoner" not in model` becomes
    True for every call. Nothing fails: the code just takes the other branch.

    ## Example
    ```python
    if "reasoner" in model:
        answer = msg.reasoning_content
    ```
    Use instead:
    ```python
    if thinking:  # the mode the request sends
        answer = msg.reasoning_content
    ```

    ## Fix safety
    Never fixed. Test the thinking mode the request sends (carry a `thinking`
    flag next to the model name) instead of the model name.
    """

    CODE = "DSM309"
    NAME = "retired-model-fragment-test"
    SEVERITY = Severity.WARNING
    VALID = (
        Valid('if "chat" in path:\n    url = base + "/chat/completions"\n', id="DSM309-url-path"),
        Valid('import deepseek\nif "reasoner" in text:\n    print(text)\n', id="DSM309-text-not-a-model"),
        Valid('if model.startswith("deepseek-v4"):\n    pass\n', id="DSM309-v4-prefix"),
        Valid('if "deepseek" in model_name:\n    pass\n', id="DSM309-shared-prefix"),
        Valid('if "chat" in model_name:\n    template = CHAT\n', id="DSM309-chat-without-deepseek"),
        Valid('# DeepSeek\nif "reasoner" in model_kwargs:\n    pass\n', id="DSM309-kwargs-dict"),
        Valid('import re\n# deepseek\nif re.search(r"deepseek", model):\n    pass\n', id="DSM309-regex-both"),
        Valid('if "flash" in model:\n    pass\n', id="DSM309-new-name-fragment"),
        Valid('if model == "deepseek-reasoner":\n    pass\n', id="DSM309-full-name-is-dsm301"),
    )  # fmt: skip
    INVALID = (
        Invalid(
            'if "reasoner" in model:\n    answer = msg.reasoning_content\n',
            None,
            applicability=None,
            message="but False for `deepseek-v4-flash`",
            range=(1, 4, 1, 14),
            id="DSM309-in",
        ),
        Invalid(
            'if "reasoner" not in self.model_name:\n    kwargs["temperature"] = 0.2\n',
            None,
            applicability=None,
            message="but True for `deepseek-v4-flash`",
            range=(1, 4, 1, 14),
            id="DSM309-not-in",
        ),
        Invalid(
            '# DeepSeek models\nis_chat = config["model"].lower().startswith("deepseek-c")\n',
            None,
            applicability=None,
            message="deepseek-chat",
            range=(2, 46, 2, 58),
            id="DSM309-lower-startswith",
        ),
        Invalid(
            'def thinks(model: str) -> bool:\n    return model.endswith(("reasoner", "-r1"))\n',
            None,
            applicability=None,
            range=(2, 28, 2, 38),
            id="DSM309-endswith-tuple",
        ),
        Invalid(
            'import re\nif re.match(r"deepseek-(chat|reasoner)$", llm_model):\n    pass\n',
            None,
            applicability=None,
            message="deepseek-reasoner",
            range=(2, 13, 2, 41),
            id="DSM309-regex",
        ),
        Invalid(
            'MODEL = "deepseek-v4-flash"\nm = MODEL\nif m.find("-chat") >= 0:\n    pass\n',
            None,
            applicability=None,
            range=(3, 11, 3, 18),
            id="DSM309-known-model-value",
        ),
    )


@dataclass(frozen=True)
class _Test:
    """One fragment test: the string, how the test reads it, and the value it is tested against."""

    node: cst.SimpleString
    mode: str  # CONTAINS, PREFIX, SUFFIX, or a regex function name
    subject: cst.BaseExpression
    test: cst.CSTNode  # the whole test, for the message
    negated: bool = False


def fragment_reports(module: Module) -> Iterator[Report]:
    if not text_may_test_fragments(module.text):
        return
    deepseek = names_deepseek(module.text)
    olds = tuple(module.rules.renames)
    for node in module.strings:
        if node in module.literals:
            continue  # a whole model name: the comparison rules' case
        value = string_value(node)
        if value is None or (REASONER not in value and not deepseek):
            continue
        if not any(value in old for old in olds) and not any(w in value.lower() for w in PATTERN_WORDS):
            continue  # neither a piece of a retired name nor a pattern that names one
        named = "deepseek-" in value.lower()
        for test in _tests_of(module, node):
            folded = _model_value(module, test.subject, named)
            if folded is None:
                continue
            changed = [
                c for c in _changed(module, test, value, folded) if _still_differs(module, test, c[0], c[1])
            ]
            if changed:
                yield _report(module, test, changed)
                break  # one report per string


def _tests_of(module: Module, node: cst.SimpleString) -> list[_Test]:
    one = _test_of(module, node)
    if one is not None:
        return [one]
    # PATTERN = re.compile("..."), then PATTERN.match(model) elsewhere
    arg = module.parent(node)
    call = module.parent(arg) if isinstance(arg, cst.Arg) else None
    if not (
        isinstance(call, cst.Call)
        and call.args
        and call.args[0] is arg
        and "re.compile" in (module.qualified(call.func) or {dotted(call.func)})
    ):
        return []
    out = []
    for read in module.bound_reads(call) or ():
        outer = module.parent(read)
        used = module.parent(outer) if isinstance(outer, cst.Attribute) else None
        if (
            isinstance(outer, cst.Attribute)
            and outer.attr.value in REGEX_TESTS
            and isinstance(used, cst.Call)
            and used.func is outer
            and used.args
        ):
            out.append(_Test(node, outer.attr.value, used.args[0].value, used))
    return out


def _test_of(module: Module, node: cst.SimpleString) -> _Test | None:
    parent = module.parent(node)
    if isinstance(parent, cst.Comparison) and parent.left is node and len(parent.comparisons) == 1:
        target = parent.comparisons[0]
        if isinstance(target.operator, (cst.In, cst.NotIn)):
            return _Test(node, CONTAINS, target.comparator, parent, isinstance(target.operator, cst.NotIn))
        return None
    element = parent if isinstance(parent, cst.Element) else None
    if element is not None:
        parent = module.parent(element)
        if not isinstance(parent, cst.Tuple):
            return None
        parent = module.parent(parent)
    if not isinstance(parent, cst.Arg):
        return None
    call = module.parent(parent)
    if not isinstance(call, cst.Call) or not call.args or call.args[0] is not parent:
        return None
    func = call.func
    if isinstance(func, cst.Attribute) and func.attr.value in METHOD_MODES and parent.keyword is None:
        mode = METHOD_MODES[func.attr.value]
        if element is not None and mode == CONTAINS:
            return None  # only startswith / endswith take a tuple
        return _Test(node, mode, func.value, call)
    if element is not None:
        return None
    names = module.qualified(func) or frozenset({dotted(func)})
    if names & RE_FUNCTIONS and len(call.args) > 1:
        return _Test(node, _function(names), call.args[1].value, call)
    # re.compile(pattern).match(model)
    outer = module.parent(call)
    if (
        names & {"re.compile"}
        and isinstance(outer, cst.Attribute)
        and outer.attr.value in REGEX_TESTS
        and isinstance(module.parent(outer), cst.Call)
    ):
        used = module.parent(outer)
        assert isinstance(used, cst.Call)
        if used.func is outer and used.args:
            return _Test(node, outer.attr.value, used.args[0].value, used)
    return None


def _function(names: frozenset[str]) -> str:
    return next(name for name in sorted(names) if name in RE_FUNCTIONS).removeprefix("re.")


def _model_value(module: Module, expr: cst.BaseExpression, named: bool = False) -> bool | None:
    """Whether ``expr`` holds a model name: False when it does as written, True when lower-cased
    first (``model.lower()``); None when it does not look like a model name. When the test itself
    spells ``deepseek-`` (``named``), a one- or two-letter name (``m``) or a ``name`` / ``id`` will do."""
    folded = False
    while True:
        if (
            isinstance(expr, cst.Call)
            and isinstance(expr.func, cst.Attribute)
            and expr.func.attr.value in SAME_VALUE
        ):
            folded = folded or expr.func.attr.value in CASE_FOLDS
            expr = expr.func.value
        elif isinstance(expr, cst.Call) and dotted(expr.func) == "str" and len(expr.args) == 1:
            expr = expr.args[0].value
        else:
            break
    if isinstance(expr, cst.Name):
        if (
            _model_word(expr.value)
            or (named and (len(expr.value) <= 2 or _words(expr.value)[-1:] in (["name"], ["id"])))
            or any(lit for lit in module.values(expr).literals)
        ):
            return folded
    elif isinstance(expr, cst.Attribute):
        if (
            _model_word(expr.attr.value)
            or (named and _words(expr.attr.value)[-1:] in (["name"], ["id"]))
            or (
                _words(expr.attr.value)[-1:] in (["name"], ["id"])
                and _model_word(dotted(expr.value).rsplit(".", 1)[-1])
            )
        ):
            return folded
    elif isinstance(expr, cst.Subscript) and len(expr.slice) == 1:
        index = expr.slice[0].slice
        if isinstance(index, cst.Index) and _model_word(string_value(index.value) or ""):
            return folded
    elif (
        isinstance(expr, cst.Call)
        and isinstance(expr.func, cst.Attribute)
        and expr.func.attr.value == "get"
        and expr.args
    ) or (isinstance(expr, cst.Call) and dotted(expr.func) in ("os.getenv", "getenv") and expr.args):
        assert isinstance(expr, cst.Call)
        if _model_word(string_value(expr.args[0].value) or ""):
            return folded
    return None


def _words(name: str) -> list[str]:
    return [w.lower() for w in _WORDS.findall(name)]


def _model_word(name: str) -> bool:
    """``model``, ``model_name``, ``llmModel``, ``DEEPSEEK_MODEL``, ``model_to_use``, ``engine``;
    not ``model_kwargs``, ``model_type`` or ``models``."""
    words = _words(name)
    return bool(words) and bool(MODEL_WORDS & set(words)) and words[-1] not in NOT_A_NAME


def _changed(module: Module, test: _Test, value: str, folded: bool) -> list[tuple[str, str, bool]]:
    """(retired name, its new name, the test's answer for the retired name) where the answer changes."""
    if test.mode in (CONTAINS, PREFIX, SUFFIX) and len(value) < MIN_FRAGMENT:
        return []
    regex = None
    if test.mode in REGEX_TESTS:
        try:
            regex = re.compile(value, _flags(module, test))
        except (re.error, OverflowError, RecursionError):
            return []
    out = []
    for old, rename in module.rules.renames.items():
        new = rename.new
        if regex is not None:
            before = getattr(regex, test.mode)(old) is not None
            after = getattr(regex, test.mode)(new) is not None
        else:
            before, after = (_holds(test.mode, value, name) for name in (old, new))
        if folded and value != value.lower():
            before = False  # an upper-case fragment never matches a lower-cased name
        if before and not after:  # a piece of the retired name, not of the new one
            out.append((old, new, not test.negated))
    return out


def _holds(mode: str, fragment: str, name: str) -> bool:
    if mode == PREFIX:
        return name.startswith(fragment)
    if mode == SUFFIX:
        return name.endswith(fragment)
    return fragment in name


def _flags(module: Module, test: _Test) -> int:
    """``re.IGNORECASE`` when the call passes it (the rest of the call's text, the pattern left out)."""
    rest = module.source(test.test).replace(module.source(test.node), "", 1)
    return re.IGNORECASE if re.search(r"\b(?:I|IGNORECASE)\b", rest) else 0


def _report(module: Module, test: _Test, changed: list[tuple[str, str, bool]]) -> Report:
    start, end = module.span(test.node)
    shown = " ".join(module.source(test.test).split())
    shown = shown if len(shown) <= 60 else shown[:59] + "…"
    _, new, before = changed[0]
    olds = " and ".join(f"`{o}`" for o, _, _ in changed)
    if test.mode in REGEX_TESTS:
        what = f"matches {olds} but not `{new}`: after the migration this test silently changes answer"
    else:
        verdict = "stops running" if before else "now runs for every call"
        what = (
            f"is {before} for {olds} but {not before} for `{new}`: after the migration this test "
            f"silently changes answer and the branch it guards {verdict}"
        )
    message = f"`{shown}` {what}; test the thinking mode the request sends instead of the model name"
    return FragmentModelTest.report(start=start, end=end, message=message)


def _still_differs(module: Module, test: _Test, old: str, new: str) -> bool:
    """Whether the condition around the test still answers differently for ``old`` and ``new``:
    not when the other operands decide it (``"llama2" in model and "chat" in model``, ``"reasoner" in m
    or "v4" in m``), nor when an enclosing ``if`` never lets ``old`` reach it (``if "mpt" in model:``)."""
    top: cst.CSTNode = test.test
    parent = module.parent(top)
    while isinstance(parent, cst.BooleanOperation) or (
        isinstance(parent, cst.UnaryOperation) and isinstance(parent.operator, cst.Not)
    ):
        top, parent = parent, module.parent(parent)
    before, after = _safe_answer(module, top, old), _safe_answer(module, top, new)
    if before is not None and before == after:
        return False
    child = top
    for node in module.ancestors(top):
        if isinstance(node, (cst.If, cst.IfExp)) and child is not node.test:
            guard = _safe_answer(module, node.test, old)
            if guard is (child is not node.body):  # never reached with the retired name
                return False
        if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            break
        child = node
    return True


def _safe_answer(module: Module, expr: cst.CSTNode, name: str) -> bool | None:
    try:
        return _answer(module, expr, name)
    except RecursionError:  # a chain of hundreds of ``or``: unknown, so the test is reported
        return None


def _answer(module: Module, expr: cst.CSTNode, name: str) -> bool | None:
    """What a condition made of model-name tests answers when the model is ``name``; None when unknown."""
    if isinstance(expr, cst.BooleanOperation):
        left, right = _answer(module, expr.left, name), _answer(module, expr.right, name)
        if isinstance(expr.operator, cst.And):
            return False if False in (left, right) else (True if left and right else None)
        return True if True in (left, right) else (False if left is False and right is False else None)
    if isinstance(expr, cst.UnaryOperation) and isinstance(expr.operator, cst.Not):
        inner = _answer(module, expr.expression, name)
        return None if inner is None else not inner
    if isinstance(expr, cst.Comparison) and len(expr.comparisons) == 1:
        return _comparison(module, expr, name)
    if isinstance(expr, cst.Call):
        return _call(module, expr, name)
    return None


def _comparison(module: Module, expr: cst.Comparison, name: str) -> bool | None:
    target = expr.comparisons[0]
    op, left, right = target.operator, expr.left, target.comparator
    value = string_value(left)
    if isinstance(op, (cst.In, cst.NotIn)):
        if value is not None:
            folded = _model_value(module, right)
            found = None if folded is None else _holds(CONTAINS, value, name)
        else:
            options = _strings(right)
            found = None if options is None or _model_value(module, left) is None else name in options
        return None if found is None else found is isinstance(op, cst.In)
    if isinstance(op, (cst.Equal, cst.NotEqual)):
        value, subject = (value, right) if value is not None else (string_value(right), left)
        if value is None or _model_value(module, subject) is None:
            return None
        return (value == name) is isinstance(op, cst.Equal)
    return None


def _call(module: Module, call: cst.Call, name: str) -> bool | None:
    func = call.func
    if not call.args:
        return None
    if isinstance(func, cst.Attribute) and func.attr.value in METHOD_MODES:
        if _model_value(module, func.value) is None:
            return None
        options = _strings(call.args[0].value)
        if options is None or (func.attr.value not in ("startswith", "endswith") and len(options) != 1):
            return None
        return any(_holds(METHOD_MODES[func.attr.value], o, name) for o in options)
    names = module.qualified(func) or frozenset({dotted(func)})
    pattern = string_value(call.args[0].value)
    if names & RE_FUNCTIONS and len(call.args) > 1 and pattern is not None:
        if _model_value(module, call.args[1].value) is None:
            return None
        try:
            regex = re.compile(pattern)
        except (re.error, OverflowError, RecursionError):
            return None
        return getattr(regex, _function(names))(name) is not None
    return None


def _strings(expr: cst.BaseExpression) -> list[str] | None:
    """The values of a string or of a tuple, list or set of strings; None for anything else."""
    single = string_value(expr)
    if single is not None:
        return [single]
    if isinstance(expr, (cst.Tuple, cst.List, cst.Set)):
        values = [string_value(e.value) for e in expr.elements if isinstance(e, cst.Element)]
        if len(values) == len(expr.elements) and all(v is not None for v in values):
            return [v for v in values if v is not None]
    return None
