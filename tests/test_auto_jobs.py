"""The default --jobs (0) is never slower than one process on a small repository:
below ``AUTO_POOL_FILES`` candidates (and ``AUTO_POOL_BYTES`` of them) no process pool is started;
an explicit --jobs still is."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate import api, engine, pool
from migrate.discovery import Discovery
from migrate.rulepack import load_rules

CONFIG = 'CHAT_MODEL = "deepseek-chat"\n'
USER = (
    "from pkg.config import CHAT_MODEL\n"
    "client.chat.completions.create(model=CHAT_MODEL, messages=[])\n"
    'client.chat.completions.create(model="deepseek-reasoner", messages=[])\n'
)


@pytest.fixture
def small(tmp_path: Path) -> Path:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "config.py").write_text(CONFIG)
    for i in range(6):
        (tmp_path / "pkg" / f"use_{i}.py").write_text(USER)
    return tmp_path


def pools_started(tree: Path, jobs: int, monkeypatch: pytest.MonkeyPatch) -> tuple[list[int], list[object]]:
    started: list[int] = []
    make_pool = pool.pool

    def counting_pool(n: int, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        started.append(n)
        return make_pool(n, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pool, "pool", counting_pool)
    monkeypatch.setattr(api, "FACTS_SERIAL_FILES", 1)  # so that a pool would be used for the facts too
    settings = engine.Settings(rules=load_rules(), cwd=str(tree), apply=True)
    results = list(api.run([tree], settings, Discovery(project_root=tree), jobs=jobs))
    return started, results  # type: ignore[return-value]


def test_default_jobs_use_no_pool_on_a_small_repository(small: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api.os, "cpu_count", lambda: 4)
    started, auto = pools_started(small, 0, monkeypatch)
    assert started == []
    serial = pools_started(small, 1, monkeypatch)[1]
    assert auto == serial
    # the six users and the definition (users that are candidates too are analysed before it)
    assert sum(1 for r in auto if r.fixed is not None) == 7
    assert any(f.message.startswith("`CHAT_MODEL` is `deepseek-chat`") for r in auto for f in r.findings)


def test_default_jobs_use_a_pool_from_the_threshold_and_explicit_jobs_always(
    small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(api.os, "cpu_count", lambda: 2)
    assert pools_started(small, 2, monkeypatch)[0]
    monkeypatch.setattr(api, "AUTO_POOL_FILES", 3)
    assert pools_started(small, 0, monkeypatch)[0]


def test_default_jobs_use_a_pool_for_few_but_large_candidates(
    small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Seven candidates, far below the file threshold: their size alone decides.
    monkeypatch.setattr(api.os, "cpu_count", lambda: 2)
    size = sum(p.stat().st_size for p in small.rglob("*.py") if "deepseek" in p.read_text())
    monkeypatch.setattr(api, "AUTO_POOL_BYTES", size + 1)
    assert pools_started(small, 0, monkeypatch)[0] == []
    monkeypatch.setattr(api, "AUTO_POOL_BYTES", size)
    assert pools_started(small, 0, monkeypatch)[0]
