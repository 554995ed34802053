"""Wire-test harness: run real client code against a recording loopback server.

See `tests.wire.harness.run_capture` and `tests.wire.server.CaptureServer`.
"""

from __future__ import annotations

from .harness import Run, bodies, chat_bodies, run_capture, run_snippet
from .server import Captured, CaptureServer

__all__ = ["CaptureServer", "Captured", "Run", "bodies", "chat_bodies", "run_capture", "run_snippet"]
