"""Who receives a request: DeepSeek's own API, or another host. One definition for every file kind.

A URL names DeepSeek when its host is a subdomain of ``deepseek.com``
(``api.deepseek.com``, or another of DeepSeek's API hosts); the bare
``deepseek.com`` is the web site, and ``api.deepseek.com.example.net`` or
``fakedeepseek.com`` are other hosts. A model id names DeepSeek's own API when
it has no provider prefix or DeepSeek's own (LiteLLM's ``deepseek/``,
pydantic-ai's, agno's and LangChain's ``deepseek:``).

Where one request goes is three-valued (:class:`Host`): DeepSeek (proven), another
host (proven), or unknown. Unknown is never taken for either: a retired name
sent to an unknown host stays an error, with no safe fix.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from urllib.parse import urlsplit

DEEPSEEK_DOMAIN = "deepseek.com"
# Provider prefixes that still send the id to DeepSeek's own API.
DEEPSEEK_PREFIXES = ("deepseek/", "deepseek:")
FIRST_PARTY_PREFIXES = ("", *DEEPSEEK_PREFIXES)
# Python packages whose clients talk to another vendor's API, whatever their methods look like
# (``Together().chat.completions.create`` mirrors the openai SDK).
OTHER_VENDOR_PACKAGES = {
    "together": "Together AI",
    "volcenginesdkarkruntime": "Volcengine Ark",
    "groq": "Groq",
    "fireworks": "Fireworks AI",
    "zhipuai": "Zhipu AI",
    "zai": "Z.ai",
    "cerebras": "Cerebras",
    "mistralai": "Mistral AI",
    "dashscope": "Alibaba DashScope",
}

# Words of an environment variable's name that name another provider (``OPENROUTER_BASE_URL``,
# ``OLLAMA_HOST``): a variable so named, whose default is that host's URL, is taken to point there.
OTHER_PROVIDER_WORDS = (
    "OPENROUTER", "OLLAMA", "GROQ", "TOGETHER", "FIREWORKS", "AZURE", "MISTRAL", "SILICONFLOW",
    "DASHSCOPE", "QWEN", "MOONSHOT", "KIMI", "ZHIPU", "VOLC", "DOUBAO", "LMSTUDIO", "LM_STUDIO",
    "VLLM", "GEMINI", "CEREBRAS", "PERPLEXITY", "ANTHROPIC", "NVIDIA", "BEDROCK", "VERTEX",
    "DEEPINFRA", "NOVITA", "SAMBANOVA", "HYPERBOLIC", "HUGGINGFACE", "LOCALAI",
)  # fmt: skip


def env_host(names: Iterable[str], urls: Iterable[str]) -> Host:
    """The host of a base URL read from the environment variables ``names`` with the defaults ``urls``.

    The variable may point anywhere: DeepSeek only when every default is DeepSeek's and every
    variable's name says DeepSeek (``DEEPSEEK_BASE_URL``); another host only when every default is
    another host's and every name says which one (``OPENROUTER_BASE_URL``); unknown otherwise.
    """
    names, urls = list(names), list(urls)
    upper = [n.upper() for n in names]
    if names and urls and all(is_deepseek_url(u) for u in urls) and all("DEEPSEEK" in n for n in upper):
        return DEEPSEEK
    if (
        names
        and urls
        and not any(is_deepseek_url(u) for u in urls)
        and all("DEEPSEEK" not in n and any(w in n for w in OTHER_PROVIDER_WORDS) for n in upper)
    ):
        return Host(other=urls[0])
    shown = ", ".join(dict.fromkeys(names)) or "?"
    return Host(
        unknown=f"the base URL is read from the environment ({shown}), which may point anywhere "
        f"(default {', '.join(dict.fromkeys(urls))})"
    )


class Destination(Enum):
    DEEPSEEK = "deepseek"
    OTHER = "other"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Host:
    """Who receives a request: DeepSeek's own API, another host (``other``), or unknown (``unknown``).

    ``other`` describes the other host ("https://openrouter.ai/api/v1"); ``unknown`` says
    what left the destination open ("`OpenAI()` at line 12 takes base_url=`os.getenv(...)`").
    """

    other: str | None = None
    unknown: str | None = None

    @property
    def destination(self) -> Destination:
        if self.other is not None:
            return Destination.OTHER
        if self.unknown is not None:
            return Destination.UNKNOWN
        return Destination.DEEPSEEK

    @property
    def deepseek(self) -> bool:
        return self.destination is Destination.DEEPSEEK


DEEPSEEK = Host()


def join_hosts(found: Iterable[tuple[Host, str]]) -> Host:
    """The host of a request whose client may be any of ``found``: (host, where it is built) pairs.

    DeepSeek when every one is; another host when every one is another host;
    unknown otherwise, naming each client and where it goes.
    """
    pairs = list(dict.fromkeys(found))
    hosts = list(dict.fromkeys(h for h, _ in pairs))
    if len(hosts) <= 1:
        return hosts[0] if hosts else DEEPSEEK
    if {h.destination for h in hosts} == {Destination.OTHER}:
        return Host(other=" or ".join(dict.fromkeys(h.other or "" for h in hosts)))
    parts = [f"{where} ({h.unknown or h.other or 'DeepSeek'})" for h, where in pairs]
    return Host(unknown="the client is built " + " and ".join(dict.fromkeys(parts)))


def vendor_of(qualified: Iterable[str]) -> str | None:
    """The other vendor whose package defines one of the ``qualified`` names, if any."""
    for name in qualified:
        vendor = OTHER_VENDOR_PACKAGES.get(name.partition(".")[0])
        if vendor is not None:
            return vendor
    return None


def url_host(value: object) -> str | None:
    """The host of an http(s) URL, lower-cased; None for anything else (``${VAR}``, ``os.environ/...``)."""
    if not isinstance(value, str):
        return None
    try:
        parts = urlsplit(value.strip())
        return parts.hostname if parts.scheme.lower() in ("http", "https") else None
    except ValueError:
        return None


def is_deepseek_host(host: str | None) -> bool:
    return host is not None and host.rstrip(".").endswith("." + DEEPSEEK_DOMAIN)


def is_deepseek_url(value: str) -> bool:
    """Whether an http(s) URL points at DeepSeek's API."""
    return is_deepseek_host(url_host(value))
