"""Python sources: one index walk per module, value flow, the sinks reached, the cross-module pass, notebooks.

The request model (which client sends a request, to which host, with which
model and thinking values) belongs here too: every adapter asks these modules,
none re-derives it.
"""

from __future__ import annotations
