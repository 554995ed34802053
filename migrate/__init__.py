"""deepseek-migrate: move code off DeepSeek's retired model names, with the right thinking mode."""

from __future__ import annotations
