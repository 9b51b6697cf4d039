"""Keeping secrets out of sight: a ``Secret`` holder and text redaction.

Credentials live in :class:`Secret` so they never show in a ``repr``, a traceback's locals or a
log line by accident. :func:`redact` scrubs known secret values (and anything shaped like a Plaid
access or public token) from text that came from elsewhere, such as a provider's error message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from fin_infra.errors import ValidationError

__all__ = ["REDACTED", "Secret", "redact"]

REDACTED: Final = "***"

# Tokens with a recognisable shape are scrubbed even when the caller did not register them.
_TOKEN_SHAPES: Final = re.compile(
    r"\b(?:access|public|link|processor)-(?:sandbox|development|production)-[0-9a-fA-F-]{8,}\b"
)
# Short values would redact ordinary words; only values at least this long are scrubbed.
_MIN_SECRET_LENGTH: Final = 6


class Secret:
    """A credential whose value is shown only on purpose, through :meth:`reveal`.

    >>> s = Secret("sk_live_123")
    >>> s, str(s), s.reveal()
    (Secret('***'), '***', 'sk_live_123')
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        if not isinstance(value, str) or not value:
            raise ValidationError("a secret must be a non-empty string")
        self._value = value

    def reveal(self) -> str:
        """The clear value, for the one place that must send it (an HTTP header or body)."""
        return self._value

    def __repr__(self) -> str:
        return f"Secret({REDACTED!r})"

    def __str__(self) -> str:
        return REDACTED

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("Secret values are not picklable")


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with every given secret value and every token-shaped string replaced by ``***``.

    >>> redact("bad token access-sandbox-1234abcd-aaaa for key abcdef123", ["abcdef123"])
    'bad token *** for key ***'
    """
    values = {s for s in secrets if len(s) >= _MIN_SECRET_LENGTH}
    for value in sorted(values, key=len, reverse=True):
        text = text.replace(value, REDACTED)
    return _TOKEN_SHAPES.sub(REDACTED, text)
