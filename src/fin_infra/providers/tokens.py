"""Encrypting provider access tokens at rest, with key rotation.

An access token opens a user's bank data, so an application must not store it in clear.
:class:`TokenCipher` wraps cryptography's Fernet (AES-128-CBC + HMAC-SHA256, authenticated):
the first key encrypts, every key decrypts, so keys rotate by putting a new key first,
re-encrypting stored values with :meth:`TokenCipher.rotate`, then dropping the old key.
An optional ``context`` (e.g. the item or row id) is bound into the ciphertext so a value copied
to another row does not decrypt there.

A cipher cannot be pickled (nor copied): pickling would write the raw key bytes into whatever
stores the pickle (a task queue, a cache, a multiprocessing pipe). Build the cipher where it is
used, from the keys in the secret store; ``pickle.dumps(cipher)`` raises
:class:`TokenCipherPicklingError`.
"""

from __future__ import annotations

from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from fin_infra.errors import FinInfraError, ValidationError
from fin_infra.providers._redact import Secret

__all__ = ["TokenCipher", "TokenCipherPicklingError", "TokenDecryptionError"]

_SEP = "\x1f"  # ASCII unit separator: cannot occur in a context string we accept


class TokenDecryptionError(ValidationError):
    """The ciphertext was not made by any configured key, was altered, or has another context."""


class TokenCipherPicklingError(FinInfraError, TypeError):
    """A :class:`TokenCipher` was pickled or copied, which would write its keys out in clear."""


class TokenCipher:
    """Encrypts and decrypts access tokens; keys are Fernet keys, newest first.

    >>> cipher = TokenCipher([TokenCipher.generate_key()])
    >>> stored = cipher.encrypt("access-sandbox-123", context="item-1")
    >>> cipher.decrypt(stored, context="item-1")
    'access-sandbox-123'
    """

    def __init__(self, keys: Sequence[str | bytes | Secret]) -> None:
        if isinstance(keys, str | bytes) or not keys:
            raise ValidationError("TokenCipher needs a list of one or more Fernet keys")
        fernets = []
        for key in keys:
            raw = key.reveal() if isinstance(key, Secret) else key
            try:
                fernets.append(Fernet(raw))
            except (ValueError, TypeError):
                raise ValidationError(
                    "not a Fernet key (32 url-safe base64 bytes); make one with "
                    "TokenCipher.generate_key()"
                ) from None
        self._fernet = MultiFernet(fernets)
        self._count = len(fernets)

    @staticmethod
    def generate_key() -> str:
        """A new random key, to keep in the application's secret store."""
        return Fernet.generate_key().decode()

    def encrypt(self, token: str, *, context: str = "") -> str:
        """Ciphertext (URL-safe text) for ``token`` under the newest key."""
        if not token:
            raise ValidationError("nothing to encrypt: the token is empty")
        if _SEP in context:
            raise ValidationError("context must not contain control characters")
        return self._fernet.encrypt(f"{context}{_SEP}{token}".encode()).decode()

    def decrypt(self, ciphertext: str, *, context: str = "") -> str:
        """The token inside ``ciphertext``; ``context`` must be the one used to encrypt."""
        try:
            plain = self._fernet.decrypt(ciphertext.encode()).decode()
        except (InvalidToken, UnicodeError):
            raise TokenDecryptionError("ciphertext is not valid under any configured key") from None
        bound, _, token = plain.partition(_SEP)
        if bound != context:
            raise TokenDecryptionError("ciphertext belongs to another context")
        return token

    def rotate(self, ciphertext: str) -> str:
        """Re-encrypt ``ciphertext`` under the newest key (context preserved)."""
        try:
            return self._fernet.rotate(ciphertext.encode()).decode()
        except InvalidToken:
            raise TokenDecryptionError("ciphertext is not valid under any configured key") from None

    def __repr__(self) -> str:
        return f"TokenCipher(keys=<{self._count} hidden>)"

    def __reduce__(self) -> tuple[object, ...]:
        raise TokenCipherPicklingError(
            "TokenCipher refuses to be pickled or copied: it would write the raw keys; build a "
            "cipher from the secret store in each process instead"
        )
