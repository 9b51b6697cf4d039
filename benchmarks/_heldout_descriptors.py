"""A synthetic, labelled set of bank descriptors kept apart from the categorization rules.

How it is made (so the accuracy figure can be judged):

* Merchants are *invented local businesses*: an owner or place name plus a business-type phrase
  ("HARPER'S OSTERIA", "NORTHSIDE SMILE CENTER"). The type phrases and their labels below were
  written as a separate vocabulary after the rule tables in ``fin_infra.categorization`` were
  frozen, and include many synonyms the rules do not know (OSTERIA, SMILE CENTER, TAPROOM...), as
  well as names with no type word at all, labelled but not guessable from text.
* The benchmark refuses to run if any invented merchant name is a directory merchant, so the
  "known merchant" signal cannot fire on this set: what is measured is keyword generalisation to
  unseen merchants, plus bank-side lines (payroll, transfers, fees) in phrasings of their own.
* Each merchant is rendered through real descriptor shapes (processor prefixes, POS/CHECKCARD
  lines, store numbers, phone numbers, city/state suffixes).

It is synthetic: the same author wrote both sides, so it is an estimate of how the keyword layer
generalises, not a measurement on customer data. Known brands are reported separately (they test
normalization, since their labels come from the directory itself).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["Example", "brand_examples", "local_examples"]

# Business-type phrases -> the label a careful human would give (Plaid detailed category).
TYPES: dict[str, tuple[str, ...]] = {
    "FOOD_AND_DRINK_COFFEE": ("COFFEE HOUSE", "ESPRESSO BAR", "CAFE", "COFFEE CO", "TEA HOUSE"),
    "FOOD_AND_DRINK_FAST_FOOD": ("PIZZERIA", "PIZZA", "BURGERS", "TACOS", "HOT DOGS", "SUB SHOP"),
    "FOOD_AND_DRINK_RESTAURANT": (
        "BISTRO",
        "STEAKHOUSE",
        "SUSHI BAR",
        "TRATTORIA",
        "OSTERIA",
        "RAMEN HOUSE",
        "THAI CUISINE",
        "INDIAN CUISINE",
        "SEAFOOD",
        "BRASSERIE",
        "DINER",
        "NOODLE HOUSE",
    ),
    "FOOD_AND_DRINK_GROCERIES": (
        "GROCERY",
        "SUPERMARKET",
        "FARM STAND",
        "ORGANIC MARKET",
        "BUTCHER SHOP",
        "FRESH FOODS",
    ),
    "FOOD_AND_DRINK_BEER_WINE_AND_LIQUOR": (
        "WINE SHOP",
        "LIQUORS",
        "BREWING CO",
        "TAPROOM",
        "WINE BAR",
    ),
    "FOOD_AND_DRINK_OTHER_FOOD_AND_DRINK": (
        "BAKERY",
        "DONUTS",
        "ICE CREAM",
        "CREAMERY",
        "PATISSERIE",
    ),
    "GENERAL_MERCHANDISE_CLOTHING_AND_ACCESSORIES": (
        "BOUTIQUE",
        "APPAREL",
        "SHOES",
        "JEWELERS",
        "VINTAGE CLOTHING",
    ),
    "GENERAL_MERCHANDISE_BOOKSTORES_AND_NEWSSTANDS": ("BOOKS", "BOOKSHOP", "NEWSSTAND"),
    "GENERAL_MERCHANDISE_GIFTS_AND_NOVELTIES": ("FLORIST", "FLOWERS", "GIFT SHOP"),
    "GENERAL_MERCHANDISE_PET_SUPPLIES": ("PET SUPPLY", "PET FOOD"),
    "GENERAL_MERCHANDISE_TOBACCO_AND_VAPE": ("SMOKE SHOP", "VAPE", "CIGARS"),
    "GENERAL_MERCHANDISE_SPORTING_GOODS": ("CYCLES", "SURF SHOP", "OUTFITTERS"),
    "GENERAL_MERCHANDISE_ELECTRONICS": ("ELECTRONICS", "COMPUTERS"),
    "HOME_IMPROVEMENT_HARDWARE": ("HARDWARE", "LUMBER"),
    "HOME_IMPROVEMENT_FURNITURE": ("FURNITURE", "MATTRESS"),
    "HOME_IMPROVEMENT_REPAIR_AND_MAINTENANCE": (
        "PLUMBING",
        "ROOFING",
        "HVAC",
        "LANDSCAPING",
        "PEST CONTROL",
        "HANDYMAN",
    ),
    "MEDICAL_DENTAL_CARE": ("DENTAL", "DDS", "ORTHODONTICS", "FAMILY DENTISTRY", "SMILE CENTER"),
    "MEDICAL_EYE_CARE": ("OPTOMETRY", "EYE CARE", "VISION CENTER", "OPTICAL"),
    "MEDICAL_PRIMARY_CARE": (
        "MEDICAL GROUP",
        "FAMILY MEDICINE",
        "URGENT CARE",
        "PEDIATRICS",
        "CLINIC",
    ),
    "MEDICAL_PHARMACIES_AND_SUPPLEMENTS": ("PHARMACY", "DRUGS", "APOTHECARY"),
    "MEDICAL_VETERINARY_SERVICES": ("VETERINARY", "ANIMAL HOSPITAL", "PET CLINIC"),
    "PERSONAL_CARE_GYMS_AND_FITNESS_CENTERS": (
        "FITNESS",
        "YOGA",
        "CROSSFIT",
        "PILATES",
        "BOXING GYM",
        "CLIMBING GYM",
    ),
    "PERSONAL_CARE_HAIR_AND_BEAUTY": (
        "SALON",
        "BARBER",
        "BARBERSHOP",
        "NAILS",
        "HAIR STUDIO",
        "LASH BAR",
    ),
    "PERSONAL_CARE_LAUNDRY_AND_DRY_CLEANING": (
        "CLEANERS",
        "LAUNDROMAT",
        "DRY CLEANING",
        "WASH & FOLD",
    ),
    "GENERAL_SERVICES_AUTOMOTIVE": ("AUTO REPAIR", "TIRE", "AUTO BODY", "CAR WASH", "LUBE"),
    "GENERAL_SERVICES_CONSULTING_AND_LEGAL": ("LAW OFFICE", "ATTORNEY", "LEGAL SERVICES"),
    "GENERAL_SERVICES_ACCOUNTING_AND_FINANCIAL_PLANNING": ("CPA", "TAX SERVICE", "BOOKKEEPING"),
    "GENERAL_SERVICES_CHILDCARE": ("DAYCARE", "PRESCHOOL", "KIDS CLUB"),
    "GENERAL_SERVICES_EDUCATION": ("ACADEMY", "TUTORING", "SCHOOL OF MUSIC", "UNIVERSITY"),
    "GENERAL_SERVICES_STORAGE": ("SELF STORAGE", "STORAGE"),
    "TRANSPORTATION_PARKING": ("PARKING", "PARK & FLY"),
    "TRANSPORTATION_TAXIS_AND_RIDE_SHARES": ("TAXI", "CAB CO", "LIMO"),
    "TRAVEL_LODGING": ("HOTEL", "INN", "MOTEL", "RESORT", "LODGE", "BED & BREAKFAST"),
    "ENTERTAINMENT_SPORTING_EVENTS_AMUSEMENT_PARKS_AND_MUSEUMS": (
        "MUSEUM",
        "ZOO",
        "AQUARIUM",
        "AMUSEMENT PARK",
    ),
    "ENTERTAINMENT_TV_AND_MOVIES": ("CINEMA", "THEATRE", "MOVIE HOUSE"),
    "ENTERTAINMENT_OTHER_ENTERTAINMENT": ("BOWLING", "MINI GOLF", "ESCAPE ROOM"),
    "GOVERNMENT_AND_NON_PROFIT_DONATIONS": ("FOUNDATION", "CHURCH", "FOOD BANK", "CHARITY"),
}
# Names with no type word: labelled, but nothing in the text says what they sell.
OPAQUE: dict[str, tuple[str, ...]] = {
    "FOOD_AND_DRINK_RESTAURANT": ("& CO", "HOUSE", "TABLE", "AND SONS"),
    "GENERAL_MERCHANDISE_OTHER_GENERAL_MERCHANDISE": ("TRADING", "GOODS", "EMPORIUM"),
    "GENERAL_SERVICES_OTHER_GENERAL_SERVICES": ("SERVICES", "GROUP", "LLC", "ENTERPRISES"),
}
SURNAMES = (
    "HARPER",
    "OKAFOR",
    "LINDQVIST",
    "MORENO",
    "PATEL",
    "NAKAMURA",
    "OBRIEN",
    "KOWALSKI",
    "DUBOIS",
    "ROSSI",
    "HAYES",
    "CHEN",
    "ABERNATHY",
    "FITZGERALD",
    "VARGAS",
    "SULLIVAN",
)
FIRST = ("ROSA", "MILO", "AMARA", "THEO", "IVY", "KAI", "LENA", "OSCAR", "NORA", "ELI")
PLACES = (
    "NORTHSIDE",
    "MAPLE",
    "HARBOR",
    "SUNSET",
    "GOLDEN GATE",
    "RIVERBEND",
    "OLD TOWN",
    "HILLCREST",
    "BAYVIEW",
    "CEDAR",
    "LAKESHORE",
    "MISSION",
    "UNION SQ",
    "PARKSIDE",
    "EASTGATE",
    "WILLOW",
)
CITIES = (
    ("OAKLAND", "CA"),
    ("SEATTLE", "WA"),
    ("AUSTIN", "TX"),
    ("BROOKLYN", "NY"),
    ("DENVER", "CO"),
    ("PORTLAND", "OR"),
    ("CHICAGO", "IL"),
    ("BOSTON", "MA"),
    ("ATHENS", "GA"),
    ("DULUTH", "MN"),
    ("MARFA", "TX"),
    ("BOZEMAN", "MT"),
)
EMPLOYERS = ("ACME CORP", "GLOBEX INC", "INITECH", "UMBRELLA LLC", "STARK IND", "WAYNE ENT")
BANK_LINES: dict[str, tuple[tuple[str, int], ...]] = {
    # template -> sign of the amount (+1 in, -1 out)
    "INCOME_WAGES": (
        ("ACH CREDIT {EMPLOYER} PAYROLL {ID}", 1),
        ("DIRECT DEP {EMPLOYER} {ID}", 1),
        ("{EMPLOYER} DES:PAYROLL ID:{ID} INDN:DOE JANE", 1),
        ("{EMPLOYER} SALARY {MMDD}", 1),
    ),
    "INCOME_INTEREST_EARNED": (("INTEREST PAYMENT", 1), ("INTEREST PAID THIS PERIOD", 1)),
    "INCOME_DIVIDENDS": (("DIVIDEND {EMPLOYER}", 1),),
    "INCOME_TAX_REFUND": (("US TREASURY 310 TAX REF {ID}", 1),),
    "TRANSFER_OUT_SAVINGS": (
        ("ONLINE TRANSFER TO SAV XXXXXX{ID4}", -1),
        ("TRANSFER TO SAVINGS {ID4}", -1),
    ),
    "TRANSFER_IN_SAVINGS": (("ONLINE TRANSFER FROM SAV XXXXXX{ID4}", 1),),
    "TRANSFER_OUT_ACCOUNT_TRANSFER": (
        ("ZELLE PAYMENT TO {FIRST} {SURNAME} {ID}", -1),
        ("VENMO PAYMENT {ID}", -1),
    ),
    "TRANSFER_IN_ACCOUNT_TRANSFER": (
        ("ZELLE PAYMENT FROM {FIRST} {SURNAME} {ID}", 1),
        ("VENMO CASHOUT {ID}", 1),
    ),
    "TRANSFER_OUT_WITHDRAWAL": (
        ("ATM WITHDRAWAL {ID4} {PLACE} ST", -1),
        ("WITHDRAWAL AT BRANCH {ID4}", -1),
    ),
    "TRANSFER_IN_DEPOSIT": (("MOBILE DEPOSIT REF {ID}", 1), ("ATM CHECK DEPOSIT {MMDD}", 1)),
    "BANK_FEES_OVERDRAFT_FEES": (("OVERDRAFT ITEM FEE", -1), ("OVERDRAFT PROTECTION FEE", -1)),
    "BANK_FEES_ATM_FEES": (("NON-NETWORK ATM FEE", -1), ("ATM FEE {MMDD}", -1)),
    "BANK_FEES_OTHER_BANK_FEES": (("MONTHLY MAINTENANCE FEE", -1), ("WIRE TRANSFER FEE", -1)),
    "BANK_FEES_INTEREST_CHARGE": (("INTEREST CHARGE ON PURCHASES", -1),),
    "LOAN_PAYMENTS_CREDIT_CARD_PAYMENT": (
        ("CHASE CREDIT CRD EPAY {ID}", -1),
        ("CREDIT CARD PAYMENT THANK YOU", -1),
    ),
    "LOAN_PAYMENTS_MORTGAGE_PAYMENT": (("{SURNAME} HOME LOANS MTG PMT {ID}", -1),),
    "LOAN_PAYMENTS_STUDENT_LOAN_PAYMENT": (("DEPT EDUCATION STUDENT LN {ID}", -1),),
    "RENT_AND_UTILITIES_RENT": (("{PLACE} APARTMENTS RENT {MMDD}", -1),),
    "RENT_AND_UTILITIES_WATER": (("{PLACE} WATER DISTRICT {ID}", -1),),
}


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled transaction."""

    descriptor: str
    amount: Decimal
    label: str
    merchant: str


def _shape(rnd: random.Random, name: str) -> str:
    """Render a merchant name as a bank would print it."""
    city, state = rnd.choice(CITIES)
    store = rnd.randint(1, 99999)
    mmdd = f"{rnd.randint(1, 12):02d}{rnd.randint(1, 28):02d}"
    shapes = (
        f"{name}",
        f"SQ *{name} {city} {state}",
        f"TST* {name} #{store % 100}",
        f"POS DEBIT {mmdd} {name} {store:05d} {city} {state}",
        f"CHECKCARD {mmdd} {name} {city} {state}",
        f"{name} {rnd.randint(200, 999)}-555-{rnd.randint(0, 9999):04d} {state}",
        f"{name:<23.23}  {city:<13.13} {state}",
        f"PURCHASE AUTHORIZED ON {mmdd[:2]}/{mmdd[2:]} {name} {city} {state} S{store:09d}",
    )
    return rnd.choice(shapes)


def _local_name(rnd: random.Random, phrase: str) -> str:
    patterns = (
        f"{rnd.choice(SURNAMES)}'S {phrase}",
        f"{rnd.choice(PLACES)} {phrase}",
        f"{rnd.choice(FIRST)} & {rnd.choice(FIRST)} {phrase}",
        f"THE {rnd.choice(PLACES)} {phrase}",
        f"{rnd.choice(SURNAMES)} {phrase}",
    )
    return rnd.choice(patterns)


def _amount(rnd: random.Random, sign: int) -> Decimal:
    return Decimal(rnd.randint(100, 250_000)).scaleb(-2) * sign


def local_examples(n: int, seed: int) -> list[Example]:
    """``n`` labelled examples: 80% invented local merchants, 20% bank-side lines."""
    rnd = random.Random(seed)
    typed = [(label, p) for label, phrases in TYPES.items() for p in phrases]
    opaque = [(label, p) for label, phrases in OPAQUE.items() for p in phrases]
    bank = [(label, t) for label, templates in BANK_LINES.items() for t in templates]
    out = []
    for _ in range(n):
        roll = rnd.random()
        if roll < 0.2:
            label, (template, sign) = rnd.choice(bank)
            text = template.format(
                EMPLOYER=rnd.choice(EMPLOYERS),
                ID=rnd.randint(10**5, 10**9),
                ID4=rnd.randint(1000, 9999),
                MMDD=f"{rnd.randint(1, 12):02d}{rnd.randint(1, 28):02d}",
                FIRST=rnd.choice(FIRST),
                SURNAME=rnd.choice(SURNAMES),
                PLACE=rnd.choice(PLACES),
            )
            out.append(Example(text, _amount(rnd, sign), label, text))
        else:
            label, phrase = rnd.choice(opaque if roll > 0.93 else typed)
            name = _local_name(rnd, phrase)
            out.append(Example(_shape(rnd, name), _amount(rnd, -1), label, name))
    return out


def brand_examples(brands: dict[str, str], n: int, seed: int) -> list[Example]:
    """``n`` descriptors of directory brands in varied shapes (labels from the directory)."""
    rnd = random.Random(seed)
    names = sorted(brands)
    out = []
    for _ in range(n):
        brand = rnd.choice(names)
        printed = brand.upper().replace("'", "")
        if rnd.random() < 0.3:
            printed = f"{printed}*{rnd.randrange(16**8):08X}"
        out.append(Example(_shape(rnd, printed), _amount(rnd, -1), brands[brand], brand))
    return out
