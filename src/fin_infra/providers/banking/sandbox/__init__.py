"""The offline ``sandbox`` banking provider: fictional institutions, a year of history."""

from __future__ import annotations

from fin_infra.providers.banking.sandbox._catalog import INSTITUTIONS
from fin_infra.providers.banking.sandbox.provider import SandboxBanking

__all__ = ["INSTITUTIONS", "SandboxBanking"]
