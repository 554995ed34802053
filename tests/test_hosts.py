"""One DeepSeek-host test for every file kind: a subdomain of deepseek.com is DeepSeek's API, nothing else is."""

from __future__ import annotations

import pytest

from migrate.api import check_source
from migrate.hosts import is_deepseek_url

HOSTS = [
    ("https://api.deepseek.com", True),
    ("https://api.deepseek.com/v1", True),
    ("https://api.deepseek.com/anthropic", True),
    ("https://api.deepseek.com:443/v1", True),
    ("HTTPS://API.DEEPSEEK.COM", True),
    ("http://api.deepseek.com./v1", True),
    ("https://platform.deepseek.com/v1", True),  # a subdomain: the Python side used to call it another host
    ("https://deepseek.com", False),  # the web site, not the API: the config side used to call it DeepSeek
    ("https://api.deepseek.com.example.net/v1", False),
    ("https://fakedeepseek.com/v1", False),
    ("https://openrouter.ai/api/v1", False),
    ("http://localhost:8000/v1", False),
]


@pytest.mark.parametrize(("url", "deepseek"), HOSTS)
def test_is_deepseek_url(url: str, deepseek: bool) -> None:
    assert is_deepseek_url(url) is deepseek


@pytest.mark.parametrize(
    "value", ["api.deepseek.com", "${DEEPSEEK_BASE_URL}", "os.environ/DEEPSEEK_API_BASE", ""]
)
def test_a_value_that_is_not_an_http_url_is_not_deepseek(value: str) -> None:
    assert not is_deepseek_url(value)


@pytest.mark.parametrize(("url", "deepseek"), HOSTS)
def test_python_client_and_config_file_agree(url: str, deepseek: bool) -> None:
    python = check_source(
        f'from openai import OpenAI\nclient = OpenAI(base_url="{url}")\n'
        'client.chat.completions.create(model="deepseek-chat", messages=[])\n'
    )
    (finding,) = [f for f in python.findings if f.old == "deepseek-chat"]
    assert (finding.code == "DSM101") is deepseek, finding.message
    assert (finding.code == "DSM103") is not deepseek, finding.message
    config = check_source(f"base_url: {url}\nmodel: deepseek-reasoner\n", path="settings.yaml", kind="yaml")
    (entry,) = config.findings
    assert (entry.fix is not None) is deepseek, entry.message
    assert ("not api.deepseek.com" in entry.message) is not deepseek, entry.message
