"""easy_banking: choose a provider by name; register another without touching callers."""

from __future__ import annotations

from typing import Any

import pytest

from fin_infra.errors import ValidationError
from fin_infra.providers.banking import (
    BankingProvider,
    available_banking_providers,
    easy_banking,
    register_banking_provider,
    registry,
)
from fin_infra.providers.banking.plaid import PlaidClient
from fin_infra.providers.banking.sandbox import SandboxBanking


def test_builtin_providers() -> None:
    assert {"plaid", "sandbox"} <= set(available_banking_providers())
    plaid = easy_banking("plaid", client_id="cid", secret="sec-123456", environment="production")
    assert isinstance(plaid, PlaidClient)
    assert isinstance(easy_banking(), SandboxBanking)


def test_missing_plaid_credentials_get_a_hint() -> None:
    with pytest.raises(TypeError):
        easy_banking("plaid")
    with pytest.raises(ValidationError, match="client_id and secret"):
        easy_banking("plaid", client_id="", secret="")


def test_unknown_provider_lists_the_known_ones() -> None:
    with pytest.raises(ValidationError, match="sandbox"):
        easy_banking("nope")


def test_a_second_aggregator_plugs_in(monkeypatch: pytest.MonkeyPatch) -> None:
    # Keep the process-wide registry as it was once this test ends.
    monkeypatch.setattr(registry, "_FACTORIES", dict(registry._FACTORIES))
    made: list[dict[str, Any]] = []

    def factory(**options: Any) -> BankingProvider:
        made.append(options)
        return SandboxBanking(seed=options["seed"])

    register_banking_provider("acme_bank", factory)
    provider = easy_banking("acme_bank", seed=9)
    assert isinstance(provider, BankingProvider)
    assert made == [{"seed": 9}]
    with pytest.raises(ValidationError):
        register_banking_provider("bad name", factory)
