"""The model's enumerations, apart from its dataclasses: the start-up path (rule packs, the
CLI's plan) needs them, and defining the dataclasses of :mod:`migrate.model` costs more than
a run that finds nothing spends on anything else. :mod:`migrate.model` re-exports them."""

from __future__ import annotations

import enum


class Severity(str, enum.Enum):
    """How bad a finding is; decides whether ``check`` fails."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


class Applicability(str, enum.Enum):
    """ruff's fix safety: ``safe`` fixes are applied by ``fix``; ``unsafe`` need ``--unsafe-fixes``."""

    SAFE = "safe"
    UNSAFE = "unsafe"


class Thinking(str, enum.Enum):
    """The thinking mode a retired name implied on DeepSeek V4."""

    DISABLED = "disabled"
    ENABLED = "enabled"
