"""Stopping a pagination loop that a provider would keep going forever.

Every cursor-paged loop (Plaid ``/transactions/sync``, Alpaca ``page_token``, Polygon
``next_url``, Alpaca order windows) remembers the tokens it has followed in a
:class:`CursorGuard`; a token handed back a second time raises
:class:`~fin_infra.providers.errors.PaginationLoopError` instead of another request.
Only hashes are kept, so memory stays small however long the loop.
"""

from __future__ import annotations

import hashlib

from fin_infra.providers.errors import PaginationLoopError

__all__ = ["CursorGuard"]


class CursorGuard:
    """The tokens one pagination loop has followed; refuses a repeat."""

    def __init__(self, provider: str, what: str) -> None:
        self.provider = provider
        self.what = what
        self.pages = 0
        self._seen: set[bytes] = set()

    def follow(self, token: str) -> str:
        """``token``, after checking that this loop has not followed it before."""
        digest = hashlib.blake2b(token.encode(), digest_size=16).digest()
        self.pages += 1
        if digest in self._seen:
            raise PaginationLoopError(
                f"{self.what}: the provider repeated a page token after {self.pages} pages; "
                "stopping instead of paging forever",
                provider=self.provider,
                pages=self.pages,
            )
        self._seen.add(digest)
        return token

    def reset(self) -> None:
        """Forget every token (the loop legitimately starts over, e.g. a Plaid sync restart)."""
        self._seen.clear()
