"""OpenAPI contracts for the JSON documents (Alpaca, Polygon), with query strings validated.

:class:`~tests.fakes.openapi.OpenApiContract` checks paths and bodies; the market-data and
brokerage APIs are mostly GETs whose meaning is in the query string, so this subclass passes
the query (and the headers, for the security schemes) to openapi-core as well. Each document is
parsed once per test session.
"""

from __future__ import annotations

import functools
import json
from typing import Any

import httpx
from openapi_core.testing import MockRequest

from tests.conftest import shared_path
from tests.fakes.openapi import OpenApiContract

SERVERS = {
    ("alpaca", "trading-api.json"): "https://paper-api.alpaca.markets",
    ("alpaca", "market-data-api.json"): "https://data.alpaca.markets",
    ("polygon", "rest.json"): "https://api.massive.com",
}


class QueryContract(OpenApiContract):
    """An :class:`OpenApiContract` that also validates query parameters."""

    def _as_openapi(self, request: httpx.Request) -> MockRequest:
        return MockRequest(
            self.server,
            request.method.lower(),
            request.url.path,
            args=dict(request.url.params),
            data=request.content,
            headers=dict(request.headers),
            content_type=request.headers.get("content-type", "application/json"),
        )

    def response_example(self, path: str, method: str = "get", name: str | None = None) -> Any:
        """A deep copy of a documented 200 example for ``method path`` (resolving ``$ref``)."""
        content = self.spec["paths"][path][method]["responses"]["200"]["content"]
        media = content["application/json"]
        if "example" in media:
            return json.loads(json.dumps(media["example"]))
        examples = media["examples"]
        entry = examples[name] if name else next(iter(examples.values()))
        if "$ref" in entry:
            entry = self.spec["components"]["examples"][entry["$ref"].rsplit("/", 1)[1]]
        return json.loads(json.dumps(entry["value"]))


@functools.cache
def load_contract(vendor: str, document: str) -> QueryContract:
    """The parsed contract ``../shared/specs/<vendor>/<document>`` (cached for the session)."""
    path = shared_path("specs", vendor, document)
    spec = json.loads(path.read_text())
    if vendor == "polygon":
        # Polygon documents the key as the apiKey parameter *or* an Authorization: Bearer header;
        # the pinned document names only the first, so the second is declared as an alternative.
        spec["components"]["securitySchemes"]["bearer"] = {"type": "http", "scheme": "bearer"}
        spec["security"] = [*spec.get("security", []), {"bearer": []}]
    return QueryContract(spec, server=SERVERS[(vendor, document)])
