"""Database URLs as they may be shown to people: the password is always masked."""

from __future__ import annotations

import re

__all__ = ["mask_url"]

_USERINFO_PASSWORD = re.compile(r"(?P<head>//[^/:@\s]*:)[^@/\s]*(?P<tail>@)")
_AFTER_SCHEME = re.compile(r"^(?P<head>[^:/]*:).+$", re.DOTALL)


def mask_url(url: object) -> str:
    """``url`` with its password replaced by ``***``; tolerant of URLs SQLAlchemy cannot parse.

    >>> mask_url("postgresql+asyncpg://app:s3cret@db.example/ledger")
    'postgresql+asyncpg://app:***@db.example/ledger'
    >>> mask_url("not a url://user:pw@host")
    'not a url://user:***@host'
    >>> mask_url("postgres:hunter2")  # no recognisable parts: keep only the scheme
    'postgres:***'
    """
    text = str(url)
    try:
        from sqlalchemy.engine import make_url

        return make_url(text).render_as_string(hide_password=True)
    except Exception:  # unparsable, or SQLAlchemy not installed: mask by pattern
        masked, count = _USERINFO_PASSWORD.subn(r"\g<head>***\g<tail>", text)
        return masked if count or "://" in text else _AFTER_SCHEME.sub(r"\g<head>***", text)
