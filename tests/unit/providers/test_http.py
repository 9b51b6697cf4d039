"""The HTTP seam: transport, retries, idempotency, rate limiting, error mapping, redaction."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import httpx
import pytest

from fin_infra.providers import (
    ApiRequest,
    AsyncHttpClient,
    AuthenticationError,
    ErrorDetails,
    HttpClient,
    InvalidRequestError,
    MalformedResponseError,
    ProviderConnectionError,
    ProviderProfile,
    ProviderServerError,
    ProviderTimeoutError,
    RateLimit,
    RateLimitError,
    RetryPolicy,
    new_idempotency_key,
)
from fin_infra.providers._http import decode_json

SECRET = "sk-test-0123456789abcdef"
Handler = Callable[[httpx.Request], httpx.Response]


def decode(response: httpx.Response) -> ErrorDetails:
    body = response.json()
    return ErrorDetails(message=body["message"], code=body.get("code"), request_id="req-1")


def profile(**overrides: Any) -> ProviderProfile:
    base: dict[str, Any] = {
        "name": "acme",
        "base_url": "https://api.acme.test",
        "headers": {"X-Api-Key": SECRET},
        "secrets": (SECRET,),
        "decode_error": decode,
    }
    base.update(overrides)
    return ProviderProfile(**base)


class Script:
    """Answers requests from a list of responses (or exceptions), recording what was sent."""

    def __init__(self, *steps: httpx.Response | Exception) -> None:
        self.steps = list(steps)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        step = self.steps.pop(0)
        if isinstance(step, Exception):
            raise step
        return step


def error(status: int, message: str = "nope", **headers: str) -> httpx.Response:
    return httpx.Response(status, json={"message": message, "code": f"E{status}"}, headers=headers)


def ok(body: object = None) -> httpx.Response:
    return httpx.Response(200, json=body if body is not None else {"ok": True})


def make(script: Handler, sleeps: list[float], **kwargs: Any) -> HttpClient:
    return HttpClient(
        kwargs.pop("profile", profile()),
        transport=httpx.MockTransport(script),
        sleep=sleeps.append,
        rand=lambda: 0.0,
        retry=kwargs.pop("retry", RetryPolicy(max_attempts=3, base_backoff=0.5, jitter=0.5)),
        **kwargs,
    )


GET = ApiRequest("GET", "/v1/things")


def test_success_sends_headers_to_base_url() -> None:
    script, sleeps = Script(ok({"n": 1})), []
    with make(script, sleeps) as client:
        response = client.send(ApiRequest("POST", "/v1/x", json={"a": 1}, idempotent=True))
    sent = script.requests[0]
    assert str(sent.url) == "https://api.acme.test/v1/x"
    assert sent.headers["X-Api-Key"] == SECRET
    assert sent.headers["User-Agent"].startswith("fin-infra/")
    assert json.loads(sent.content) == {"a": 1}
    assert response.json() == {"n": 1}
    assert sleeps == []


def test_base_url_override_and_default_timeout() -> None:
    script = Script(ok())
    client = make(script, [], base_url="http://localhost:9999/")
    client.send(GET)
    assert str(script.requests[0].url) == "http://localhost:9999/v1/things"
    assert script.requests[0].extensions["timeout"] == {
        "connect": 10.0,
        "read": 30.0,
        "write": 30.0,
        "pool": 30.0,
    }


def test_5xx_then_success_backs_off_exponentially() -> None:
    script, sleeps = Script(error(500), error(503), ok()), []
    assert make(script, sleeps).send(GET).status_code == 200
    assert sleeps == [0.5, 1.0]
    assert len(script.requests) == 3


def test_429_honours_retry_after() -> None:
    script, sleeps = Script(error(429, **{"Retry-After": "7"}), ok()), []
    make(script, sleeps).send(GET)
    assert sleeps == [7.0]


def test_retry_after_beyond_the_policy_raises_with_the_hint() -> None:
    script, sleeps = Script(error(429, **{"Retry-After": "3600"})), []
    with pytest.raises(RateLimitError) as info:
        make(script, sleeps).send(GET)
    assert info.value.retry_after == 3600.0
    assert info.value.retryable
    assert sleeps == []


def test_retries_are_bounded() -> None:
    script, sleeps = Script(error(502), error(502), error(502), ok()), []
    with pytest.raises(ProviderServerError) as info:
        make(script, sleeps).send(GET)
    assert len(script.requests) == 3
    assert info.value.status == 502
    assert info.value.code == "E502"
    assert info.value.request_id == "req-1"


@pytest.mark.parametrize(
    ("status", "cls"), [(400, InvalidRequestError), (401, AuthenticationError)]
)
def test_client_errors_are_typed_and_not_retried(status: int, cls: type[Exception]) -> None:
    script, sleeps = Script(error(status)), []
    with pytest.raises(cls):
        make(script, sleeps).send(GET)
    assert len(script.requests) == 1


def test_write_without_idempotency_key_is_never_retried() -> None:
    script, sleeps = Script(error(503), ok()), []
    with pytest.raises(ProviderServerError):
        make(script, sleeps).send(ApiRequest("POST", "/v1/orders", json={"qty": "1"}))
    assert len(script.requests) == 1


def test_write_with_idempotency_key_is_retried_with_the_same_key() -> None:
    script, sleeps = Script(error(503), httpx.ConnectError("reset"), ok()), []
    key = new_idempotency_key()
    request = ApiRequest(
        "POST", "/v1/orders", headers={"Idempotency-Key": key}, idempotency_key=key
    )
    make(script, sleeps).send(request)
    assert [r.headers["Idempotency-Key"] for r in script.requests] == [key, key, key]


def test_timeouts_are_retried_then_typed() -> None:
    script = Script(*(httpx.ReadTimeout("timed out") for _ in range(3)))
    with pytest.raises(ProviderTimeoutError) as info:
        make(script, []).send(GET)
    assert info.value.retryable
    assert len(script.requests) == 3


def test_connection_error_is_typed() -> None:
    script = Script(httpx.ConnectError("refused"))
    with pytest.raises(ProviderConnectionError):
        make(script, [], retry=RetryPolicy.never()).send(GET)


def test_secrets_are_redacted_from_errors_and_logs(caplog: pytest.LogCaptureFixture) -> None:
    token = "per-call-token-value"
    script = Script(error(400, f"bad key {SECRET} for token {token}"))
    caplog.set_level(logging.DEBUG)
    with pytest.raises(InvalidRequestError) as info:
        make(script, []).send(ApiRequest("GET", "/v1/x", secrets=(token,)))
    shown = f"{info.value} {info.value!r} {info.value.message} {caplog.text}"
    assert SECRET not in shown
    assert token not in shown
    assert "bad key *** for token ***" in str(info.value)
    assert SECRET not in repr(make(Script(), []))


def test_rate_limiter_makes_a_burst_wait() -> None:
    limited = profile(rate_limit=RateLimit(rate=10.0, burst=2), rate_limit_key="burst-test-key")
    script, sleeps = Script(ok(), ok(), ok(), ok()), []
    client = make(script, sleeps, profile=limited)
    for _ in range(4):
        client.send(GET)
    assert len(sleeps) == 2
    assert all(0 < s <= 0.2 for s in sleeps)


def test_decode_json_keeps_numbers_exact() -> None:
    request = httpx.Request("GET", "https://api.acme.test/v1/x")
    body = b'{"price": 189.12345678901234567890, "qty": 3}'
    data = decode_json(httpx.Response(200, content=body, request=request), "acme")
    assert data == {"price": Decimal("189.12345678901234567890"), "qty": 3}


def test_decode_json_rejects_malformed_bodies() -> None:
    request = httpx.Request("POST", "https://api.acme.test/v1/x")
    with pytest.raises(MalformedResponseError, match="not valid JSON"):
        decode_json(httpx.Response(200, content=b"{oops", request=request), "acme")


def test_async_twin_retries_the_same_way() -> None:
    script, sleeps = Script(error(500), httpx.ReadTimeout("slow"), ok({"n": 2})), []

    async def asleep(delay: float) -> None:
        sleeps.append(delay)

    async def run() -> Any:
        async with AsyncHttpClient(
            profile(),
            transport=httpx.MockTransport(script),
            sleep=asleep,
            rand=lambda: 0.0,
            retry=RetryPolicy(max_attempts=3, base_backoff=0.5, jitter=0.5),
        ) as client:
            return (await client.send(GET)).json()

    assert asyncio.run(run()) == {"n": 2}
    assert sleeps == [0.5, 1.0]


def test_provider_errors_survive_pickling() -> None:
    import pickle

    script = Script(error(429, "slow down", **{"Retry-After": "120"}))
    with pytest.raises(RateLimitError) as info:
        make(script, [], retry=RetryPolicy.never()).send(GET)
    copy = pickle.loads(pickle.dumps(info.value))
    assert type(copy) is RateLimitError
    assert repr(copy) == repr(info.value)
    assert (copy.status, copy.retry_after, copy.retryable) == (429, 120.0, True)
