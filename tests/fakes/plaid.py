"""A stateful fake Plaid server speaking Plaid's real JSON, plugged in as an httpx transport.

It keeps items, accounts and a change log of transactions, serves ``/transactions/sync`` with
opaque cursors (and Plaid's ``TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION`` when data changes
mid-loop), checks credentials, and can inject faults: error statuses, timeouts, connection
resets and malformed bodies. With a contract, every request it receives and every response it
returns is validated against Plaid's OpenAPI document.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
import jwt
from cryptography.hazmat.primitives.asymmetric import ec

from tests.fakes.openapi import OpenApiContract
from tests.fakes.plaid_wire import wire_transaction

CLIENT_ID = "fake-client-id-0001"
SECRET = "fake-plaid-secret-5f2b9c1e7d"
START = dt.date(2024, 1, 1)


@dataclass
class Fault:
    """What to do instead of answering the next request to ``path``."""

    path: str
    status: int = 500
    error_type: str = "API_ERROR"
    error_code: str = "INTERNAL_SERVER_ERROR"
    message: str = "an unexpected error occurred"
    exception: Exception | None = None
    raw: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class FakeItem:
    """One linked item: its accounts, current transactions and the change log sync reads."""

    item_id: str
    access_token: str
    institution_id: str
    accounts: list[dict[str, Any]]
    transactions: dict[str, dict[str, Any]] = field(default_factory=dict)
    log: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    version: int = 0
    login_required: bool = False


def _account(account_id: str, name: str, type_: str, subtype: str, current: float) -> dict:
    return {
        "account_id": account_id,
        "balances": {
            "available": current if type_ == "depository" else None,
            "current": current,
            "limit": 5000.0 if type_ == "credit" else None,
            "iso_currency_code": "USD",
            "unofficial_currency_code": None,
        },
        "mask": "0000",
        "name": name,
        "official_name": f"Plaid {name}",
        "type": type_,
        "subtype": subtype,
    }


class FakePlaid:
    """The fake server; pass ``fake.transport`` as a client's ``transport=``."""

    def __init__(self, contract: OpenApiContract | None = None, seed: int = 7) -> None:
        self.contract = contract
        self.rng = random.Random(seed)
        self.items: dict[str, FakeItem] = {}
        self.public_tokens: dict[str, str] = {}
        self.faults: list[Fault] = []
        self.calls: list[str] = []
        self.bodies: list[tuple[str, dict[str, Any]]] = []
        self.sync_pages_served = 0
        self.on_sync_page: Callable[[FakeItem, int], None] | None = None
        self.signing_key = ec.generate_private_key(ec.SECP256R1())
        self.key_id = "6c5516e1-92dc-479e-a8ff-5a51992e0001"
        self.key_expired_at: int | None = None  # set it to expire the signing key
        self._serial = 0

    @property
    def transport(self) -> httpx.MockTransport:
        """An httpx transport (sync and async) answering as this fake."""
        return httpx.MockTransport(self)

    # --- state helpers used by tests ------------------------------------------------------

    def _next_id(self, prefix: str) -> str:
        self._serial += 1
        return f"{prefix}{self._serial:08d}"

    def add_item(self, transactions: int = 0, institution_id: str = "ins_109508") -> str:
        """A linked item with three accounts and ``transactions`` of history; returns its token."""
        item_id = self._next_id("item")
        token = f"access-sandbox-{self._serial:08x}-0000-4000-8000-{self._serial:012x}"
        accounts = [
            _account(self._next_id("acc"), "Checking", "depository", "checking", 1210.55),
            _account(self._next_id("acc"), "Savings", "depository", "savings", 8000.00),
            _account(self._next_id("acc"), "Credit Card", "credit", "credit card", 410.10),
        ]
        item = FakeItem(item_id, token, institution_id, accounts)
        self.items[token] = item
        self.add_transactions(token, transactions)
        return token

    def add_transactions(self, token: str, n: int) -> list[str]:
        """Post ``n`` new transactions to the item (logged as ``added``)."""
        item = self.items[token]
        ids = []
        for _ in range(n):
            txn_id = self._next_id("txn")
            account = item.accounts[self.rng.randrange(len(item.accounts))]
            cents = self.rng.randrange(-250_000, 900_000)
            day = START + dt.timedelta(days=self.rng.randrange(365))
            txn = wire_transaction(txn_id, account["account_id"], cents / 100, day, self._serial)
            item.transactions[txn_id] = txn
            item.log.append(("added", dict(txn)))
            ids.append(txn_id)
        item.version += 1
        return ids

    def modify_transaction(self, token: str, txn_id: str, amount: float) -> None:
        """Change a transaction's amount (logged as ``modified``)."""
        item = self.items[token]
        item.transactions[txn_id] = dict(item.transactions[txn_id], amount=amount)
        item.log.append(("modified", dict(item.transactions[txn_id])))
        item.version += 1

    def remove_transaction(self, token: str, txn_id: str) -> None:
        """Delete a transaction (logged as ``removed``)."""
        item = self.items[token]
        txn = item.transactions.pop(txn_id)
        item.log.append(("removed", {"transaction_id": txn_id, "account_id": txn["account_id"]}))
        item.version += 1

    def churn_after_page(
        self,
        token: str,
        page: int,
        *,
        add: int = 0,
        modify: Sequence[str] = (),
        remove: Sequence[str] = (),
    ) -> None:
        """Change the item's data once, right after the ``page``-th sync page from now."""
        target = self.sync_pages_served + page

        def churn(item: FakeItem, served: int) -> None:
            if served == target:
                self.add_transactions(token, add)
                for txn_id in modify:
                    self.modify_transaction(token, txn_id, 99.99)
                for txn_id in remove:
                    self.remove_transaction(token, txn_id)

        self.on_sync_page = churn

    def fail_next(self, path: str, times: int = 1, **kwargs: Any) -> None:
        """Answer the next ``times`` requests to ``path`` with a fault instead."""
        self.faults.extend(Fault(path, **kwargs) for _ in range(times))

    # --- the server -------------------------------------------------------------------------

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        self.calls.append(path)
        self.bodies.append((path, json.loads(request.content or b"{}")))
        if self.contract is not None:
            self.contract.check_request(request)
        fault = next((f for f in self.faults if f.path == path), None)
        if fault is not None:
            self.faults.remove(fault)
            if fault.exception is not None:
                raise fault.exception
            if fault.raw is not None:
                return httpx.Response(fault.status, content=fault.raw, headers=fault.headers)
            response = self._error(fault.status, fault.error_type, fault.error_code, fault.message)
            response.headers.update(fault.headers)
        else:
            response = self._dispatch(path, request)
        if self.contract is not None:
            self.contract.check_response(request, response)
        return response

    def _dispatch(self, path: str, request: httpx.Request) -> httpx.Response:
        if (
            request.headers.get("PLAID-CLIENT-ID") != CLIENT_ID
            or request.headers.get("PLAID-SECRET") != SECRET
        ):
            return self._error(
                400, "INVALID_INPUT", "INVALID_API_KEYS", "invalid client_id or secret provided"
            )
        body = json.loads(request.content)
        handler = getattr(self, "_" + path.strip("/").replace("/", "_"), None)
        if handler is None:
            return self._error(404, "INVALID_REQUEST", "NOT_FOUND", f"unknown path {path}")
        if "access_token" in body:
            item = self.items.get(body["access_token"])
            if item is None:
                return self._error(
                    400,
                    "INVALID_INPUT",
                    "INVALID_ACCESS_TOKEN",
                    "provided access token is in an invalid format",
                )
            if item.login_required and not path.startswith(("/sandbox/", "/item/")):
                return self._error(
                    400,
                    "ITEM_ERROR",
                    "ITEM_LOGIN_REQUIRED",
                    "the login details of this item have changed",
                    display="Please log in again.",
                )
            return handler(body, item)
        return handler(body)

    def _ok(self, payload: dict[str, Any]) -> httpx.Response:
        payload["request_id"] = self._next_id("req")
        return httpx.Response(200, json=payload)

    def _error(
        self, status: int, error_type: str, code: str, message: str, display: str | None = None
    ) -> httpx.Response:
        body = {
            "error_type": error_type,
            "error_code": code,
            "error_message": message,
            "display_message": display,
            "request_id": self._next_id("req"),
        }
        return httpx.Response(status, json=body)

    def _item_wire(self, item: FakeItem) -> dict[str, Any]:
        return {
            "item_id": item.item_id,
            "institution_id": item.institution_id,
            "institution_name": "First Platypus Bank",
            "webhook": None,
            "error": None,
            "available_products": ["balance", "identity"],
            "billed_products": ["transactions"],
            "consent_expiration_time": None,
            "update_type": "background",
        }

    # --- endpoints (named after their path) -------------------------------------------------

    def _link_token_create(
        self, body: dict[str, Any], item: FakeItem | None = None
    ) -> httpx.Response:
        expiration = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=4)).strftime(
            "%Y-%m-%dT%H:%M:%SZ"
        )
        return self._ok(
            {"link_token": f"link-sandbox-{self._next_id('')}", "expiration": expiration}
        )

    def _sandbox_public_token_create(self, body: dict[str, Any]) -> httpx.Response:
        token = self.add_item(institution_id=body["institution_id"])
        public = f"public-sandbox-{self._next_id('')}"
        self.public_tokens[public] = token
        return self._ok({"public_token": public})

    def _item_public_token_exchange(self, body: dict[str, Any]) -> httpx.Response:
        token = self.public_tokens.pop(body["public_token"], None)
        if token is None:
            return self._error(
                400, "INVALID_INPUT", "INVALID_PUBLIC_TOKEN", "provided public token is expired"
            )
        return self._ok({"access_token": token, "item_id": self.items[token].item_id})

    def _accounts_get(self, body: dict[str, Any], item: FakeItem) -> httpx.Response:
        return self._ok({"accounts": item.accounts, "item": self._item_wire(item)})

    _accounts_balance_get = _accounts_get

    def _item_get(self, body: dict[str, Any], item: FakeItem) -> httpx.Response:
        return self._ok({"item": self._item_wire(item)})

    def _item_remove(self, body: dict[str, Any], item: FakeItem) -> httpx.Response:
        del self.items[item.access_token]
        return self._ok({})

    def _sandbox_item_reset_login(self, body: dict[str, Any], item: FakeItem) -> httpx.Response:
        item.login_required = True
        return self._ok({"reset_login": True})

    def _sandbox_item_fire_webhook(self, body: dict[str, Any], item: FakeItem) -> httpx.Response:
        return self._ok({"webhook_fired": True})

    def _example_for(self, path: str, item: FakeItem) -> httpx.Response:
        assert self.contract is not None, "this endpoint needs the contract's examples"
        payload = self.contract.example(path)
        payload.pop("request_id", None)
        return self._ok(payload)

    def _identity_get(self, body: dict[str, Any], item: FakeItem) -> httpx.Response:
        return self._example_for("/identity/get", item)

    def _liabilities_get(self, body: dict[str, Any], item: FakeItem) -> httpx.Response:
        return self._example_for("/liabilities/get", item)

    def _investments_holdings_get(self, body: dict[str, Any], item: FakeItem) -> httpx.Response:
        return self._example_for("/investments/holdings/get", item)

    def _investments_transactions_get(self, body: dict[str, Any], item: FakeItem) -> httpx.Response:
        assert self.contract is not None
        payload = self.contract.example("/investments/transactions/get")
        everything = payload["investment_transactions"]
        offset = body.get("options", {}).get("offset", 0)
        count = body.get("options", {}).get("count", 100)
        payload["investment_transactions"] = everything[offset : offset + count]
        payload["total_investment_transactions"] = len(everything)
        payload.pop("request_id", None)
        return self._ok(payload)

    def _institutions_search(self, body: dict[str, Any]) -> httpx.Response:
        assert self.contract is not None
        payload = self.contract.example("/institutions/search")
        payload.pop("request_id", None)
        return self._ok(payload)

    def _webhook_verification_key_get(self, body: dict[str, Any]) -> httpx.Response:
        if body["key_id"] != self.key_id:
            return self._error(
                400,
                "INVALID_INPUT",
                "INVALID_WEBHOOK_VERIFICATION_KEY_ID",
                "invalid key_id provided",
            )
        jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(self.signing_key.public_key()))
        key = {
            "alg": "ES256",
            "crv": jwk["crv"],
            "kid": self.key_id,
            "kty": "EC",
            "use": "sig",
            "x": jwk["x"],
            "y": jwk["y"],
            "created_at": 1560466150,
            "expired_at": self.key_expired_at,
        }
        return self._ok({"key": key})

    def sign_webhook(self, body: bytes, iat: int | None = None) -> str:
        """The ``Plaid-Verification`` header Plaid would send with ``body``."""
        claims = {
            "iat": int(time.time()) if iat is None else iat,
            "request_body_sha256": hashlib.sha256(body).hexdigest(),
        }
        return jwt.encode(claims, self.signing_key, algorithm="ES256", headers={"kid": self.key_id})

    def _transactions_sync(self, body: dict[str, Any], item: FakeItem) -> httpx.Response:
        pos, version, mid = 0, item.version, False
        if body.get("cursor"):
            pos, version, mid = _decode_cursor(body["cursor"], item.item_id)
        if mid and version != item.version:
            return self._error(
                400,
                "TRANSACTIONS_ERROR",
                "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION",
                "Underlying transaction data changed since last page was fetched. "
                "Please restart pagination from last update.",
            )
        count = body.get("count", 100)
        entries = item.log[pos : pos + count]
        end = pos + len(entries)
        has_more = end < len(item.log)
        payload = {
            "transactions_update_status": "HISTORICAL_UPDATE_COMPLETE",
            "accounts": item.accounts,
            "added": [t for kind, t in entries if kind == "added"],
            "modified": [t for kind, t in entries if kind == "modified"],
            "removed": [t for kind, t in entries if kind == "removed"],
            "next_cursor": _encode_cursor(item.item_id, end, item.version, has_more),
            "has_more": has_more,
        }
        self.sync_pages_served += 1
        response = self._ok(payload)
        if self.on_sync_page is not None:
            self.on_sync_page(item, self.sync_pages_served)
        return response


def _encode_cursor(item_id: str, pos: int, version: int, mid: bool) -> str:
    raw = f"{item_id}:{pos}:{version}:{int(mid)}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str, item_id: str) -> tuple[int, int, bool]:
    raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    owner, pos, version, mid = raw.split(":")
    assert owner == item_id, "cursor belongs to another item"
    return int(pos), int(version), mid == "1"
