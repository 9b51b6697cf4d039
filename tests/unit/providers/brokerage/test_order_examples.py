"""Alpaca's own order examples (equity, crypto, IPO, options, multi-leg) never break listing."""

from __future__ import annotations

import logging

import pytest

from fin_infra.providers.brokerage import OrderType, UnsupportedOrderError
from fin_infra.providers.brokerage.alpaca import AlpacaClient
from fin_infra.providers.brokerage.alpaca import _wire as w
from fin_infra.providers.brokerage.alpaca._convert import to_order
from tests.fakes.alpaca import FakeAlpacaTrading
from tests.fakes.contract import load_contract
from tests.fakes.market import ALPACA_KEY_ID, ALPACA_SECRET

EXAMPLES = [
    "EquityOrderResponse",
    "CryptoOrderResponse",
    "IPOOrderResponse",
    "OptionOrderResponse",
    "MultilegOptionsOrderResponse",
]


def example(name: str) -> dict:
    spec = load_contract("alpaca", "trading-api.json").spec
    return dict(spec["components"]["examples"][name]["value"])


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_spec_example_parses_or_is_unsupported_with_a_reason(name: str) -> None:
    wire = w.WireOrder.model_validate(example(name))
    if name == "MultilegOptionsOrderResponse":
        with pytest.raises(UnsupportedOrderError, match="multi-leg") as info:
            to_order(wire)
        assert info.value.order_id == wire.id
        assert info.value.client_order_id == wire.client_order_id
        return
    order = to_order(wire)
    assert order.id == wire.id
    assert order.asset_class == wire.asset_class
    assert order.type in set(OrderType)


def test_one_unmodelled_order_does_not_break_list_orders(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # No contract check here: the document's own multi-leg example breaks its Order schema
    # (empty side, symbol and asset_class), which is exactly what the client must survive.
    fake = FakeAlpacaTrading()
    client = AlpacaClient(ALPACA_KEY_ID, ALPACA_SECRET, transport=fake.transport, rate_limit=None)
    for name in EXAMPLES:
        order = example(name)
        fake.orders[order["id"]] = order
    with caplog.at_level(logging.WARNING, logger="fin_infra.providers.alpaca"):
        orders = client.list_orders("all", limit=50)
    assert {o.asset_class for o in orders} == {"us_equity", "crypto", "ipo", "us_option"}
    assert len(orders) == 4
    assert "multi-leg" in caplog.text
