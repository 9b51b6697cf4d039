"""The stored-record base: identity, owner and audit timestamps shared by every tracker row."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any, TypeAlias, TypeVar

import pydantic
from pydantic import AwareDatetime, Field

from fin_infra.errors import ValidationError
from fin_infra.models import DomainModel

__all__ = ["Clock", "Record", "build", "new_id", "new_record", "utc_now"]

M = TypeVar("M", bound=pydantic.BaseModel)
R = TypeVar("R", bound="Record")

Clock: TypeAlias = Callable[[], dt.datetime]
"""Returns the current time (timezone-aware); injectable so tests control "now"."""


def utc_now() -> dt.datetime:
    """The current time in UTC."""
    return dt.datetime.now(dt.UTC)


def new_id() -> str:
    """A fresh random identifier (32 hex digits)."""
    return uuid.uuid4().hex


class Record(DomainModel):
    """A row owned by one user: immutable; changes produce a new version with the same ``id``."""

    id: str = Field(min_length=1)
    user_id: str = Field(min_length=1)
    created_at: AwareDatetime
    updated_at: AwareDatetime
    deleted_at: AwareDatetime | None = Field(
        default=None, description="Set when soft-deleted; such rows are hidden until restored."
    )


def build(model: type[M], **fields: Any) -> M:
    """Validate ``fields`` into ``model``, raising fin-infra's :class:`ValidationError` on failure.

    Pydantic's error names every failing field; it is kept as the ``__cause__``.
    """
    try:
        return model.model_validate(fields)
    except pydantic.ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or model.__name__}: {err['msg']}"
            for err in exc.errors()
        )
        raise ValidationError(f"invalid {model.__name__}: {problems}") from exc


def new_record(model: type[R], clock: Clock, **fields: Any) -> R:
    """Validate a new ``model`` record: a fresh id, created and updated at ``clock()``."""
    now = clock()
    return build(model, **fields, id=new_id(), created_at=now, updated_at=now)
