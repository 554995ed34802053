"""``python -m migrate``: the same command line as ``deepseek-migrate``."""

from __future__ import annotations

from migrate.fastpath import main

main()
