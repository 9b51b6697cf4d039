"""Plaid banking: accounts, balances, identity, investments, liabilities, transactions sync,
webhooks. Built against Plaid's OpenAPI contract, version ``2020-09-14``.
"""

from __future__ import annotations

from fin_infra.providers.banking.plaid._core import API_VERSION, PlaidEnvironment
from fin_infra.providers.banking.plaid._errors import TransactionsSyncMutationError
from fin_infra.providers.banking.plaid.client import AsyncPlaidClient, PlaidClient
from fin_infra.providers.banking.plaid.webhooks import (
    AsyncWebhookVerifier,
    MemorySeenStore,
    RedisSeenStore,
    WebhookEvent,
    WebhookVerificationError,
    WebhookVerifier,
    parse_webhook,
    verify_webhook,
)

__all__ = [
    "API_VERSION",
    "AsyncPlaidClient",
    "AsyncWebhookVerifier",
    "MemorySeenStore",
    "PlaidClient",
    "PlaidEnvironment",
    "RedisSeenStore",
    "TransactionsSyncMutationError",
    "WebhookEvent",
    "WebhookVerificationError",
    "WebhookVerifier",
    "parse_webhook",
    "verify_webhook",
]
