"""Merchant normalization: a raw bank descriptor to a clean merchant name and a grouping key.

Banks and card networks send descriptors such as ``"SQ *BLUE BOTTLE 1234 OAKLAND CA"`` or
``"POS DEBIT 0412 AMZN Mktp US*2K3L45 AMZN.COM/BILL WA"``. :func:`normalize_merchant` peels the
layers off in a fixed order: banking prefixes (POS, DEBIT, CHECKCARD and a date), payment
processor prefixes (``SQ *``, ``TST*``, ``PAYPAL *``...), the part after a brand's own ``*``,
phone numbers, web addresses, store numbers with everything after them, and a trailing state (and
a well-known city). The result is matched against a directory of well-known merchants, giving the
canonical spelling (``"McDonald's"``) when the merchant is known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from fin_infra.categorization._directory import ALIASES, MERCHANTS

__all__ = ["Merchant", "merchant_key", "normalize_merchant"]


@dataclass(frozen=True, slots=True)
class Merchant:
    """The merchant behind a descriptor.

    ``name`` is for display; ``key`` is a stable upper-case grouping key (equal for every
    descriptor of the same merchant); ``known`` tells whether the built-in directory recognised it.
    """

    name: str
    key: str
    known: bool = False


_BANK_PREFIX: Final = re.compile(
    r"^(?:"
    r"(?:RECURRING (?:PAYMENT|PMT|CHARGE)|"
    r"POS|DBT|DEBIT|CREDIT|CHECK ?CARD|CARD|VISA|MC|DDA|PUR|PURCHASE|PURCHASED|AUTHORIZED|"
    r"AUTH|ON|RECURRING|PREAUTHORIZED|PRE-AUTHORIZED|SIG|PIN|CONTACTLESS|TAP|INTL|WEB|ID|"
    r"ACH|ELECTRONIC|EFT|WITHDRAWAL|TRANSACTION|TXN|APPLE ?PAY|APL ?PAY|GOOGLE ?PAY)\b[\s:\-]*"
    r"|\d{1,2}/\d{1,2}(?:/\d{2,4})?\s+"
    r"|\d{4,}\s+"
    r"|X{2,}\d*\s+"
    r")+"
)
# Payment processors and aggregators that put their own name before the merchant's.
_PROCESSOR: Final = re.compile(
    r"^(?:SQ|SQU|SQUARE|TST|TOAST|PAYPAL|PP|SP|PY|GOOGLE|GGL|IC|CKE|BT|FS|ZLR|EB|WPY|PAR|SMK|"
    r"CLK|STRIPE|PADDLE|FSP|WL|LS|SPO|BPS|CHK|INT|CKO|DNH|ABC|GRUBHUB|DOORDASH|DD|UEP)"
    r"(?:\.(?:COM|NET|IO))?\s*\*\s*"
    # Shopify also prints "SP NAME" without the star.
    r"|^SP\s+(?=\w)"
)
_PHONE: Final = re.compile(r"(?:\+?1[\s.\-]?)?\(?\b\d{3}\)?[\s.\-]?\d{3}[\s.\-]?\d{4}\b")
_WEB: Final = re.compile(r"\bWWW\.|\.(?:COM|NET|ORG|IO|CO|TV|US)\b(?:/\S*)?|\b\S+\.\S+\.\S+")
_DATE: Final = re.compile(r"\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b")
# A store number ends the merchant name: what follows it is the location.
_STORE: Final = re.compile(
    r"\s(?:#\s*\w*\d\w*|(?:STORE|STR|STE|NO|UNIT|LOC|LOCATION)\.?\s*#?\s*\d+|\d{3,}|"
    r"(?=\w*\d)(?=\w*[A-Z])\w{5,})(?:\s|$).*$"
)
_NOISE: Final = re.compile(f"{_PHONE.pattern}|{_WEB.pattern}|{_DATE.pattern}")
_NON_WORD: Final = re.compile(r"[^A-Z0-9&+'#\- ]+")
_WIDE_GAP: Final = re.compile(r"\s{3,}")
# Apostrophes vanish ("JOE'S" -> "JOES"); every other ASCII mark separates words.
_KEY_TABLE: Final = {
    **{c: " " for c in range(128) if not chr(c).isalnum()},
    ord("'"): None,
    0x2019: None,
}

_STATES: Final = frozenset(
    """AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ
    NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR ON BC QC AB""".split()
)
_CITIES: Final = frozenset(
    """NEW YORK|LOS ANGELES|CHICAGO|HOUSTON|PHOENIX|PHILADELPHIA|SAN ANTONIO|SAN DIEGO|DALLAS|
    SAN JOSE|AUSTIN|JACKSONVILLE|FORT WORTH|COLUMBUS|CHARLOTTE|SAN FRANCISCO|INDIANAPOLIS|SEATTLE|
    DENVER|WASHINGTON|BOSTON|EL PASO|NASHVILLE|DETROIT|OKLAHOMA CITY|PORTLAND|LAS VEGAS|MEMPHIS|
    LOUISVILLE|BALTIMORE|MILWAUKEE|ALBUQUERQUE|TUCSON|FRESNO|SACRAMENTO|KANSAS CITY|MESA|ATLANTA|
    OMAHA|COLORADO SPRINGS|RALEIGH|MIAMI|LONG BEACH|VIRGINIA BEACH|OAKLAND|MINNEAPOLIS|TULSA|TAMPA|
    ARLINGTON|NEW ORLEANS|WICHITA|CLEVELAND|BAKERSFIELD|AURORA|ANAHEIM|HONOLULU|SANTA ANA|
    RIVERSIDE|CORPUS CHRISTI|LEXINGTON|STOCKTON|PITTSBURGH|SAINT PAUL|ST PAUL|CINCINNATI|ANCHORAGE|
    HENDERSON|GREENSBORO|PLANO|NEWARK|LINCOLN|TOLEDO|ORLANDO|CHULA VISTA|IRVINE|FORT WAYNE|
    JERSEY CITY|DURHAM|ST LOUIS|SAINT LOUIS|LAREDO|BUFFALO|MADISON|LUBBOCK|CHANDLER|SCOTTSDALE|
    RENO|GLENDALE|NORFOLK|BOISE|RICHMOND|SPOKANE|BROOKLYN|BRONX|QUEENS|MANHATTAN|BERKELEY|
    PALO ALTO|MOUNTAIN VIEW|SUNNYVALE|SANTA CLARA|CAMBRIDGE|SOMERVILLE|PASADENA|SANTA MONICA|
    BELLEVUE|REDMOND|TACOMA|SALT LAKE CITY|PROVO|ANN ARBOR|HOBOKEN|STAMFORD|HARTFORD|PROVIDENCE|
    BURLINGTON|SAVANNAH|CHARLESTON|KNOXVILLE|CHATTANOOGA|BIRMINGHAM|HUNTSVILLE|DES MOINES|
    SPRINGFIELD|DAYTON|AKRON|ROCHESTER|SYRACUSE|ALBANY|TRENTON|WILMINGTON|DOVER|ANNAPOLIS|
    ALEXANDRIA|FAIRFAX|TALLAHASSEE|GAINESVILLE|FORT LAUDERDALE|BOCA RATON|WEST PALM BEACH|
    ST PETERSBURG|SARASOTA|NAPLES|TEMPE|FLAGSTAFF|SANTA FE|EUGENE|SALEM|OLYMPIA|EVERETT|
    SAN MATEO|REDWOOD CITY|DALY CITY|FREMONT|HAYWARD|WALNUT CREEK|SAN RAFAEL|SANTA ROSA|
    SANTA BARBARA|SANTA CRUZ|MONTEREY|LONG ISLAND CITY|WHITE PLAINS|YONKERS|TORONTO|VANCOUVER|
    MONTREAL|CALGARY""".replace("\n", "")
    .replace("    ", "")
    .split("|")
)
_MAX_CITY_WORDS: Final = 3
_VOWELS: Final = frozenset("AEIOUY")
_SMALL_WORDS: Final = frozenset({"AND", "OF", "THE", "A", "AN", "AT", "IN", "ON", "FOR", "TO"})


def merchant_key(text: str) -> str:
    """Fold ``text`` to the matching form used by the directory: upper case, words, no marks.

    >>> merchant_key("McDonald's #1234")
    'MCDONALDS 1234'
    """
    return " ".join(text.upper().translate(_KEY_TABLE).split())


def _build_directory() -> dict[str, str]:
    directory = {merchant_key(name): name for name in MERCHANTS}
    for alias, name in ALIASES.items():
        directory.setdefault(merchant_key(alias), name)
    # Brands written as one word are also matched when banks split them ("HOME DEPOT" fits both).
    for key, name in list(directory.items()):
        directory.setdefault(key.replace(" ", ""), name)
    return directory


_DIRECTORY: Final[dict[str, str]] = _build_directory()
# The longest directory key (in words) starting with each first word: most words start none.
_BY_FIRST_WORD: Final[dict[str, int]] = {}
for _key in _DIRECTORY:
    _first, *_rest = _key.split()
    _BY_FIRST_WORD[_first] = max(_BY_FIRST_WORD.get(_first, 0), 1 + len(_rest))
_JOIN_MAX_WORDS: Final = 3


def _lookup(text: str) -> str | None:
    """The canonical name of the longest directory entry that ``text`` starts with."""
    words = merchant_key(text).split()
    if len(words) > 1 and words[0] == "THE":
        words = words[1:]
    if not words:
        return None
    longest = _BY_FIRST_WORD.get(words[0], 0)
    for n in range(min(len(words), max(longest, _JOIN_MAX_WORDS)), 0, -1):
        if n <= longest:
            name = _DIRECTORY.get(" ".join(words[:n]))
            if name is not None:
                return name
        if 1 < n <= _JOIN_MAX_WORDS:
            joined = _DIRECTORY.get("".join(words[:n]))
            if joined is not None:
                return joined
    return None


def _strip_location(words: list[str]) -> list[str]:
    """Drop a trailing country, state and well-known city, keeping at least one word."""
    if len(words) > 1 and words[-1] in ("US", "USA"):
        words = words[:-1]
    if len(words) > 1 and words[-1] in _STATES:
        words = words[:-1]
        for n in range(min(_MAX_CITY_WORDS, len(words) - 1), 0, -1):
            if " ".join(words[-n:]) in _CITIES:
                return words[:-n]
    return words


def _display(words: list[str]) -> str:
    """Title-case upper-case words, keeping short vowel-less tokens (CVS, BP) in capitals."""
    out = []
    for i, word in enumerate(words):
        if len(word) <= 3 and not _VOWELS.intersection(word):
            out.append(word)
        elif i > 0 and word in _SMALL_WORDS:
            out.append(word.lower())
        else:
            out.append("-".join(p[:1] + p[1:].lower() for p in word.split("-")))
    return " ".join(out)


def _is_reference(text: str) -> bool:
    """True when ``text`` starts with a reference id ("2K3L45", "0EC48140"), not a name."""
    first = text.split(maxsplit=1)[0] if text.strip() else ""
    return not first or (len(first) >= 5 and any(c.isdigit() for c in first) and first.isalnum())


def _split_star(text: str) -> tuple[str, str]:
    """Text to match against the directory, and the best display candidate, around a ``*``."""
    before, _, after = text.partition("*")
    before, after = before.strip(), after.strip()
    short = len(merchant_key(before)) <= 3 and _lookup(before) is None
    if short and not _is_reference(after):
        return after, after
    return f"{before} {after}", before


@lru_cache(maxsize=65_536)
def normalize_merchant(descriptor: str) -> Merchant:
    """Clean ``descriptor`` into a :class:`Merchant`; results are cached per descriptor.

    >>> normalize_merchant("SQ *BLUE BOTTLE 1234 OAKLAND CA").name
    'Blue Bottle Coffee'
    >>> normalize_merchant("TST* JOE'S PIZZA #12 BROOKLYN NY").name
    "Joe's Pizza"
    """
    upper = descriptor.upper().strip()
    # Fixed-width layouts separate name and location by a run of spaces.
    head = _WIDE_GAP.split(upper, maxsplit=1)[0]
    text = " ".join((head if len(head.strip()) >= 3 else upper).split())
    stripped = _BANK_PREFIX.sub("", text)
    text = stripped or text
    unwrapped = _PROCESSOR.sub("", text)
    if not _is_reference(unwrapped):
        text = unwrapped
    match_text, text = _split_star(text) if "*" in text else (text, text)
    text = _NOISE.sub(" ", text)
    text = " ".join(_NON_WORD.sub(" ", text).split())
    # "NAME - LOCATION": the dash separates a branch or city from the name.
    text = text.split(" - ", 1)[0]
    text = _STORE.sub("", " " + text).replace("#", " ").strip()
    words = _strip_location(text.split())
    words = [w.strip("-'") for w in words if w.strip("-'")]
    known = _lookup(match_text) or _lookup(" ".join(words))
    if known is not None:
        return Merchant(name=known, key=merchant_key(known), known=True)
    if not words:
        fallback = merchant_key(descriptor) or descriptor.strip()
        return Merchant(name=fallback.title(), key=fallback.upper())
    return Merchant(name=_display(words), key=merchant_key(" ".join(words)))
