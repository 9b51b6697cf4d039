"""Secrets never show: Secret holder and redact()."""

from __future__ import annotations

import pickle

import pytest

from fin_infra.errors import ValidationError
from fin_infra.providers._redact import Secret, redact


def test_secret_hides_its_value() -> None:
    secret = Secret("super-secret-value")
    assert "super-secret-value" not in repr(secret)
    assert "super-secret-value" not in str(secret)
    assert "super-secret-value" not in f"{secret} {[secret]}"
    assert secret.reveal() == "super-secret-value"
    assert secret == Secret("super-secret-value")


def test_secret_refuses_empty_and_pickling() -> None:
    with pytest.raises(ValidationError, match="non-empty"):
        Secret("")
    with pytest.raises(TypeError):
        pickle.dumps(Secret("abcdefgh"))


def test_redact_known_values_and_token_shapes() -> None:
    text = "key s3cr3t-key! token access-production-0d1f2e3a-aaaa-bbbb rest"
    out = redact(text, ["s3cr3t-key!"])
    assert out == "key *** token *** rest"


def test_redact_leaves_short_values_alone() -> None:
    assert redact("an id of abc", ["abc"]) == "an id of abc"
