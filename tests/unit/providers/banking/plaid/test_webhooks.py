"""Webhook verification (ES256 JWT, body hash, age) and typed webhook events."""

from __future__ import annotations

import asyncio
import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from fin_infra.providers.banking.plaid import AsyncPlaidClient, AsyncWebhookVerifier, PlaidClient
from fin_infra.providers.banking.plaid.webhooks import (
    HoldingsUpdated,
    ItemErrorEvent,
    SyncUpdatesAvailable,
    UnknownWebhook,
    WebhookEvent,
    WebhookVerificationError,
    WebhookVerifier,
    parse_webhook,
    verify_webhook,
)
from tests.fakes.plaid import CLIENT_ID, SECRET, FakePlaid

BODY = json.dumps(
    {
        "webhook_type": "TRANSACTIONS",
        "webhook_code": "SYNC_UPDATES_AVAILABLE",
        "item_id": "wz666MBjYWTp2PDzzggYhM6oWWmBb",
        "initial_update_complete": True,
        "historical_update_complete": False,
        "environment": "sandbox",
    },
    indent=2,
).encode()


def test_genuine_webhook_verifies_and_parses(client: PlaidClient, fake: FakePlaid) -> None:
    verifier = WebhookVerifier(client)
    event = verifier.verify(BODY, fake.sign_webhook(BODY))
    assert isinstance(event, SyncUpdatesAvailable)
    assert event.item_id == "wz666MBjYWTp2PDzzggYhM6oWWmBb"
    assert event.initial_update_complete
    assert not event.historical_update_complete
    # The key is fetched once and cached.
    verifier.verify(BODY, fake.sign_webhook(BODY))
    assert fake.calls.count("/webhook_verification_key/get") == 1


def test_tampered_body_is_refused(client: PlaidClient, fake: FakePlaid) -> None:
    header = fake.sign_webhook(BODY)
    tampered = BODY.replace(b"false", b"true ")
    with pytest.raises(WebhookVerificationError, match="SHA-256"):
        WebhookVerifier(client).verify(tampered, header)


def test_stale_webhook_is_refused(client: PlaidClient, fake: FakePlaid) -> None:
    header = fake.sign_webhook(BODY, iat=int(time.time()) - 301)
    with pytest.raises(WebhookVerificationError, match="older than 300"):
        WebhookVerifier(client).verify(BODY, header)
    # Within five minutes is fine (checked against an explicit clock, not wall time).
    fresh = fake.sign_webhook(BODY, iat=1_000_000)
    WebhookVerifier(client, clock=lambda: 1_000_299.0).verify(BODY, fresh)
    future = fake.sign_webhook(BODY, iat=1_000_000)
    with pytest.raises(WebhookVerificationError, match="future"):
        WebhookVerifier(client, clock=lambda: 999_000.0).verify(BODY, future)


def test_signature_from_another_key_is_refused(client: PlaidClient, fake: FakePlaid) -> None:
    forger = ec.generate_private_key(ec.SECP256R1())
    claims = {"iat": int(time.time()), "request_body_sha256": "0" * 64}
    forged = jwt.encode(claims, forger, algorithm="ES256", headers={"kid": fake.key_id})
    with pytest.raises(WebhookVerificationError, match="signature"):
        WebhookVerifier(client).verify(BODY, forged)


def test_other_algorithms_and_garbage_are_refused(client: PlaidClient, fake: FakePlaid) -> None:
    hs = jwt.encode(
        {"iat": int(time.time())}, "k" * 32, algorithm="HS256", headers={"kid": fake.key_id}
    )
    verifier = WebhookVerifier(client)
    with pytest.raises(WebhookVerificationError, match="algorithm"):
        verifier.verify(BODY, hs)
    with pytest.raises(WebhookVerificationError, match="not a JWT"):
        verifier.verify(BODY, "not-a-jwt")
    with pytest.raises(WebhookVerificationError, match="missing"):
        verifier.verify(BODY, None)


def test_unknown_key_id_is_refused(client: PlaidClient, fake: FakePlaid) -> None:
    claims = {"iat": int(time.time()), "request_body_sha256": "0" * 64}
    other = jwt.encode(claims, fake.signing_key, algorithm="ES256", headers={"kid": "nope"})
    with pytest.raises(WebhookVerificationError, match="key id"):
        WebhookVerifier(client).verify(BODY, other)


def test_expired_key_is_refused(client: PlaidClient, fake: FakePlaid) -> None:
    key = dict(client.webhook_verification_key(fake.key_id), expired_at=1)
    with pytest.raises(WebhookVerificationError, match="expired"):
        verify_webhook(BODY, fake.sign_webhook(BODY), key)


def test_parse_typed_events() -> None:
    error = parse_webhook(
        {
            "webhook_type": "ITEM",
            "webhook_code": "ERROR",
            "item_id": "i1",
            "error": {"error_code": "ITEM_LOGIN_REQUIRED"},
            "environment": "production",
        }
    )
    assert isinstance(error, ItemErrorEvent)
    assert error.error == {"error_code": "ITEM_LOGIN_REQUIRED"}
    holdings = parse_webhook(
        b'{"webhook_type":"HOLDINGS","webhook_code":"DEFAULT_UPDATE","item_id":"i",'
        b'"new_holdings":2,"updated_holdings":1,"environment":"sandbox"}'
    )
    assert isinstance(holdings, HoldingsUpdated)
    assert holdings.new_holdings == 2
    other = parse_webhook(b'{"webhook_type":"AUTH","webhook_code":"AUTOMATICALLY_VERIFIED"}')
    assert isinstance(other, UnknownWebhook)
    assert other.raw["webhook_code"] == "AUTOMATICALLY_VERIFIED"
    with pytest.raises(WebhookVerificationError):
        parse_webhook(b"[1, 2]")
    with pytest.raises(WebhookVerificationError):
        parse_webhook(b'{"webhook_type":"TRANSACTIONS","webhook_code":"SYNC_UPDATES_AVAILABLE"}')


def test_async_verifier_fetches_the_key_once(fake: FakePlaid) -> None:
    async def run() -> list[WebhookEvent]:
        async with AsyncPlaidClient(
            CLIENT_ID, SECRET, transport=fake.transport, rate_limit=None
        ) as c:
            verifier = AsyncWebhookVerifier(c)
            first = await verifier.verify(BODY, fake.sign_webhook(BODY))
            second = await verifier.verify(BODY, fake.sign_webhook(BODY))
            with pytest.raises(WebhookVerificationError, match="SHA-256"):
                await verifier.verify(BODY + b" ", fake.sign_webhook(BODY))
            return [first, second]

    events = asyncio.run(run())
    assert all(isinstance(e, SyncUpdatesAvailable) for e in events)
    assert fake.calls.count("/webhook_verification_key/get") == 1
