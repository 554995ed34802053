"""Adapters: one module per surface (a client library, or a non-Python file kind)."""

from __future__ import annotations
