"""The machinery every market-data and brokerage fake shares: routing, contracts and faults.

A fake is an httpx transport (``fake.transport``) that answers like the vendor's server. Routes
are regular expressions over ``METHOD path``; each request and response is checked against the
vendor's OpenAPI contract when one is given. Faults are queued per route: an error status with
the vendor's error body, an exception (timeout, reset) instead of an answer, or an exception
*after* the server has done the work (the answer is lost on the way back).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.fakes.contract import QueryContract

Handler = Callable[[httpx.Request, re.Match[str]], httpx.Response]


@dataclass
class Fault:
    """What happens instead of (or after) the next request matching ``route``."""

    route: str
    status: int = 500
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    exception: Exception | None = None
    after_commit: bool = False


class WireFake:
    """Base of the vendor fakes; subclasses register routes in ``__init__``."""

    def __init__(self, contract: QueryContract | None = None) -> None:
        self.contract = contract
        self.routes: list[tuple[re.Pattern[str], Handler]] = []
        self.faults: list[Fault] = []
        self.requests: list[httpx.Request] = []

    @property
    def transport(self) -> httpx.MockTransport:
        """An httpx transport answering as this fake."""
        return httpx.MockTransport(self)

    def route(self, pattern: str, handler: Handler) -> None:
        """Answer ``METHOD /path`` requests matching ``pattern`` with ``handler``."""
        self.routes.append((re.compile(pattern), handler))

    def fail_next(self, route: str, times: int = 1, **kwargs: Any) -> None:
        """Queue ``times`` faults for requests whose ``METHOD path`` matches ``route``."""
        self.faults.extend(Fault(route, **kwargs) for _ in range(times))

    def calls(self, route: str = "") -> list[str]:
        """``METHOD path`` of every request received so far matching ``route``."""
        seen = (f"{r.method} {r.url.path}" for r in self.requests)
        return [s for s in seen if re.search(route, s)]

    def error_body(self, status: int, message: str) -> Any:  # pragma: no cover - overridden
        return {"message": message}

    def authorized(self, request: httpx.Request) -> bool:  # pragma: no cover - overridden
        return True

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        key = f"{request.method} {request.url.path}"
        if self.contract is not None:
            self.contract.check_request(request)
        fault = next((f for f in self.faults if re.search(f.route, key)), None)
        if fault is not None:
            self.faults.remove(fault)
            if fault.after_commit:
                self._dispatch(request, key)
            if fault.exception is not None:
                raise fault.exception
            body = fault.body if fault.body is not None else self.error_body(fault.status, "fault")
            response = httpx.Response(fault.status, json=body, headers=fault.headers)
        else:
            response = self._dispatch(request, key)
        if self.contract is not None and response.status_code < 300:
            self.contract.check_response(request, response)
        return response

    def _dispatch(self, request: httpx.Request, key: str) -> httpx.Response:
        if not self.authorized(request):
            return httpx.Response(401, json=self.error_body(401, "request is not authorized"))
        for pattern, handler in self.routes:
            match = pattern.fullmatch(key)
            if match is not None:
                return handler(request, match)
        return httpx.Response(404, json=self.error_body(404, f"no route for {key}"))


def tampered(
    server: Callable[[httpx.Request], httpx.Response],
    mutate: Callable[[httpx.Request, Any], Any],
    route: str = "",
) -> httpx.MockTransport:
    """A transport answering as ``server`` but with each JSON body matching ``route``
    (``METHOD path`` regex) passed through ``mutate(request, body)`` first: a vendor sending
    data that breaks its own contract (a bar with high < low, a price of zero...)."""

    def handler(request: httpx.Request) -> httpx.Response:
        response = server(request)
        if not re.search(route, f"{request.method} {request.url.path}"):
            return response
        body = mutate(request, json.loads(response.read()))
        return httpx.Response(response.status_code, json=body, headers={"x-tampered": "1"})

    return httpx.MockTransport(handler)
