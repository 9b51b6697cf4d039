"""Plaid transactions in the exact wire shape ``/transactions/sync`` returns.

Shared by the fake Plaid server and the normalization benchmark; the contract tests validate
this shape against Plaid's OpenAPI document.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

_MERCHANTS = [
    ("Whole Foods", "FOOD_AND_DRINK", "FOOD_AND_DRINK_GROCERIES"),
    ("Starbucks", "FOOD_AND_DRINK", "FOOD_AND_DRINK_COFFEE"),
    ("Shell", "TRANSPORTATION", "TRANSPORTATION_GAS"),
    ("Netflix", "ENTERTAINMENT", "ENTERTAINMENT_TV_AND_MOVIES"),
    ("Amazon", "GENERAL_MERCHANDISE", "GENERAL_MERCHANDISE_ONLINE_MARKETPLACES"),
    ("Uber", "TRANSPORTATION", "TRANSPORTATION_TAXIS_AND_RIDE_SHARES"),
]


def wire_transaction(
    txn_id: str, account_id: str, amount: float, day: dt.date, i: int
) -> dict[str, Any]:
    """A transaction in Plaid's wire format (every field the contract requires)."""
    merchant, primary, detailed = _MERCHANTS[i % len(_MERCHANTS)]
    return {
        "account_id": account_id,
        "account_owner": None,
        "amount": amount,
        "iso_currency_code": "USD",
        "unofficial_currency_code": None,
        "check_number": None,
        "date": day.isoformat(),
        "datetime": None,
        "authorized_date": day.isoformat(),
        "authorized_datetime": None,
        "location": {
            "address": None,
            "city": None,
            "region": None,
            "postal_code": None,
            "country": None,
            "lat": None,
            "lon": None,
            "store_number": None,
        },
        "name": f"{merchant.upper()} #{i % 997}",
        "merchant_name": merchant,
        "merchant_entity_id": None,
        "logo_url": None,
        "website": None,
        "payment_meta": {
            "by_order_of": None,
            "payee": None,
            "payer": None,
            "payment_method": None,
            "payment_processor": None,
            "ppd_id": None,
            "reason": None,
            "reference_number": None,
        },
        "payment_channel": "in store",
        "pending": False,
        "pending_transaction_id": None,
        "personal_finance_category": {"primary": primary, "detailed": detailed},
        "transaction_id": txn_id,
        "transaction_code": None,
        "transaction_type": "place",
    }
