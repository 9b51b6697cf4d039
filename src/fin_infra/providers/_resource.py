"""Context-manager plumbing shared by every client that owns a connection pool."""

from __future__ import annotations

from types import TracebackType
from typing import Self

__all__ = ["AsyncResource", "SyncResource"]


class SyncResource:
    """``with client:`` closes the client on exit; subclasses define :meth:`close`."""

    def close(self) -> None:
        """Release the client's connections."""
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncResource:
    """``async with client:`` closes the client on exit; subclasses define :meth:`aclose`."""

    async def aclose(self) -> None:
        """Release the client's connections."""
        raise NotImplementedError

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
