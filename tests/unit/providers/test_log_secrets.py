"""No credential reaches any log record, from any logger, at any level (issue 15, secrets).

Every logger in the process (root included) is opened to DEBUG and every record is captured,
then the clients are driven through their fakes and through a real local HTTP server (so httpx's
own transport and httpcore log too). The API keys must not appear in any formatted record.
"""

from __future__ import annotations

import datetime as dt
import http.server
import json
import logging
import threading
from collections.abc import Iterator

import pytest

from fin_infra.providers._logfilter import scrub_url_secrets
from fin_infra.providers.market_data.alphavantage import AlphaVantageMarketData
from fin_infra.providers.market_data.polygon import PolygonMarketData
from tests.fakes.alphavantage import AV_KEY, FakeAlphaVantage
from tests.fakes.market import POLYGON_KEY, FakePolygon


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def every_log() -> Iterator[_Capture]:
    """Every logger at DEBUG, propagating to one capturing handler on the root."""
    capture = _Capture()
    root = logging.getLogger()
    names = ["httpx", "httpcore", "httpcore.connection", "httpcore.http11", "fin_infra"]
    loggers = [logging.getLogger(n) for n in names]
    loggers += [
        v for v in logging.root.manager.loggerDict.values() if isinstance(v, logging.Logger)
    ]
    saved = [(lg, lg.level, lg.propagate, lg.disabled) for lg in loggers]
    root_level = root.level
    for lg in loggers:
        lg.setLevel(logging.DEBUG)
        lg.propagate = True
        lg.disabled = False
    root.setLevel(logging.DEBUG)
    root.addHandler(capture)
    try:
        yield capture
    finally:
        root.removeHandler(capture)
        root.setLevel(root_level)
        for lg, level, propagate, disabled in saved:
            lg.setLevel(level)
            lg.propagate = propagate
            lg.disabled = disabled


def _assert_clean(capture: _Capture, *secrets: str) -> None:
    assert capture.lines, "nothing was logged: the capture is not working"
    text = "\n".join(capture.lines)
    for secret in secrets:
        assert secret not in text


def test_polygon_key_is_in_no_log_record(every_log: _Capture) -> None:
    fake = FakePolygon()
    client = PolygonMarketData(POLYGON_KEY, transport=fake.transport, page_size=40)
    client.quote("AAPL")
    client.bars("AAPL", dt.date(2023, 1, 1), dt.date(2023, 6, 30))
    assert any("HTTP Request" in line for line in every_log.lines)
    _assert_clean(every_log, POLYGON_KEY)


def test_alphavantage_key_is_in_no_log_record(every_log: _Capture) -> None:
    fake = FakeAlphaVantage()
    client = AlphaVantageMarketData(AV_KEY, transport=fake.transport, windows=())
    client.quote("AAPL")
    assert any("apikey=***" in line for line in every_log.lines)
    _assert_clean(every_log, AV_KEY)


class _QuoteHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = json.dumps(
            {
                "Global Quote": {
                    "01. symbol": "IBM",
                    "05. price": "170.0100",
                    "07. latest trading day": "2024-06-28",
                }
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _QuoteHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_alphavantage_key_stays_out_of_real_httpx_and_httpcore_logs(
    every_log: _Capture, local_server: str
) -> None:
    client = AlphaVantageMarketData(AV_KEY, base_url=local_server, windows=())
    try:
        assert client.quote("IBM").symbol == "IBM"
    finally:
        client.close()
    assert any(line.startswith("httpcore") for line in every_log.lines)
    _assert_clean(every_log, AV_KEY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://h/q?apikey=abc123&x=1", "https://h/q?apikey=***&x=1"),
        ("https://h/q?x=1&apiKey=abc123", "https://h/q?x=1&apiKey=***"),
        ("https://h/q?api_key=abc123 done", "https://h/q?api_key=*** done"),
        ("https://h/q?access_token=abc", "https://h/q?access_token=***"),
        ("https://h/q?monkey=ok&keyword=abc", "https://h/q?monkey=ok&keyword=abc"),
    ],
)
def test_scrub_url_secrets(text: str, expected: str) -> None:
    assert scrub_url_secrets(text) == expected


def test_no_client_logs_its_credentials(every_log: _Capture) -> None:
    from fin_infra.providers import RetryPolicy
    from fin_infra.providers.banking.plaid import PlaidClient
    from fin_infra.providers.brokerage.alpaca import AlpacaClient
    from fin_infra.providers.market_data.alpaca import AlpacaMarketData
    from fin_infra.providers.market_data.coingecko import CoinGeckoMarketData
    from tests.fakes.alpaca import FakeAlpacaTrading
    from tests.fakes.coingecko import FakeCoinGecko
    from tests.fakes.market import ALPACA_KEY_ID, ALPACA_SECRET, FakeAlpacaData
    from tests.fakes.plaid import CLIENT_ID, SECRET, FakePlaid

    plaid_fake = FakePlaid()
    token = plaid_fake.add_item(transactions=3)
    plaid_fake.fail_next("/accounts/get", status=500)  # a retry is logged at INFO
    plaid = PlaidClient(
        CLIENT_ID,
        SECRET,
        transport=plaid_fake.transport,
        rate_limit=None,
        sleep=lambda _: None,
        retry=RetryPolicy(max_attempts=2),
    )
    plaid.accounts(token)
    plaid.transactions_sync(token)
    AlpacaClient(
        ALPACA_KEY_ID, ALPACA_SECRET, transport=FakeAlpacaTrading().transport, rate_limit=None
    ).submit_order("AAPL", "buy", "1")
    AlpacaMarketData(
        ALPACA_KEY_ID, ALPACA_SECRET, transport=FakeAlpacaData().transport, rate_limit=None
    ).quote("BTC/USD")
    cg_key = "CG-demo-key-12345678"
    CoinGeckoMarketData(cg_key, transport=FakeCoinGecko().transport, windows=()).quote("BTC")
    _assert_clean(every_log, SECRET, token, ALPACA_SECRET, ALPACA_KEY_ID, cg_key)
