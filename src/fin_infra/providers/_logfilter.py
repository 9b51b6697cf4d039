"""Keeping credentials out of the HTTP libraries' own log records.

Some providers only accept their key in the query string (Alpha Vantage's ``apikey``), and
httpx logs every request URL at INFO (``HTTP Request: GET https://...?apikey=...``). Our clients
cannot rewrite that line, so :func:`install_log_redaction` puts a :class:`UrlSecretFilter` on the
loggers httpx and httpcore write to: before any handler (root included) sees a record, the value of
every credential-named query parameter in it is replaced by ``***``. The filter is stateless (it
knows parameter names, never key values) and is installed once per process by every client.
"""

from __future__ import annotations

import logging
import re
import threading
from typing import Final

from fin_infra.providers._redact import REDACTED

__all__ = ["HTTP_LOGGERS", "UrlSecretFilter", "install_log_redaction", "scrub_url_secrets"]

HTTP_LOGGERS: Final = (
    "httpx",
    "httpcore",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
)
"""The loggers httpx and httpcore create (a filter only sees records of its own logger)."""

_PARAM: Final = re.compile(
    r"(?i)(?P<name>(?:[?&]|\b)(?:api_?key|apikey|access_?token|token|secret|client_?secret|key)=)"
    r"[^&#\s\"'>]+"
)
_lock = threading.Lock()


def scrub_url_secrets(text: str) -> str:
    """``text`` with the value of every credential-named query parameter replaced by ``***``.

    >>> scrub_url_secrets("GET https://x.test/query?function=A&apikey=K3Y123 200")
    'GET https://x.test/query?function=A&apikey=*** 200'
    """
    return _PARAM.sub(lambda m: m["name"] + REDACTED, text)


def _scrub(value: object) -> object:
    if isinstance(value, str | bytes) or type(value).__name__ == "URL":
        text = value.decode(errors="replace") if isinstance(value, bytes) else str(value)
        clean = scrub_url_secrets(text)
        if clean != text:
            return clean
    return value


class UrlSecretFilter(logging.Filter):
    """Rewrites a record's message and arguments so no credential parameter survives."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = scrub_url_secrets(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_scrub(a) for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: _scrub(v) for k, v in record.args.items()}
        return True


def install_log_redaction() -> None:
    """Attach one :class:`UrlSecretFilter` to every httpx/httpcore logger (idempotent)."""
    with _lock:
        for name in HTTP_LOGGERS:
            log = logging.getLogger(name)
            if not any(isinstance(f, UrlSecretFilter) for f in log.filters):
                log.addFilter(UrlSecretFilter())
