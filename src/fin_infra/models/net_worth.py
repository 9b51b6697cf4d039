"""A point-in-time statement of what someone owns and owes."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from fin_infra.models._types import Amount, CurrencyCode, DomainModel

__all__ = ["NetWorthSnapshot"]


class NetWorthSnapshot(DomainModel):
    """Assets, liabilities and their difference on one date, in one currency.

    ``total_liabilities`` is a positive amount owed; ``net_worth`` must equal assets minus
    liabilities (checked). Breakdowns map a label (account type, asset class) to an amount.
    """

    as_of: dt.date
    currency: CurrencyCode = "USD"
    total_assets: Amount = Field(ge=0)
    total_liabilities: Amount = Field(ge=0)
    net_worth: Amount
    assets_breakdown: dict[str, Amount] = Field(default_factory=dict)
    liabilities_breakdown: dict[str, Amount] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _check_total(self) -> NetWorthSnapshot:
        if self.net_worth != self.total_assets - self.total_liabilities:
            raise ValueError("net_worth must equal total_assets - total_liabilities")
        return self
