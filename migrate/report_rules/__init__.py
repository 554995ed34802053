"""Report-only rules: retired names no adapter claimed, behaviour a rename cannot fix, and the tool's own codes."""

from __future__ import annotations
