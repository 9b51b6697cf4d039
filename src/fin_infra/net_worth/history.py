"""Change and growth between two snapshots, attributed to categories."""

from __future__ import annotations

from decimal import Decimal

from fin_infra.errors import CurrencyMismatchError
from fin_infra.models import NetWorthSnapshot
from fin_infra.money import quantize
from fin_infra.net_worth.models import NetWorthCategory, NetWorthChange

__all__ = ["net_worth_change"]


def net_worth_change(before: NetWorthSnapshot, after: NetWorthSnapshot) -> NetWorthChange:
    """How net worth moved from ``before`` to ``after`` (same currency), by category.

    When the asset breakdowns do not add up to the totals (snapshots recorded by hand), the rest
    of the change is reported as ``unattributed``, so the attribution always sums to the change.

    >>> import datetime as dt
    >>> from fin_infra.money import D
    >>> jan = NetWorthSnapshot(as_of=dt.date(2025, 1, 1), total_assets=D(10000),
    ...     total_liabilities=D(4000), net_worth=D(6000),
    ...     assets_breakdown={"cash": D(10000)}, liabilities_breakdown={"loan": D(4000)})
    >>> feb = NetWorthSnapshot(as_of=dt.date(2025, 2, 1), total_assets=D(10500),
    ...     total_liabilities=D(3800), net_worth=D(6700),
    ...     assets_breakdown={"cash": D(9000), "investments": D(1500)},
    ...     liabilities_breakdown={"loan": D(3800)})
    >>> move = net_worth_change(jan, feb)
    >>> move.change, move.percent
    (Decimal('700'), Decimal('11.67'))
    >>> move.attribution
    {'cash': Decimal('-1000'), 'investments': Decimal('1500'), 'debt': Decimal('200')}
    """
    if before.currency != after.currency:
        raise CurrencyMismatchError(
            f"snapshots are in {before.currency} and {after.currency}; compare one currency"
        )
    keys = list(dict.fromkeys([*before.assets_breakdown, *after.assets_breakdown]))
    zero = Decimal(0)
    attribution = {
        k: after.assets_breakdown.get(k, zero) - before.assets_breakdown.get(k, zero) for k in keys
    }
    attribution[NetWorthCategory.DEBT.value] = before.total_liabilities - after.total_liabilities
    change = after.net_worth - before.net_worth
    unexplained = change - sum(attribution.values(), zero)
    if unexplained:
        attribution["unattributed"] = unexplained
    start = before.net_worth
    return NetWorthChange(
        start=before.as_of,
        end=after.as_of,
        currency=before.currency,
        start_net_worth=start,
        end_net_worth=after.net_worth,
        change=change,
        percent=None if start == 0 else quantize(change / abs(start) * 100, 2),
        attribution=attribution,
    )
