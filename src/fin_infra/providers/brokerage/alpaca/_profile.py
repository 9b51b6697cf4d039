"""How to talk to Alpaca, shared by the trading and the market-data clients.

Both APIs authenticate with the ``APCA-API-KEY-ID`` / ``APCA-API-SECRET-KEY`` headers, answer
errors as ``{"code": 40310000, "message": "..."}`` with an ``X-Request-ID`` header, and allow 200
requests a minute per account, which the client-side bucket stays under.
"""

from __future__ import annotations

from typing import Final

from fin_infra.errors import ValidationError
from fin_infra.providers._http import ProviderProfile
from fin_infra.providers._ratelimit import RateLimit

__all__ = ["ALPACA_RATE_LIMIT", "alpaca_profile"]

ALPACA_RATE_LIMIT: Final = RateLimit(rate=3.0, burst=20)
"""At most 200 requests in any minute: a burst of 20, then three a second."""


def alpaca_profile(
    key_id: str, secret_key: str, base_url: str, rate_limit: RateLimit | None
) -> ProviderProfile:
    """The seam's profile for one Alpaca API host and key pair."""
    if not key_id or not secret_key:
        raise ValidationError(
            "Alpaca needs key_id and secret_key (dashboard > API keys); paper keys start with PK"
        )
    return ProviderProfile(
        name="alpaca",
        base_url=base_url,
        headers={"APCA-API-KEY-ID": key_id, "APCA-API-SECRET-KEY": secret_key},
        secrets=(secret_key,),
        rate_limit=rate_limit,
        rate_limit_key=key_id,
    )
