"""Who receives a request: DeepSeek's own API, or another host. One definition for every file kind.

A URL names DeepSeek when its host is a subdomain of ``deepseek.com``
(``api.deepseek.com``, or another of DeepSeek's API hosts); the bare
``deepseek.com`` is the web site, and ``api.deepseek.com.example.net`` or
``fakedeepseek.com`` are other hosts. A model id names DeepSeek's own API when
it has no provider prefix or DeepSeek's own (LiteLLM's ``deepseek/``,
pydantic-ai's, agno's and LangChain's ``deepseek:``).
"""

from __future__ import annotations

from urllib.parse import urlsplit

DEEPSEEK_DOMAIN = "deepseek.com"
# Provider prefixes that still send the id to DeepSeek's own API.
DEEPSEEK_PREFIXES = ("deepseek/", "deepseek:")
FIRST_PARTY_PREFIXES = ("", *DEEPSEEK_PREFIXES)


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
