"""Every rule, in one explicit ordered tuple.

Order matters for Python adapters: when two adapters see the same call, the
first one that yields a sink for it speaks for it. Client-specific adapters come
before the generic ones (the raw request-body adapter last among them); the
report-only rules that catch what no adapter claimed follow.
"""

from __future__ import annotations

from migrate.adapters.base import FileAdapter, Rule
from migrate.adapters.files.docs_files import DocsAdapter
from migrate.adapters.files.env_files import EnvFileAdapter
from migrate.adapters.files.json_files import JsonAdapter
from migrate.adapters.files.text_files import TextFileAdapter
from migrate.adapters.files.toml_files import TomlAdapter
from migrate.adapters.files.yaml_files import YamlAdapter
from migrate.adapters.python.agno import Agno
from migrate.adapters.python.anthropic_sdk import AnthropicSdk
from migrate.adapters.python.autogen import AutoGen
from migrate.adapters.python.base import PythonAdapter
from migrate.adapters.python.langchain import LangChain
from migrate.adapters.python.litellm_family import LiteLLMFamily
from migrate.adapters.python.llama_index import LlamaIndex
from migrate.adapters.python.openai_compatible import OpenAICompatible
from migrate.adapters.python.openai_sdk import OpenAISdk
from migrate.adapters.python.pydantic_ai import PydanticAI
from migrate.adapters.python.raw_request import RawRequest
from migrate.report_rules.capabilities import CapabilityLookup
from migrate.report_rules.fragments import FragmentModelTest
from migrate.report_rules.hazards import (
    ForcedToolChoiceInThinkingMode,
    IgnoredInThinkingMode,
    ReasoningContentStripped,
    RejectedOrIgnoredParameter,
    UnpinnedThinkingMode,
)
from migrate.report_rules.python_strings import (
    ComposedModelName,
    FixRefused,
    OtherHost,
    RetiredModelComparison,
    RetiredModelLookupKey,
    RetiredModelString,
    RetiredModelText,
    UnparseableFile,
    UnusedSuppression,
)

PYTHON_ADAPTERS: tuple[type[PythonAdapter], ...] = (
    OpenAISdk,
    AnthropicSdk,
    LangChain,
    PydanticAI,
    LlamaIndex,
    Agno,
    LiteLLMFamily,
    AutoGen,
    OpenAICompatible,
    RawRequest,
)
FILE_ADAPTERS: tuple[type[FileAdapter], ...] = (
    EnvFileAdapter,
    YamlAdapter,
    TomlAdapter,
    JsonAdapter,
    DocsAdapter,
    TextFileAdapter,
)
REPORT_RULES: tuple[type[Rule], ...] = (
    OtherHost,
    RetiredModelString,
    RetiredModelText,
    ComposedModelName,
    RetiredModelComparison,
    RetiredModelLookupKey,
    UnpinnedThinkingMode,
    ReasoningContentStripped,
    ForcedToolChoiceInThinkingMode,
    IgnoredInThinkingMode,
    RejectedOrIgnoredParameter,
    FragmentModelTest,
    CapabilityLookup,
    UnparseableFile,
    UnusedSuppression,
    FixRefused,
)
RULES: tuple[type[Rule], ...] = PYTHON_ADAPTERS + FILE_ADAPTERS + REPORT_RULES
BY_CODE: dict[str, type[Rule]] = {rule.CODE: rule for rule in RULES}
BY_NAME: dict[str, type[Rule]] = {rule.NAME: rule for rule in RULES}


def lookup(code_or_name: str) -> type[Rule] | None:
    key = code_or_name.strip()
    return BY_CODE.get(key.upper()) or BY_NAME.get(key.lower())


def file_adapters_for(kind: str) -> tuple[type[FileAdapter], ...]:
    return tuple(a for a in FILE_ADAPTERS if kind in a.KINDS)
