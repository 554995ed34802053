"""File adapters: one module per non-Python file kind (.env, YAML, TOML, JSON, docs), sharing config_values."""

from __future__ import annotations
