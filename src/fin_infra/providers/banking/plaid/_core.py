"""Plaid's I/O-free core: every endpoint as a request builder plus a response parser.

Each operation is a generator (see :mod:`fin_infra.providers._drive`): it yields requests and
receives responses, so :class:`~.client.PlaidClient` and :class:`~.client.AsyncPlaidClient` share
all of Plaid's logic, including the ``/transactions/sync`` pagination and its restart rule.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final, Literal, TypeVar

import httpx
from pydantic import BaseModel

from fin_infra.errors import ValidationError
from fin_infra.models import Account, Holding, Security
from fin_infra.providers._drive import Op, Stream
from fin_infra.providers._http import ApiRequest, ProviderProfile, parse_model
from fin_infra.providers._paging import CursorGuard
from fin_infra.providers._ratelimit import RateLimit
from fin_infra.providers._redact import Secret
from fin_infra.providers.banking.base import LinkToken, SyncPage, TokenExchange
from fin_infra.providers.banking.plaid import _wire as w
from fin_infra.providers.banking.plaid._convert import (
    to_account,
    to_holding,
    to_security,
    to_transaction,
)
from fin_infra.providers.banking.plaid._errors import (
    TransactionsSyncMutationError,
    classify_plaid_error,
    decode_plaid_error,
)

__all__ = ["API_VERSION", "ENVIRONMENTS", "PLAID_RATE_LIMIT", "PlaidCore", "PlaidEnvironment"]

PlaidEnvironment = Literal["sandbox", "production"]
ENVIRONMENTS: Final[dict[str, str]] = {
    "sandbox": "https://sandbox.plaid.com",
    "production": "https://production.plaid.com",
}
API_VERSION: Final = "2020-09-14"
MAX_SYNC_COUNT: Final = 500
PLAID_RATE_LIMIT: Final = RateLimit(rate=40.0, burst=40)
"""Per client id: a little under Plaid's default of 2,500 requests a minute per client."""

M = TypeVar("M", bound=BaseModel)


def parse(response: httpx.Response, model: type[M]) -> M:
    """A Plaid 2xx body decoded exactly (``Decimal`` numbers) into ``model``."""
    return parse_model(response, model, "plaid")


class PlaidCore:
    """Builds Plaid requests and parses Plaid responses; holds credentials, does no I/O."""

    def __init__(
        self,
        client_id: str,
        secret: str | Secret,
        *,
        environment: PlaidEnvironment = "sandbox",
        base_url: str | None = None,
        rate_limit: RateLimit | None = PLAID_RATE_LIMIT,
    ) -> None:
        secret = secret.reveal() if isinstance(secret, Secret) else secret
        if not client_id or not secret:
            raise ValidationError(
                "PlaidClient needs client_id and secret (Plaid Dashboard > Developers > Keys); "
                "use the sandbox secret with environment='sandbox'"
            )
        if environment not in ENVIRONMENTS:
            raise ValidationError(f"environment must be one of {sorted(ENVIRONMENTS)}")
        self.environment = environment
        self.profile = ProviderProfile(
            name="plaid",
            base_url=base_url or ENVIRONMENTS[environment],
            headers={
                "PLAID-CLIENT-ID": client_id,
                "PLAID-SECRET": secret,
                "Plaid-Version": API_VERSION,
            },
            secrets=(secret,),
            decode_error=decode_plaid_error,
            classify_error=classify_plaid_error,
            rate_limit=rate_limit,
            rate_limit_key=client_id,
        )

    @staticmethod
    def _post(
        path: str, body: Mapping[str, Any], token: str | None = None, *, idempotent: bool = True
    ) -> ApiRequest:
        return ApiRequest(
            "POST",
            path,
            json=body,
            idempotent=idempotent,
            secrets=(token,) if token else (),
        )

    def _call(
        self,
        path: str,
        body: Mapping[str, Any],
        model: type[M],
        token: str | None = None,
        *,
        idempotent: bool = True,
    ) -> Op[M]:
        response = yield self._post(path, body, token, idempotent=idempotent)
        return parse(response, model)

    # --- Link and items ---------------------------------------------------------------------

    def create_link_token(
        self,
        user_id: str,
        *,
        products: Sequence[str] = ("transactions",),
        client_name: str = "fin-infra",
        country_codes: Sequence[str] = ("US",),
        language: str = "en",
        webhook: str | None = None,
        access_token: str | None = None,
    ) -> Op[LinkToken]:
        body: dict[str, Any] = {
            "client_name": client_name,
            "language": language,
            "country_codes": list(country_codes),
            "user": {"client_user_id": user_id},
        }
        if access_token is None:
            body["products"] = list(products)
        else:
            body["access_token"] = access_token
        if webhook:
            body["webhook"] = webhook
        wire = yield from self._call(
            "/link/token/create", body, w.WireLinkTokenResponse, access_token, idempotent=False
        )
        return LinkToken(link_token=wire.link_token, expiration=wire.expiration)

    def exchange_public_token(self, public_token: str) -> Op[TokenExchange]:
        wire = yield from self._call(
            "/item/public_token/exchange",
            {"public_token": public_token},
            w.WireExchangeResponse,
            public_token,
            idempotent=False,
        )
        return TokenExchange(access_token=wire.access_token, item_id=wire.item_id)

    def item(self, access_token: str) -> Op[w.WireItem]:
        wire = yield from self._call(
            "/item/get", {"access_token": access_token}, w.WireItemResponse, access_token
        )
        return wire.item

    def remove_item(self, access_token: str) -> Op[None]:
        # A write: a timed-out remove may have happened, so it is not retried automatically.
        yield from self._call(
            "/item/remove",
            {"access_token": access_token},
            _RequestOnly,
            access_token,
            idempotent=False,
        )

    # --- Accounts, balances, identity ---------------------------------------------------------

    def accounts(self, access_token: str) -> Op[list[Account]]:
        wire = yield from self._call(
            "/accounts/get", {"access_token": access_token}, w.WireAccountsResponse, access_token
        )
        return [to_account(a, wire.item.institution_id) for a in wire.accounts]

    def balances(self, access_token: str) -> Op[list[Account]]:
        wire = yield from self._call(
            "/accounts/balance/get",
            {"access_token": access_token},
            w.WireAccountsResponse,
            access_token,
        )
        return [to_account(a, wire.item.institution_id) for a in wire.accounts]

    def identity(self, access_token: str) -> Op[list[w.WireAccountIdentity]]:
        wire = yield from self._call(
            "/identity/get", {"access_token": access_token}, w.WireIdentityResponse, access_token
        )
        return wire.accounts

    def liabilities(self, access_token: str) -> Op[w.WireLiabilities]:
        wire = yield from self._call(
            "/liabilities/get",
            {"access_token": access_token},
            w.WireLiabilitiesResponse,
            access_token,
        )
        return wire.liabilities

    # --- Investments ------------------------------------------------------------------------

    def holdings(self, access_token: str) -> Op[tuple[list[Holding], list[Security]]]:
        wire = yield from self._call(
            "/investments/holdings/get",
            {"access_token": access_token},
            w.WireHoldingsResponse,
            access_token,
        )
        symbols = {s.security_id: s.ticker_symbol for s in wire.securities}
        holdings = [to_holding(h, symbols.get(h.security_id)) for h in wire.holdings]
        return holdings, [to_security(s) for s in wire.securities]

    def investment_transactions(
        self, access_token: str, start_date: str, end_date: str, *, count: int = 500
    ) -> Op[list[w.WireInvestmentTransaction]]:
        """Every investment transaction in the date range, following ``offset`` pages."""
        found: list[w.WireInvestmentTransaction] = []
        while True:
            body = {
                "access_token": access_token,
                "start_date": start_date,
                "end_date": end_date,
                "options": {"count": count, "offset": len(found)},
            }
            wire = yield from self._call(
                "/investments/transactions/get",
                body,
                w.WireInvestmentTransactionsResponse,
                access_token,
            )
            found.extend(wire.investment_transactions)
            if not wire.investment_transactions or len(found) >= wire.total_investment_transactions:
                return found

    # --- Institutions and sandbox helpers -----------------------------------------------------

    def search_institutions(
        self, query: str, *, country_codes: Sequence[str] = ("US",), products: Sequence[str] = ()
    ) -> Op[list[w.WireInstitution]]:
        body: dict[str, Any] = {"query": query, "country_codes": list(country_codes)}
        if products:
            body["products"] = list(products)
        wire = yield from self._call("/institutions/search", body, w.WireInstitutionsResponse)
        return wire.institutions

    def sandbox_public_token(
        self, institution_id: str, products: Sequence[str] = ("transactions",)
    ) -> Op[str]:
        wire = yield from self._call(
            "/sandbox/public_token/create",
            {"institution_id": institution_id, "initial_products": list(products)},
            w.WirePublicTokenResponse,
            idempotent=False,
        )
        return wire.public_token

    def sandbox_reset_login(self, access_token: str) -> Op[None]:
        yield from self._call(
            "/sandbox/item/reset_login", {"access_token": access_token}, _RequestOnly, access_token
        )

    def sandbox_fire_webhook(self, access_token: str, webhook_code: str) -> Op[None]:
        yield from self._call(
            "/sandbox/item/fire_webhook",
            {"access_token": access_token, "webhook_code": webhook_code},
            _RequestOnly,
            access_token,
            idempotent=False,
        )

    def webhook_verification_key(self, key_id: str, *, retry: bool = True) -> Op[dict[str, object]]:
        wire = yield from self._call(
            "/webhook_verification_key/get",
            {"key_id": key_id},
            w.WireVerificationKeyResponse,
            idempotent=retry,
        )
        return wire.key

    # --- Transactions -------------------------------------------------------------------------

    def sync_pages(
        self,
        access_token: str,
        cursor: str | None = None,
        *,
        count: int = MAX_SYNC_COUNT,
        max_restarts: int = 3,
    ) -> Stream[SyncPage]:
        """Pages of ``/transactions/sync`` from ``cursor`` until ``has_more`` is false.

        On ``TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION`` the loop starts again from its first
        cursor (not from the failed page), at most ``max_restarts`` times, and marks the next page
        ``restarted`` so consumers discard what this loop gave them before.
        """
        if not 1 <= count <= MAX_SYNC_COUNT:
            raise ValidationError(f"count must be between 1 and {MAX_SYNC_COUNT}")
        current, restarts, restarted = cursor, 0, False
        guard = CursorGuard("plaid", "/transactions/sync")
        if cursor:
            guard.follow(cursor)
        while True:
            body: dict[str, Any] = {"access_token": access_token, "count": count}
            if current:
                body["cursor"] = current
            try:
                response = yield self._post("/transactions/sync", body, access_token)
            except TransactionsSyncMutationError:
                restarts += 1
                if restarts > max_restarts:
                    raise
                current, restarted = cursor, True
                guard.reset()
                if cursor:
                    guard.follow(cursor)
                continue
            if response is None:  # pragma: no cover - the drivers answer every request
                raise RuntimeError("sync_pages was resumed without a response")
            wire = parse(response, w.WireSyncResponse)
            yield SyncPage(
                added=[to_transaction(t) for t in wire.added],
                modified=[to_transaction(t) for t in wire.modified],
                removed=[r.transaction_id for r in wire.removed],
                cursor=current,
                next_cursor=wire.next_cursor,
                has_more=wire.has_more,
                restarted=restarted,
            )
            restarted = False
            if not wire.has_more:
                return
            current = guard.follow(wire.next_cursor)


class _RequestOnly(BaseModel):
    """A response whose only field fin-infra needs is Plaid's ``request_id``."""

    request_id: str
