"""``SandboxBanking``: a deterministic, offline :class:`BankingProvider` for demos and tests.

It links fictional institutions (see :data:`INSTITUTIONS`), and gives each linked item accounts
with a year of realistic transactions (paychecks, rent, groceries, subscriptions...). The same
``seed``, ``as_of`` date and public token always produce the same data; nothing touches the
network. Balances agree with the transactions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Iterator, Sequence
from decimal import Decimal
from functools import lru_cache

from fin_infra.errors import ValidationError
from fin_infra.models import (
    Account,
    AccountBalances,
    AccountType,
    Holding,
    Security,
    Transaction,
)
from fin_infra.money import D
from fin_infra.providers.banking.base import (
    LinkToken,
    SyncAccumulator,
    SyncPage,
    TokenExchange,
    TransactionsSyncResult,
)
from fin_infra.providers.banking.sandbox._catalog import (
    HOLDINGS,
    INSTITUTIONS,
    AccountTemplate,
    Institution,
)
from fin_infra.providers.errors import AuthenticationError, InvalidRequestError

__all__ = ["SandboxBanking"]

_CURSOR_PREFIX = "sandbox-v1:"
_CENT = Decimal("0.01")


def _digest(*parts: object) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()


class SandboxBanking:
    """An offline bank aggregator with fictional institutions and a year of history.

    >>> bank = SandboxBanking(as_of=dt.date(2025, 6, 30))
    >>> token = bank.exchange_public_token(bank.sandbox_public_token("ins_fi_platypus"))
    >>> [a.name for a in bank.accounts(token.access_token)]
    ['Everyday Checking', 'High-Yield Savings', 'Rewards Card']
    """

    name = "sandbox"

    def __init__(
        self, seed: int = 0, *, as_of: dt.date | None = None, history_days: int = 365
    ) -> None:
        if history_days < 1:
            raise ValidationError("history_days must be at least 1")
        self.seed = seed
        self.as_of = as_of or dt.date.today()
        self.history_days = history_days
        self._removed: set[str] = set()

    def __repr__(self) -> str:
        return f"SandboxBanking(seed={self.seed}, as_of={self.as_of.isoformat()})"

    # --- linking ----------------------------------------------------------------------------

    @staticmethod
    def institutions() -> list[tuple[str, str]]:
        """``(institution_id, name)`` of every linkable institution."""
        return [(i.id, i.name) for i in INSTITUTIONS.values()]

    def create_link_token(
        self, user_id: str, *, products: Sequence[str] = ("transactions",)
    ) -> LinkToken:
        """A Link token; the sandbox has no UI, use :meth:`sandbox_public_token` next."""
        expires = dt.datetime.combine(self.as_of, dt.time(4), tzinfo=dt.UTC)
        return LinkToken(
            link_token=f"link-sandbox-{_digest(self.seed, user_id, *products)[:32]}",
            expiration=expires.isoformat().replace("+00:00", "Z"),
        )

    def sandbox_public_token(self, institution_id: str, user: str = "user") -> str:
        """What Link would hand back after ``user`` linked ``institution_id``."""
        if institution_id not in INSTITUTIONS:
            raise InvalidRequestError(
                f"unknown sandbox institution {institution_id!r}; "
                f"choose from {sorted(INSTITUTIONS)}",
                provider=self.name,
                code="INVALID_INSTITUTION",
            )
        return f"public-sandbox-{institution_id}-{_digest(user)[:12]}"

    def exchange_public_token(self, public_token: str) -> TokenExchange:
        """The access token and item id for a public token from :meth:`sandbox_public_token`."""
        institution_id = self._institution_of(public_token, "public-sandbox-").id
        item = _digest(self.seed, public_token)[:16]
        return TokenExchange(
            access_token=f"access-sandbox-{institution_id}-{item}", item_id=f"item-{item}"
        )

    def remove_item(self, access_token: str) -> None:
        """Forget the item; its access token stops working on this instance."""
        self._item(access_token)
        self._removed.add(access_token)

    # --- data ---------------------------------------------------------------------------------

    def accounts(self, access_token: str) -> list[Account]:
        """The item's accounts, balances consistent with their transactions."""
        institution, item = self._item(access_token)
        history = _history(self.seed, self.as_of, self.history_days, institution.id, item)
        return [
            _account(institution, item, n, template, history[n])
            for n, template in enumerate(institution.accounts)
        ]

    balances = accounts

    def holdings(self, access_token: str) -> tuple[list[Holding], list[Security]]:
        """Positions of the item's investment accounts, and their securities."""
        institution, item = self._item(access_token)
        holdings: list[Holding] = []
        securities = [
            Security(id=f"sec-{symbol.lower()}", symbol=symbol, name=name, type=kind)
            for symbol, name, kind, *_ in HOLDINGS
        ]
        for n, template in enumerate(institution.accounts):
            if template.type is not AccountType.INVESTMENT:
                continue
            for symbol, _, _, quantity, price, cost in HOLDINGS:
                holdings.append(
                    Holding(
                        account_id=f"{item}-{n}",
                        security_id=f"sec-{symbol.lower()}",
                        symbol=symbol,
                        quantity=D(quantity),
                        institution_price=D(price),
                        cost_basis=D(cost),
                    )
                )
        return holdings, securities if holdings else []

    def iter_transactions_sync(
        self, access_token: str, cursor: str | None = None, *, count: int = 500
    ) -> Iterator[SyncPage]:
        """The item's history as ``added`` pages, oldest first, then an empty page at the end."""
        if not 1 <= count <= 500:
            raise ValidationError("count must be between 1 and 500")
        institution, item = self._item(access_token)
        history = _history(self.seed, self.as_of, self.history_days, institution.id, item)
        everything = sorted((t for txns in history for t in txns), key=lambda t: (t.date, t.id))
        offset = self._offset(cursor, len(everything))
        while True:
            page = everything[offset : offset + count]
            end = offset + len(page)
            yield SyncPage(
                added=page,
                modified=[],
                removed=[],
                cursor=cursor,
                next_cursor=f"{_CURSOR_PREFIX}{end}",
                has_more=end < len(everything),
            )
            if end >= len(everything):
                return
            offset, cursor = end, f"{_CURSOR_PREFIX}{end}"

    def transactions_sync(
        self, access_token: str, cursor: str | None = None, *, count: int = 500
    ) -> TransactionsSyncResult:
        """Every transaction after ``cursor``, with the cursor to store."""
        return SyncAccumulator.collect(
            self.iter_transactions_sync(access_token, cursor, count=count)
        )

    # --- helpers ------------------------------------------------------------------------------

    def _institution_of(self, token: str, prefix: str) -> Institution:
        rest = token.removeprefix(prefix) if token.startswith(prefix) else ""
        institution_id = rest.rsplit("-", 1)[0]
        institution = INSTITUTIONS.get(institution_id)
        if institution is None:
            raise AuthenticationError(
                "not a token issued by the sandbox provider",
                provider=self.name,
                code="INVALID_ACCESS_TOKEN"
                if prefix.startswith("access")
                else "INVALID_PUBLIC_TOKEN",
            )
        return institution

    def _item(self, access_token: str) -> tuple[Institution, str]:
        institution = self._institution_of(access_token, "access-sandbox-")
        if access_token in self._removed:
            raise AuthenticationError(
                "the item was removed", provider=self.name, code="ITEM_NOT_FOUND"
            )
        return institution, access_token.rsplit("-", 1)[1]

    @staticmethod
    def _offset(cursor: str | None, total: int) -> int:
        if not cursor:
            return 0
        text = cursor.removeprefix(_CURSOR_PREFIX)
        if not cursor.startswith(_CURSOR_PREFIX) or not text.isdigit() or int(text) > total:
            raise InvalidRequestError(
                "cursor was not issued by this sandbox item",
                provider="sandbox",
                code="INVALID_CURSOR",
            )
        return int(text)


def _account(
    institution: Institution,
    item: str,
    n: int,
    template: AccountTemplate,
    transactions: list[Transaction],
) -> Account:
    net = D(template.opening_cents) / 100 + sum((t.amount for t in transactions), Decimal(0))
    if template.type.is_liability:
        current = max(-net, Decimal(0)).quantize(_CENT)  # owed, as a positive amount
        available = None
    else:
        current = available = net.quantize(_CENT)
    limit = None if template.limit_cents is None else D(template.limit_cents) / 100
    return Account(
        id=f"{item}-{n}",
        name=template.name,
        type=template.type,
        subtype=template.subtype,
        official_name=f"{institution.name} {template.name}",
        mask=f"{int(_digest(item, n)[:8], 16) % 10_000:04d}",
        institution_id=institution.id,
        balances=AccountBalances(current=current, available=available, limit=limit),
    )


@lru_cache(maxsize=32)
def _history(
    seed: int, as_of: dt.date, days: int, institution_id: str, item: str
) -> tuple[list[Transaction], ...]:
    """Every account's transactions over ``days`` up to ``as_of`` (deterministic, cached)."""
    institution = INSTITUTIONS[institution_id]
    start = as_of - dt.timedelta(days=days - 1)
    result = []
    for n, template in enumerate(institution.accounts):
        rng = random.Random(_digest(seed, item, n))
        account_id = f"{item}-{n}"
        txns: list[Transaction] = []
        for p, pattern in enumerate(template.patterns):
            day = start + dt.timedelta(days=rng.randrange(pattern.every_days))
            while day <= as_of:
                shifted = day + dt.timedelta(days=rng.randint(0, pattern.jitter_days))
                if start <= shifted <= as_of:
                    cents = rng.randint(pattern.min_cents, pattern.max_cents)
                    txns.append(
                        Transaction(
                            id=f"{account_id}-{p}-{shifted.isoformat()}",
                            account_id=account_id,
                            amount=D(cents) / 100,
                            date=shifted,
                            name=pattern.name,
                            merchant_name=pattern.merchant,
                            category=pattern.category,
                            category_detailed=pattern.detailed,
                            pending=(as_of - shifted).days < 2,
                        )
                    )
                day += dt.timedelta(days=pattern.every_days)
        if template.type is AccountType.CREDIT:
            txns.extend(_card_payments(account_id, txns, start, as_of))
        result.append(txns)
    return tuple(result)


def _card_payments(
    account_id: str, charges: list[Transaction], start: dt.date, as_of: dt.date
) -> list[Transaction]:
    """A payment on the 25th of each month paying off the previous month's charges."""
    payments = []
    month = dt.date(start.year, start.month, 1)
    while month <= as_of:
        following = (month + dt.timedelta(days=32)).replace(day=1)
        due = following.replace(day=25)
        owed = -sum((t.amount for t in charges if month <= t.date < following), Decimal(0))
        if start <= due <= as_of and owed > 0:
            payments.append(
                Transaction(
                    id=f"{account_id}-pay-{due.isoformat()}",
                    account_id=account_id,
                    amount=owed,
                    date=due,
                    name="PAYMENT - THANK YOU",
                    category="LOAN_PAYMENTS",
                    category_detailed="LOAN_PAYMENTS_CREDIT_CARD_PAYMENT",
                )
            )
        month = following
    return payments
