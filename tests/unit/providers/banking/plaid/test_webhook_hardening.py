"""Webhook verification under attack: expiring keys, forged key ids, replays (issue 15)."""

from __future__ import annotations

import asyncio
import hashlib
import json
import uuid
from collections.abc import Iterator

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from fin_infra.providers import ProviderServerError, RetryPolicy
from fin_infra.providers.banking.plaid import (
    AsyncPlaidClient,
    AsyncWebhookVerifier,
    MemorySeenStore,
    PlaidClient,
    RedisSeenStore,
    WebhookVerificationError,
    WebhookVerifier,
)
from fin_infra.providers.banking.plaid.webhooks import KEY_TTL
from tests.fakes.plaid import CLIENT_ID, SECRET, FakePlaid

BODY = json.dumps({"webhook_type": "ITEM", "webhook_code": "LOGIN_REPAIRED", "item_id": "i-1"})
T0 = 1_750_000_000.0


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> float:
        return self.now


def plaid(fake: FakePlaid | httpx.MockTransport) -> PlaidClient:
    transport = fake if isinstance(fake, httpx.MockTransport) else fake.transport
    return PlaidClient(
        CLIENT_ID,
        SECRET,
        transport=transport,
        rate_limit=None,
        sleep=lambda _: None,
        retry=RetryPolicy(max_attempts=4),
    )


def forged(body: bytes, clock: Clock, kid: str | None = None) -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    claims = {"iat": int(clock()), "request_body_sha256": hashlib.sha256(body).hexdigest()}
    return jwt.encode(claims, key, algorithm="ES256", headers={"kid": kid or str(uuid.uuid4())})


def key_fetches(fake: FakePlaid) -> int:
    return fake.calls.count("/webhook_verification_key/get")


# --- a key Plaid later expires ----------------------------------------------------------------


def test_a_key_plaid_later_expires_stops_verifying_within_the_cache_lifetime() -> None:
    fake, clock = FakePlaid(), Clock()
    verifier = WebhookVerifier(plaid(fake), clock=clock)
    body = BODY.encode()
    verifier.verify(body, fake.sign_webhook(body, iat=int(clock())))
    fake.key_expired_at = int(clock()) + 60  # Plaid rotates: the key expires in a minute
    clock.now += KEY_TTL + 1
    with pytest.raises(WebhookVerificationError, match="expired"):
        verifier.verify(body, fake.sign_webhook(body, iat=int(clock())))
    assert key_fetches(fake) == 2  # the cached key was fetched again, and its expiry seen


# --- forged webhooks ------------------------------------------------------------------------


def test_twenty_forged_webhooks_with_random_key_ids_make_at_most_three_lookups() -> None:
    fake, clock = FakePlaid(), Clock()
    verifier = WebhookVerifier(plaid(fake), clock=clock)
    body = BODY.encode()
    for _ in range(20):
        with pytest.raises(WebhookVerificationError):
            verifier.verify(body, forged(body, clock))
    assert key_fetches(fake) == 3
    # a genuine webhook from the known key id still verifies once the window has passed
    clock.now += 61
    verifier.verify(body, fake.sign_webhook(body, iat=int(clock())))


def test_twenty_forged_webhooks_with_one_unknown_key_id_make_one_lookup() -> None:
    fake, clock = FakePlaid(), Clock()
    verifier = WebhookVerifier(plaid(fake), clock=clock)
    body = BODY.encode()
    kid = str(uuid.uuid4())
    for _ in range(20):
        with pytest.raises(WebhookVerificationError, match="does not know"):
            verifier.verify(body, forged(body, clock, kid))
    assert key_fetches(fake) == 1


def test_forged_webhooks_while_plaid_fails_are_not_retried() -> None:
    calls: list[httpx.Request] = []

    def failing(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(500, json={"error_type": "API_ERROR", "error_code": "X"})

    clock = Clock()
    verifier = WebhookVerifier(plaid(httpx.MockTransport(failing)), clock=clock)
    body = BODY.encode()
    for _ in range(3):  # Plaid is down: the lookup fails (the caller answers 5xx, Plaid retries)
        with pytest.raises(ProviderServerError):
            verifier.verify(body, forged(body, clock))
    for _ in range(17):  # the lookup budget is spent: refused without asking Plaid
        with pytest.raises(WebhookVerificationError, match="too many"):
            verifier.verify(body, forged(body, clock))
    assert len(calls) == 3  # one try per lookup, three lookups a minute (was 20 x 4)


def test_async_verifier_has_the_same_budget() -> None:
    fake, clock = FakePlaid(), Clock()
    body = BODY.encode()

    async def run() -> None:
        async with AsyncPlaidClient(
            CLIENT_ID, SECRET, transport=httpx.MockTransport(fake), rate_limit=None
        ) as client:
            verifier = AsyncWebhookVerifier(client, clock=clock)
            for _ in range(20):
                with pytest.raises(WebhookVerificationError):
                    await verifier.verify(body, forged(body, clock))

    asyncio.run(run())
    assert key_fetches(fake) == 3


# --- replays ----------------------------------------------------------------------------------


def test_replayed_webhook_is_refused_with_a_seen_store() -> None:
    fake, clock = FakePlaid(), Clock()
    verifier = WebhookVerifier(plaid(fake), clock=clock, seen=MemorySeenStore(clock=clock))
    body = BODY.encode()
    header = fake.sign_webhook(body, iat=int(clock()))
    verifier.verify(body, header)
    with pytest.raises(WebhookVerificationError, match="already received"):
        verifier.verify(body, header)
    verifier.forget(body)  # the handler failed: Plaid's retry must get through
    verifier.verify(body, header)
    other = BODY.replace("i-1", "i-2").encode()
    verifier.verify(other, fake.sign_webhook(other, iat=int(clock())))


def test_without_a_seen_store_replays_pass_as_before() -> None:
    fake, clock = FakePlaid(), Clock()
    verifier = WebhookVerifier(plaid(fake), clock=clock)
    body = BODY.encode()
    header = fake.sign_webhook(body, iat=int(clock()))
    verifier.verify(body, header)
    verifier.verify(body, header)


def test_memory_seen_store_forgets_after_the_ttl() -> None:
    clock = Clock()
    store = MemorySeenStore(clock=clock, max_entries=2)
    assert store.add_if_new("a", 10)
    assert not store.add_if_new("a", 10)
    clock.now += 11
    assert store.add_if_new("a", 10)
    store.add_if_new("b", 10)
    store.add_if_new("c", 10)
    assert len(store) == 2


def test_async_verifier_refuses_replays() -> None:
    fake, clock = FakePlaid(), Clock()
    body = BODY.encode()
    header = fake.sign_webhook(body, iat=int(clock()))

    async def run() -> None:
        async with AsyncPlaidClient(
            CLIENT_ID, SECRET, transport=httpx.MockTransport(fake), rate_limit=None
        ) as client:
            verifier = AsyncWebhookVerifier(client, clock=clock, seen=MemorySeenStore(clock=clock))
            await verifier.verify(body, header)
            with pytest.raises(WebhookVerificationError, match="already received"):
                await verifier.verify(body, header)

    asyncio.run(run())


@pytest.fixture
def redis_store() -> Iterator[RedisSeenStore]:
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as exc:
        pytest.skip(f"Redis at 127.0.0.1:6379 is unreachable: {exc}")
    prefix = f"fin-infra-test:{uuid.uuid4().hex}:"
    yield RedisSeenStore(client=client, prefix=prefix)
    keys = list(client.scan_iter(match=prefix + "*"))
    if keys:
        client.delete(*keys)
    client.close()


@pytest.mark.redis
def test_redis_seen_store_refuses_a_replay_across_workers(redis_store: RedisSeenStore) -> None:
    fake, clock = FakePlaid(), Clock()
    body = BODY.encode()
    header = fake.sign_webhook(body, iat=int(clock()))
    worker_a = WebhookVerifier(plaid(fake), clock=clock, seen=redis_store)
    worker_b = WebhookVerifier(plaid(fake), clock=clock, seen=redis_store)
    worker_a.verify(body, header)
    with pytest.raises(WebhookVerificationError, match="already received"):
        worker_b.verify(body, header)
    digest = hashlib.sha256(body).hexdigest()
    ttl_ms = redis_store.client.pttl(redis_store.prefix + digest)
    assert 0 < ttl_ms <= 330_000  # kept only as long as the signature could be accepted
    worker_b.forget(body)
    worker_b.verify(body, header)
