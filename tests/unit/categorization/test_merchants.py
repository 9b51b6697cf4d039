"""Merchant normalization over real descriptor shapes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fin_infra.categorization import merchant_key, normalize_merchant

CASES = [
    # processors and aggregators
    ("SQ *BLUE BOTTLE 1234 OAKLAND CA", "Blue Bottle Coffee"),
    ("SQ *MARIA'S TAQUERIA  Oakland  CA", "Maria's Taqueria"),
    ("SQU*SQ *GREEN LEAF CAFE", "Green Leaf Cafe"),
    ("TST* JOE'S PIZZA #12 BROOKLYN NY", "Joe's Pizza"),
    ("TST*LUCKY DRAGON - SF", "Lucky Dragon"),
    ("PAYPAL *NETFLIX", "Netflix"),
    ("PAYPAL *STEAMGAMES 4029357733 WA", "Steam"),
    ("PP*ETSY COM", "Etsy"),
    ("SP * ALLBIRDS", "Allbirds"),
    ("IC* INSTACART", "Instacart"),
    ("DD *DOORDASH BURGERKI 855-973-1040 CA", "DoorDash"),
    ("GOOGLE *YouTubePremium g.co/helppay#", "YouTube"),
    # brands with their own star and trailing ids
    ("AMAZON.COM*MK1AB2CD3", "Amazon"),
    ("AMZN Mktp US*2K3L45 AMZN.COM/BILL WA", "Amazon"),
    ("SPOTIFY USA*P0F3AB12", "Spotify"),
    ("UBER *TRIP HELP.UBER.COM CA", "Uber"),
    ("UBER *EATS PENDING", "Uber Eats"),
    # short brands before their own star are not processors
    ("IRS*0EC48140 667-555-3742 CO", "IRS"),
    ("PURCHASE AUTHORIZED ON 09/09 KFC*45AFD963 OAKLAND CA S000096622", "KFC"),
    ("SQ *ADT*A2744946 ATHENS GA", "ADT"),
    ("DOORDASH*FCBF8FC4        ATHENS        GA", "DoorDash"),
    ("ATT*BILL PAYMENT 800-288-2020 TX", "AT&T"),
    # wallets and processors without the usual star
    ("APLPAY STARBUCKS 800-782-7282 WA", "Starbucks"),
    ("AplPay CHIPOTLE 1234 NEW YORK NY", "Chipotle"),
    ("SP AFFIRM*PAYMENT", "Affirm"),
    ("PADDLE.NET* NOTION", "Notion"),
    ("DOORDASH*CHIPOTLE 855-431-0459 CA", "Chipotle"),
    ("SQ *SQ *PHILZ COFFEE", "Philz Coffee"),
    ("VZWRLSS*APOCC VISE 800-922-0204 FL", "Verizon"),
    ("TARGET        00012345   CHICAGO      IL", "Target"),
    ("Venmo *John Smith", "Venmo"),
    # bank prefixes and dates
    ("POS DEBIT 0412 AMZN Mktp US*2K3L45 AMZN.COM/BILL WA", "Amazon"),
    ("PURCHASE AUTHORIZED ON 04/12 TRADER JOE S #123 PALO ALTO CA", "Trader Joe's"),
    ("CHECKCARD 0415 CHEVRON 0091234 SAN JOSE CA", "Chevron"),
    ("DEBIT CARD PURCHASE XXXXX1234 WALGREENS #5678", "Walgreens"),
    ("POS PURCHASE TARGET T-1234 MINNEAPOLIS MN", "Target"),
    ("RECURRING PAYMENT HULU 877-8244858 CA", "Hulu"),
    ("VISA DDA PUR 123456 SAFEWAY #1234 SEATTLE WA", "Safeway"),
    # store numbers, phones, web addresses, city/state suffixes
    ("STARBUCKS STORE 12345 SEATTLE WA", "Starbucks"),
    ("MCDONALD'S F12345 CHICAGO IL", "McDonald's"),
    ("WHOLEFDS MKT 10234 AUSTIN TX", "Whole Foods"),
    ("7-ELEVEN 34567 DALLAS TX", "7-Eleven"),
    ("FOREVER 21 #0123 MIAMI FL", "Forever 21"),
    ("THE HOME DEPOT #4567 ATLANTA GA", "Home Depot"),
    ("SHELL OIL 57442345 HOUSTON TX", "Shell"),
    ("APPLE.COM/BILL 866-712-7753 CA", "Apple"),
    ("NETFLIX.COM 866-579-7172 CA", "Netflix"),
    ("LA FITNESS INTL 800-123-4567", "LA Fitness"),
    ("CVS/PHARMACY #01234", "CVS"),
    ("BLUE BOTTLE COFFEE      OAKLAND      CA", "Blue Bottle Coffee"),
    ("ROSE GARDEN FLORIST 415-555-0134 SAN FRANCISCO CA", "Rose Garden Florist"),
    ("HARBOR DENTAL GROUP (510) 555-0199", "Harbor Dental Group"),
    ("CORNER BAKERY 0457 PORTLAND OR", "Corner Bakery"),
    ("MAPLE STREET BARBERSHOP NEW YORK NY", "Maple Street Barbershop"),
    ("www.acmewidgets.com", "Acmewidgets"),
    ("ACME WIDGETS LLC", "Acme Widgets LLC"),
    ("COSTCO WHSE #0123 PLANO TX", "Costco"),
]


@pytest.mark.parametrize(("descriptor", "expected"), CASES)
def test_real_descriptor_shapes(descriptor: str, expected: str) -> None:
    assert normalize_merchant(descriptor).name == expected


def test_known_merchants_are_flagged_and_share_one_key() -> None:
    a = normalize_merchant("AMAZON.COM*MK1AB2CD3")
    b = normalize_merchant("AMZN Mktp US*2K3L45 AMZN.COM/BILL WA")
    assert a.known
    assert b.known
    assert a.key == b.key == "AMAZON"
    assert not normalize_merchant("ACME WIDGETS LLC").known


def test_merchant_key_folds_case_and_marks() -> None:
    assert merchant_key("McDonald's #1234") == "MCDONALDS 1234"
    assert merchant_key("  ") == ""


def test_degenerate_descriptors_still_give_a_name() -> None:
    assert normalize_merchant("POS DEBIT").name
    assert normalize_merchant("12345678").key == "12345678"
    assert normalize_merchant("***").name == "***"


WORDS = st.sampled_from(
    ["BLUE", "BOTTLE", "MARIA", "GARDEN", "LUCKY", "DRAGON", "RIVER", "STONE", "HARBOR", "PIZZA"]
)
NAMES = st.lists(WORDS, min_size=1, max_size=3, unique=True).map(" ".join)


@given(NAMES, st.integers(min_value=100, max_value=99_999_999))
def test_store_numbers_do_not_change_the_key(name: str, number: int) -> None:
    base = normalize_merchant(name).key
    assert normalize_merchant(f"{name} #{number}").key == base
    assert normalize_merchant(f"{name} {number} SEATTLE WA").key == base


@given(NAMES, st.sampled_from(["POS ", "POS DEBIT ", "CHECKCARD 0412 ", "SQ *", "TST* "]))
def test_prefixes_do_not_change_the_key(name: str, prefix: str) -> None:
    assert normalize_merchant(prefix + name).key == normalize_merchant(name).key


@given(st.text(max_size=60))
def test_any_text_normalizes_to_an_upper_case_key(text: str) -> None:
    merchant = normalize_merchant(text)
    assert merchant.key == merchant.key.upper()
    assert isinstance(merchant.name, str)
