"""Typed errors of remote providers, and the one status-to-class mapping they share.

::

    fin_infra.errors.ProviderError
    └── ProviderError                     provider, status, code, type, request_id, retryable
        ├── ProviderConnectionError        the request never got an answer (DNS, refused, reset)
        │   └── ProviderTimeoutError       no answer in time (client timeout or HTTP 408)
        ├── AuthenticationError            bad or missing credentials (401)
        ├── PermissionDeniedError          credentials valid, action not allowed (403)
        ├── InvalidRequestError            the provider rejected the input (400, 404, 422...)
        ├── RateLimitError                 too many requests (429); ``retry_after`` when known
        ├── ProviderServerError            the provider failed (5xx)
        ├── MalformedResponseError         the answer is not what the contract promises
        │   └── PaginationLoopError        a cursor/page token came back a second time
        └── ItemError                      a linked bank connection ("item") needs attention
            └── ItemLoginRequiredError     the user must re-authenticate through Link

Messages never contain credentials or access tokens: the HTTP seam redacts every secret it knows
of before an error is built, and ``repr()`` shows only the structured fields.
"""

from __future__ import annotations

from typing import Any

from fin_infra.errors import ProviderError as _BaseProviderError

__all__ = [
    "AuthenticationError",
    "InvalidRequestError",
    "ItemError",
    "ItemLoginRequiredError",
    "MalformedResponseError",
    "PaginationLoopError",
    "PermissionDeniedError",
    "ProviderConnectionError",
    "ProviderError",
    "ProviderServerError",
    "ProviderTimeoutError",
    "RateLimitError",
    "error_class_for_status",
]


class ProviderError(_BaseProviderError):
    """A provider call failed; carries what the provider said, minus any secret.

    ``retryable`` tells whether sending the same request again may succeed (connection errors,
    timeouts, 429 and 5xx). ``display_message`` is the provider's end-user wording, if any.
    """

    default_retryable: bool = False

    def __init__(
        self,
        message: str,
        *,
        provider: str,
        status: int | None = None,
        code: str | None = None,
        type: str | None = None,
        request_id: str | None = None,
        display_message: str | None = None,
        retry_after: float | None = None,
        retryable: bool | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.provider = provider
        self.status = status
        self.code = code
        self.type = type
        self.request_id = request_id
        self.display_message = display_message
        self.retry_after = retry_after
        self.retryable = self.default_retryable if retryable is None else retryable

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only fields would break the default pickling of exceptions (task queues,
        # multiprocessing); rebuild from the instance's state instead.
        return (_restore, (type(self), self.args, dict(self.__dict__)))

    def __str__(self) -> str:
        where = f"{self.provider}"
        if self.status is not None:
            where += f" HTTP {self.status}"
        if self.code:
            where += f" {self.code}"
        text = f"{where}: {self.message}"
        if self.request_id:
            text += f" (request_id={self.request_id})"
        return text

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(provider={self.provider!r}, status={self.status!r}, "
            f"code={self.code!r}, type={self.type!r}, request_id={self.request_id!r}, "
            f"retryable={self.retryable!r}, message={self.message!r})"
        )


class ProviderConnectionError(ProviderError):
    """The request got no HTTP answer (DNS failure, refused or reset connection)."""

    default_retryable = True


class ProviderTimeoutError(ProviderConnectionError):
    """No answer arrived in time (a client-side timeout, or HTTP 408 from the server)."""


class AuthenticationError(ProviderError):
    """The credentials (API keys, secret, access token) were missing, wrong or revoked."""


class PermissionDeniedError(ProviderError):
    """The credentials are valid but not allowed to do this (product not enabled, scope...)."""


class InvalidRequestError(ProviderError):
    """The provider rejected the request's input; sending it again will fail the same way."""


class RateLimitError(ProviderError):
    """Too many requests; ``retry_after`` (seconds) says when to try again, when known."""

    default_retryable = True


class ProviderServerError(ProviderError):
    """The provider failed on its side (HTTP 5xx or its own internal error)."""

    default_retryable = True


class MalformedResponseError(ProviderError):
    """The provider answered with something that is not what its contract promises."""


class PaginationLoopError(MalformedResponseError):
    """The provider handed back a cursor or page token it had already given in this loop.

    Following it would page forever; the loop stops at the first repeat. ``pages`` is how many
    pages had been read when the repeat was seen.
    """

    def __init__(self, message: str, *, provider: str, pages: int) -> None:
        super().__init__(message, provider=provider)
        self.pages = pages


class ItemError(ProviderError):
    """A linked connection at an institution (a Plaid "item") is in a state that needs action."""


class ItemLoginRequiredError(ItemError):
    """The institution needs the user to log in again (send them through Link update mode)."""


def _restore(
    cls: type[ProviderError], args: tuple[Any, ...], state: dict[str, Any]
) -> ProviderError:
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


def error_class_for_status(status: int) -> type[ProviderError]:
    """The error class for an HTTP status, when the provider's body says nothing more precise."""
    if status == 401:
        return AuthenticationError
    if status == 403:
        return PermissionDeniedError
    if status == 408:
        return ProviderTimeoutError
    if status == 429:
        return RateLimitError
    if status >= 500:
        return ProviderServerError
    if 400 <= status < 500:
        return InvalidRequestError
    return MalformedResponseError
