"""Checks requests and responses against a provider's OpenAPI document (with openapi-core).

Used by the wire fakes: every request a client sends and every response a fake returns must
conform to the provider's published contract, or the test fails.
"""

from __future__ import annotations

import copy
from typing import Any

import httpx
from openapi_core import Config, OpenAPI
from openapi_core.exceptions import OpenAPIError
from openapi_core.testing import MockRequest, MockResponse


class ContractViolationError(AssertionError):
    """A request or response does not match the OpenAPI document."""


class OpenApiContract:
    """One parsed OpenAPI document; validates httpx requests and responses against it."""

    def __init__(self, spec: dict[str, Any], server: str) -> None:
        self.spec = spec
        self.server = server
        self._api = OpenAPI.from_dict(spec, config=Config(spec_validator_cls=None))
        self.checked_requests = 0
        self.checked_responses = 0

    def _as_openapi(self, request: httpx.Request) -> MockRequest:
        return MockRequest(
            self.server,
            request.method.lower(),
            request.url.path,
            data=request.content,
            headers=dict(request.headers),
            content_type=request.headers.get("content-type", "application/json"),
        )

    def check_request(self, request: httpx.Request) -> None:
        """Raise ContractViolationError unless ``request`` matches its request schema."""
        try:
            self._api.validate_request(self._as_openapi(request))
        except OpenAPIError as exc:
            raise ContractViolationError(f"request {request.url.path}: {_explain(exc)}") from exc
        self.checked_requests += 1

    def check_response(self, request: httpx.Request, response: httpx.Response) -> None:
        """Raise ContractViolationError unless ``response`` matches its response schema."""
        mock = MockResponse(
            response.content,
            status_code=response.status_code,
            content_type=response.headers.get("content-type", "application/json"),
        )
        try:
            self._api.validate_response(self._as_openapi(request), mock)
        except OpenAPIError as exc:
            raise ContractViolationError(f"response {request.url.path}: {_explain(exc)}") from exc
        self.checked_responses += 1

    def example(self, path: str) -> dict[str, Any]:
        """A deep copy of the document's first 200 example for POST ``path``."""
        content = self.spec["paths"][path]["post"]["responses"]["200"]["content"]
        examples = content["application/json"]["examples"]
        return copy.deepcopy(next(iter(examples.values()))["value"])


def _explain(exc: BaseException) -> str:
    parts = [str(exc)[:300]]
    for inner in getattr(exc, "schema_errors", None) or getattr(exc.__cause__, "schema_errors", []):
        parts.append(f"{list(inner.absolute_path)}: {inner.message[:200]}")
    return "; ".join(parts)
