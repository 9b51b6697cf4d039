"""Tax: the wash-sale rule, tax-loss harvesting candidates and a Form-8949-style report.

Built on :mod:`fin_infra.investments`: :func:`wash_sale_ledger` replays transactions with the
wash-sale rule applied, :func:`harvest_candidates` ranks lots to sell at a loss, and
:func:`form_8949` lays a year's dispositions out as Form 8949 rows (CSV or JSON). This is
arithmetic on the data given, not tax advice.
"""

from __future__ import annotations

from fin_infra.tax.form8949 import COLUMNS, Form8949Row, form_8949, form_8949_csv, form_8949_json
from fin_infra.tax.harvesting import HarvestCandidate, PlannedBuy, TaxRates, harvest_candidates
from fin_infra.tax.wash_sales import WashSaleRule, wash_sale_ledger

__all__ = [
    "COLUMNS",
    "Form8949Row",
    "HarvestCandidate",
    "PlannedBuy",
    "TaxRates",
    "WashSaleRule",
    "form_8949",
    "form_8949_csv",
    "form_8949_json",
    "harvest_candidates",
    "wash_sale_ledger",
]
