"""Retired names in Python code that no client adapter claimed: the honest-report rules.

These rules never rewrite. They say where a retired name sits, why the tool
cannot fix it safely, and what to do by hand. Source of truth for the hazards:
https://api-docs.deepseek.com/guides/thinking_mode.
"""

from __future__ import annotations

from migrate.adapters.base import Invalid, Rule, Valid
from migrate.model import Severity


class OtherHost(Rule):
    """
    ## What it does
    Reports a retired-looking model name sent to a host that is not DeepSeek's
    own API: a client built with another `base_url` (OpenRouter, Together, a
    local server, Azure...), or an id with another provider's prefix such as
    `openrouter/deepseek/deepseek-chat`.

    ## Why is this bad?
    It may not be. `deepseek/deepseek-chat` is OpenRouter's id for a different,
    still-served model; other gateways keep their own catalogs. DeepSeek's
    retirement does not apply to them, and renaming would break working code.

    ## Example
    ```python
    client = OpenAI(base_url="https://openrouter.ai/api/v1")
    client.chat.completions.create(model="deepseek/deepseek-chat", messages=m)
    ```

    ## Fix safety
    Never fixed. Check the host's own catalog; if the request really goes to
    DeepSeek, point `base_url` at `https://api.deepseek.com` and run again.
    """

    CODE = "DSM103"
    NAME = "retired-model-on-other-host"
    SEVERITY = Severity.WARNING
    VALID = (
        Valid(
            'from mistralai import Mistral\nclient = Mistral(api_key=KEY)\nclient.chat.complete(model="mistral-large-latest", messages=[])\n'
        ),
        Valid(
            'from together import Together\nclient = Together()\nclient.chat.completions.create(model="deepseek-ai/DeepSeek-V3", messages=[])\n'
        ),
    )
    INVALID = (
        Invalid(
            'from openai import OpenAI\nc = OpenAI(base_url="https://openrouter.ai/api/v1")\n'
            'c.chat.completions.create(model="deepseek-chat", messages=[])\n',
            None,
            applicability=None,
            range=(3, 33, 3, 48),
        ),
        Invalid(
            'import os\nfrom openai import OpenAI\nclient = OpenAI(base_url=os.getenv("OPENROUTER_BASE_URL", "https://openrouter.ai/api/v1"))\nclient.chat.completions.create(model="deepseek-chat", messages=[])\n',
            None,
            applicability=None,
            range=(4, 38, 4, 53),
        ),
        Invalid(
            'from mistralai import Mistral\nclient = Mistral(api_key=KEY)\nclient.chat.complete(model="deepseek-chat", messages=[])\n',
            None,
            applicability=None,
            message="(Mistral AI)",
            range=(3, 28, 3, 43),
        ),
    )


class RetiredModelString(Rule):
    """
    ## What it does
    Reports a retired model name that reaches code the tool cannot follow: an
    argument to a function it does not know, a function default, an
    `os.getenv` default, a list or set of model names, an f-string, a value
    returned or stored on an object.

    ## Why is this bad?
    The name fails at the API once it is sent. Where it ends up decides how the
    thinking mode must be spelled (`deepseek-chat` was the non-thinking mode of
    `deepseek-v4-flash`, which thinks by default), and the tool cannot see that
    place, so a rename alone could silently turn thinking on.

    ## Example
    ```python
    def ask(prompt, model="deepseek-chat"):
        return my_wrapper(prompt, model=model)
    ```

    ## Fix safety
    Never fixed. Rename the value to `deepseek-v4-flash` and, where the request
    is made, disable thinking for ex-`deepseek-chat` values (openai SDK:
    `extra_body={"thinking": {"type": "disabled"}}`).
    """

    CODE = "DSM199"
    NAME = "retired-model-string"
    VALID = (Valid('MODELS = ["deepseek-chat-v3-0324", "gpt-4o"]\n'),)
    INVALID = (
        Invalid('MODELS = ["deepseek-chat", "gpt-4o"]\n', None, applicability=None, range=(1, 11, 1, 26)),
        Invalid(
            'params = {"model": "deepseek/deepseek-chat", "messages": []}\nlitellm.completion(**params)\n',
            None,
            applicability=None,
            message="set thinking disabled by hand",
            range=(1, 20, 1, 44),
        ),
    )


class RetiredModelText(Rule):
    """
    ## What it does
    Reports a retired model name in a comment, a docstring, or a longer text
    such as a log message; also a retired name assigned to a variable that is
    assigned again, on every path, before it is read (`model = "deepseek-chat"`
    then `model = "deepseek-v4-flash"`): that value is never sent.

    ## Why is this bad?
    It does not reach an API, but it will mislead readers. Information only:
    it never fails `check`.

    ## Example
    ```python
    # uses deepseek-chat for speed
    ```

    ## Fix safety
    Never fixed in Python sources: comments and prose are the author's words.
    """

    CODE = "DSM198"
    NAME = "retired-model-in-text"
    SEVERITY = Severity.INFO
    INVALID = (
        Invalid("# we call deepseek-chat here\nx = 1\n", None, applicability=None, range=(1, 11, 1, 24)),
    )


class ComposedModelName(Rule):
    """
    ## What it does
    Reports a model name built at run time from a `deepseek-` head and a part
    the tool cannot see (`f"deepseek-{mode}"`, `"deepseek-%s" % mode`,
    `"deepseek-" + mode`), when it is sent to a request that may reach DeepSeek.

    ## Why is this bad?
    `mode` may be `"chat"` or `"reasoner"`: the request then names a retired
    model and fails. When the values of `mode` are visible in the module, a
    combination that makes a retired name is an error of the request's rule
    instead, naming the values.

    ## Example
    ```python
    def ask(mode):
        return client.chat.completions.create(model=f"deepseek-{mode}", messages=m)
    ```

    ## Fix safety
    Never fixed. Check what the part can hold; send `deepseek-v4-flash` and
    carry the thinking mode separately (thinking disabled where it was
    `deepseek-chat`).
    """

    CODE = "DSM197"
    NAME = "composed-model-name"
    SEVERITY = Severity.WARNING
    VALID = (
        Valid(
            'from openai import OpenAI\nc = OpenAI(base_url="https://api.deepseek.com")\n'
            'def ask(size):\n    c.chat.completions.create(model=f"deepseek-v4-{size}", messages=[])\n'
        ),
    )
    INVALID = (
        Invalid(
            'from openai import OpenAI\nc = OpenAI(base_url="https://api.deepseek.com")\n'
            'def ask(mode):\n    c.chat.completions.create(model=f"deepseek-{mode}", messages=[])\n',
            None,
            applicability=None,
            range=(4, 37, 4, 55),
        ),
    )


class RetiredModelComparison(Rule):
    """
    ## What it does
    Reports code that branches on a retired model name: `model == "deepseek-reasoner"`,
    `model in ("deepseek-chat", ...)`, `.startswith("deepseek-chat")`, `match`/`case`.

    ## Why is this bad?
    After the migration both modes share one model name, `deepseek-v4-flash`,
    so a branch that picked behaviour by name (read `reasoning_content`, drop
    `temperature`, raise `max_tokens`) can no longer tell them apart. Renaming
    the literal would send both paths down one branch.

    ## Example
    ```python
    if model == "deepseek-reasoner":
        answer = msg.reasoning_content
    ```

    ## Fix safety
    Never fixed. Carry the thinking mode separately (for example a `thinking`
    flag next to the model name, or read the `thinking` value the call sends)
    and branch on that.
    """

    CODE = "DSM301"
    NAME = "retired-model-comparison"
    SEVERITY = Severity.WARNING
    VALID = (Valid('if model == "gpt-4o":\n    pass\n'),)
    INVALID = (
        Invalid(
            'if model == "deepseek-reasoner":\n    pass\n', None, applicability=None, range=(1, 13, 1, 32)
        ),
        Invalid(
            'if model.startswith("deepseek-chat"):\n    pass\n',
            None,
            applicability=None,
            range=(1, 21, 1, 36),
        ),
        Invalid(
            'import re\nif re.search("deepseek-reasoner", m):\n    pass\n',
            None,
            applicability=None,
            message="pattern",
            range=(2, 14, 2, 33),
        ),
    )


class RetiredModelLookupKey(Rule):
    """
    ## What it does
    Reports dict keys that are retired model names: pricing tables, context
    windows, token limits, base-URL maps, menus of models.

    ## Why is this bad?
    Both retired names become `deepseek-v4-flash`, so renaming the keys makes
    them collide and one entry silently wins. The values are also stale:
    `deepseek-chat` had a 64K/128K context and 8K output; V4 has 1M context and
    384K output.

    ## Example
    ```python
    CONTEXT = {"deepseek-chat": 65536, "deepseek-reasoner": 65536}
    ```

    ## Fix safety
    Never fixed. Key the table by model name *and* thinking mode, or keep one
    `deepseek-v4-flash` entry with V4 values.
    """

    CODE = "DSM303"
    NAME = "retired-model-lookup-key"
    SEVERITY = Severity.WARNING
    VALID = (Valid('PRICES = {"deepseek-v4-flash": 0.28}\n'),)
    INVALID = (
        Invalid(
            'PRICES = {"deepseek-chat": 0.28, "deepseek-reasoner": 2.19}\n',
            None,
            applicability=None,
            range=(1, 11, 1, 26),
        ),
    )


class UnparseableFile(Rule):
    """
    ## What it does
    Reports a file the tool could not read or parse (syntax error, undecodable
    bytes, a file too deeply nested for the parser), with the parser's message.
    For a syntax error that is CPython's message and position (`'(' was never
    closed` at the bracket); where only libcst's parser fails, its message
    says so.

    ## Why is this bad?
    Nothing in that file could be checked with precision. Retired names found
    in it by a plain text scan are still reported, so `check` never calls a
    file clean that it could not read.

    ## Example
    ```python
    def broken(:
        model = "deepseek-chat"
    ```

    ## Fix safety
    Never fixed; the run exits 2 after the other files are done.
    """

    CODE = "DSM901"
    NAME = "unreadable-file"


class UnusedSuppression(Rule):
    """
    ## What it does
    Reports a `# deepseek-migrate: ignore[...]` comment that covers no finding,
    or that names a rule code that does not exist.

    ## Why is this bad?
    Suppressions outlive the code they were written for. An unused one hides
    nothing today but will silently hide a real finding tomorrow.

    ## Example
    ```python
    model = "deepseek-v4-flash"  # deepseek-migrate: ignore[DSM101]
    ```

    ## Fix safety
    Never fixed: delete the comment by hand.
    """

    CODE = "DSM902"
    NAME = "unused-suppression"
    SEVERITY = Severity.WARNING
    VALID = (Valid('MODELS = ["deepseek-chat"]  # deepseek-migrate: ignore[DSM199]\n'),)
    INVALID = (
        Invalid(
            'model = "deepseek-v4-flash"  # deepseek-migrate: ignore[DSM101]\n',
            None,
            applicability=None,
            range=(1, 30, 1, 64),
        ),
    )


class FixRefused(Rule):
    """
    ## What it does
    Reports a file whose fixes were computed but not written, because the
    result failed verification: it did not parse, could not be encoded in the
    file's encoding, or (notebooks, config files) would have changed more than
    the intended values.

    ## Why is this bad?
    It is the tool protecting the file. The findings are still listed; fix them
    by hand or report the case.

    ## Example
    ```python
    # a fix whose result would not parse is never written
    ```

    ## Fix safety
    Never fixed.
    """

    CODE = "DSM903"
    NAME = "fix-refused"
