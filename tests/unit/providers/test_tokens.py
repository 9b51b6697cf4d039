"""Access-token encryption at rest: round trip, context binding, rotation, tampering."""

from __future__ import annotations

import copy
import pickle

import pytest

from fin_infra.errors import ValidationError
from fin_infra.providers import Secret
from fin_infra.providers.tokens import TokenCipher, TokenCipherPicklingError, TokenDecryptionError

TOKEN = "access-sandbox-de3ce8ef-33f8-452c-a685-8671031fc0f6"


def test_round_trip_hides_the_token() -> None:
    key = TokenCipher.generate_key()
    cipher = TokenCipher([key])
    stored = cipher.encrypt(TOKEN, context="item-1")
    assert TOKEN not in stored
    assert cipher.decrypt(stored, context="item-1") == TOKEN
    assert key not in repr(cipher)
    assert cipher.encrypt(TOKEN) != cipher.encrypt(TOKEN)  # random IV each time


def test_context_binds_ciphertext_to_its_row() -> None:
    cipher = TokenCipher([TokenCipher.generate_key()])
    stored = cipher.encrypt(TOKEN, context="item-1")
    with pytest.raises(TokenDecryptionError, match="context"):
        cipher.decrypt(stored, context="item-2")


def test_rotation_old_key_decrypts_new_key_encrypts() -> None:
    old, new = TokenCipher.generate_key(), TokenCipher.generate_key()
    stored_old = TokenCipher([old]).encrypt(TOKEN, context="c")
    both = TokenCipher([new, old])
    assert both.decrypt(stored_old, context="c") == TOKEN
    rotated = both.rotate(stored_old)
    only_new = TokenCipher([Secret(new)])
    assert only_new.decrypt(rotated, context="c") == TOKEN
    with pytest.raises(TokenDecryptionError):
        only_new.decrypt(stored_old, context="c")


def test_tampered_or_foreign_ciphertext_is_refused() -> None:
    cipher = TokenCipher([TokenCipher.generate_key()])
    stored = cipher.encrypt(TOKEN)
    flipped = stored[:-5] + ("A" if stored[-5] != "A" else "B") + stored[-4:]
    with pytest.raises(TokenDecryptionError):
        cipher.decrypt(flipped)
    with pytest.raises(TokenDecryptionError):
        cipher.decrypt("not a ciphertext")
    with pytest.raises(TokenDecryptionError):
        cipher.rotate("not a ciphertext")


def test_bad_keys_and_inputs_are_refused() -> None:
    with pytest.raises(ValidationError, match="list"):
        TokenCipher([])
    with pytest.raises(ValidationError, match="list"):
        TokenCipher(TokenCipher.generate_key())
    with pytest.raises(ValidationError, match="Fernet key"):
        TokenCipher(["short"])
    cipher = TokenCipher([TokenCipher.generate_key()])
    with pytest.raises(ValidationError, match="empty"):
        cipher.encrypt("")


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_pickling_is_refused_so_keys_are_never_written(protocol: int) -> None:
    key = TokenCipher.generate_key()
    cipher = TokenCipher([key])
    with pytest.raises(TokenCipherPicklingError, match="refuses to be pickled"):
        pickle.dumps(cipher, protocol=protocol)


def test_copying_is_refused_too() -> None:
    cipher = TokenCipher([TokenCipher.generate_key()])
    with pytest.raises(TokenCipherPicklingError):
        copy.deepcopy(cipher)
    assert issubclass(TokenCipherPicklingError, TypeError)
