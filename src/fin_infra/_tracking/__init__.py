"""Private building blocks shared by the trackers (budgets, goals, net worth).

Stored record base, the async repository protocols with their in-memory implementation, and the
conversion of caller-supplied amounts. Public names are re-exported by each tracker package.
"""

from __future__ import annotations
