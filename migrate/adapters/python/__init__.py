"""Python adapters: one module per client library (its call shapes and how it spells thinking)."""

from __future__ import annotations
