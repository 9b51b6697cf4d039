"""Recurring detection: frequencies, jitter, drift, skipped periods, decoys, forecasts."""

from __future__ import annotations

import calendar
import datetime as dt
import random
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fin_infra.errors import ValidationError
from fin_infra.models import Transaction
from fin_infra.money import D
from fin_infra.recurring import Frequency, detect_recurring

_ids = iter(range(10**9))


def txn(name: str, amount: str | Decimal, day: dt.date, **extra: object) -> Transaction:
    return Transaction(
        id=f"t{next(_ids)}", account_id="chk", amount=D(amount), date=day, name=name, **extra
    )


def month_add(day: dt.date, months: int, anchor: int) -> dt.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(anchor, calendar.monthrange(year, month)[1]))


def schedule(frequency: Frequency, start: dt.date, count: int) -> list[dt.date]:
    """The true (jitter-free) dates of a stream."""
    step = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.YEARLY: 12}.get(frequency)
    if step is None:
        return [start + dt.timedelta(days=int(frequency.days) * i) for i in range(count)]
    return [month_add(start, step * i, start.day) for i in range(count)]


JITTER = {
    Frequency.WEEKLY: 1,
    Frequency.BIWEEKLY: 2,
    Frequency.MONTHLY: 3,
    Frequency.QUARTERLY: 4,
    Frequency.YEARLY: 5,
}


# Derandomized so CI is repeatable: a random run once found the short monthly series pinned
# below, a known gap of the detector (issue 17), and a red CI must not depend on the draw.
@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    st.sampled_from(list(Frequency)),
    st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2030, 1, 1)),
    st.integers(min_value=0, max_value=10_000),
    st.integers(min_value=4, max_value=14),
)
def test_every_frequency_is_found_through_jitter(
    frequency: Frequency, start: dt.date, seed: int, count: int
) -> None:
    assert_found_through_jitter(frequency, start, seed, count)


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="issue 17: four monthly payments jittered around a February fall below the "
    "detector's confidence threshold (found by the property above in a random run)",
)
def test_four_jittered_monthly_payments_from_march_first() -> None:
    assert_found_through_jitter(Frequency.MONTHLY, dt.date(2015, 3, 1), 2827, 4)


def assert_found_through_jitter(
    frequency: Frequency, start: dt.date, seed: int, count: int
) -> None:
    """``count`` payments of one subscription at ``frequency``, each moved by up to the
    frequency's jitter, are one stream of that frequency with ``count`` occurrences."""
    rnd = random.Random(seed)
    jitter = JITTER[frequency]
    truth = schedule(frequency, start, count + 1)
    days = [d + dt.timedelta(days=rnd.randint(-jitter, jitter)) for d in truth[:-1]]
    history = [txn("SPOTIFY USA*P0F3AB12", "-9.99", d) for d in days]
    streams = detect_recurring(history)
    assert len(streams) == 1
    stream = streams[0]
    assert stream.frequency is frequency
    assert stream.occurrences == count
    assert stream.merchant == "Spotify"
    assert stream.next_amount == D("-9.99")
    assert abs((stream.next_date - truth[-1]).days) <= jitter + 3
    assert 0.5 <= stream.confidence <= 1.0


def test_skipped_periods_are_tolerated_and_counted() -> None:
    days = schedule(Frequency.MONTHLY, dt.date(2024, 1, 15), 12)
    history = [txn("COMCAST CABLE 800-266-2278", "-80.00", d) for i, d in enumerate(days) if i != 4]
    (stream,) = detect_recurring(history)
    assert stream.frequency is Frequency.MONTHLY
    assert stream.missed_periods == 1
    assert stream.next_date == dt.date(2025, 1, 15)


def test_amount_drift_is_one_stream_with_a_price_change() -> None:
    days = schedule(Frequency.MONTHLY, dt.date(2023, 3, 31), 14)
    amounts = ["-15.49"] * 7 + ["-17.99"] * 7
    history = [txn("NETFLIX.COM 866-579-7172 CA", a, d) for a, d in zip(amounts, days, strict=True)]
    (stream,) = detect_recurring(history)
    assert stream.last_amount == stream.next_amount == D("-17.99")
    (change,) = stream.price_changes
    assert (change.old_amount, change.new_amount, change.date) == (
        D("-15.49"),
        D("-17.99"),
        days[7],
    )
    assert change.change == D("2.50")
    assert round(change.percent, 1) == D("16.1")


def test_variable_bill_forecasts_the_recent_average() -> None:
    days = schedule(Frequency.MONTHLY, dt.date(2024, 1, 20), 8)
    amounts = ["-90.10", "-85.40", "-120.00", "-130.55", "-110.00", "-95.00", "-88.00", "-101.00"]
    history = [txn("PG&E WEB ONLINE", a, d) for a, d in zip(amounts, days, strict=True)]
    (stream,) = detect_recurring(history)
    assert stream.next_amount == D("-94.67")
    assert stream.price_changes == ()
    assert stream.average_amount == D("-102.5062")  # -820.05 / 8, half-even to 4 places


def test_subscription_hidden_among_one_off_purchases_at_the_same_merchant() -> None:
    rnd = random.Random(7)
    prime = [
        txn("AMAZON PRIME*AB12", "-14.99", d)
        for d in schedule(Frequency.MONTHLY, dt.date(2024, 1, 12), 12)
    ]
    shopping = [
        txn(
            f"AMAZON.COM*{rnd.randrange(10**6):06d}",
            f"-{rnd.randint(500, 9000) / 100:.2f}",
            dt.date(2024, 1, 1) + dt.timedelta(days=rnd.randint(0, 360)),
        )
        for _ in range(60)
    ]
    streams = detect_recurring(shopping + prime)
    assert [(s.merchant, s.next_amount, s.occurrences) for s in streams] == [
        ("Amazon", D("-14.99"), 12)
    ]
    assert set(streams[0].transaction_ids) == {t.id for t in prime}


def test_income_streams_and_direction_are_kept_apart() -> None:
    pay = [
        txn("GUSTO PAYROLL 1234", "2500.00", d)
        for d in schedule(Frequency.BIWEEKLY, dt.date(2024, 1, 5), 10)
    ]
    fee = [
        txn("GUSTO PAYROLL 1234", "-2500.00", d)
        for d in schedule(Frequency.MONTHLY, dt.date(2024, 1, 9), 2)
    ]
    (stream,) = detect_recurring(pay + fee)
    assert stream.is_inflow
    assert stream.frequency is Frequency.BIWEEKLY


@pytest.mark.parametrize(
    "days",
    [
        [dt.date(2024, 1, 1), dt.date(2024, 2, 1)],  # too few
        [dt.date(2024, 1, 1) + dt.timedelta(days=d) for d in (0, 3, 11, 40, 41, 90, 170)],
        [dt.date(2024, 1, 1) + dt.timedelta(days=d) for d in (0, 19, 38, 57, 76)],  # no period
    ],
)
def test_irregular_series_are_not_recurring(days: list[dt.date]) -> None:
    assert detect_recurring([txn("CORNER BAKERY", "-8.00", d) for d in days]) == []


def test_random_shopping_is_not_recurring() -> None:
    rnd = random.Random(3)
    history = [
        txn(
            name,
            f"-{rnd.randint(300, 20000) / 100:.2f}",
            dt.date(2024, 1, 1) + dt.timedelta(days=rnd.randint(0, 365)),
        )
        for name in ("WHOLEFDS MKT 10234", "SHELL OIL 5744", "TST* JOE'S PIZZA")
        for _ in range(25)
    ]
    assert detect_recurring(history) == []


def test_stopped_streams_are_inactive_and_pending_is_ignored() -> None:
    days = schedule(Frequency.MONTHLY, dt.date(2023, 1, 3), 6)
    history = [txn("PLANET FITNESS", "-24.99", d) for d in days]
    (stream,) = detect_recurring(history, as_of=dt.date(2024, 6, 1))
    assert not stream.is_active
    (current,) = detect_recurring(history, as_of=dt.date(2023, 7, 1))
    assert current.is_active
    pending = [txn("HULU 877-8244858", "-7.99", d, pending=True) for d in days]
    assert detect_recurring(pending) == []
    assert len(detect_recurring(pending, include_pending=True)) == 1


def test_same_day_duplicates_do_not_break_the_cadence() -> None:
    days = schedule(Frequency.WEEKLY, dt.date(2024, 3, 4), 8)
    history = [txn("CITI BIKE", "-5.00", d) for d in days] + [txn("CITI BIKE", "-5.00", days[3])]
    (stream,) = detect_recurring(history)
    assert stream.frequency is Frequency.WEEKLY
    assert stream.occurrences == 8


def test_stream_carries_the_category_of_its_transactions() -> None:
    days = schedule(Frequency.MONTHLY, dt.date(2024, 1, 3), 5)
    tagged = [
        txn("HULU", "-7.99", d, category="ENTERTAINMENT", category_detailed=detail)
        for d, detail in zip(
            days,
            ["ENTERTAINMENT_TV_AND_MOVIES"] * 4 + ["ENTERTAINMENT_OTHER_ENTERTAINMENT"],
            strict=True,
        )
    ]
    (stream,) = detect_recurring(tagged)
    assert stream.category == "ENTERTAINMENT_TV_AND_MOVIES"
    (plain,) = detect_recurring([txn("HULU", "-7.99", d) for d in days])
    assert plain.category is None


def test_arguments_are_checked() -> None:
    with pytest.raises(ValidationError):
        detect_recurring([], min_occurrences=1)
    with pytest.raises(ValidationError):
        detect_recurring([], min_fit=0)
    assert detect_recurring([]) == []


def test_price_change_among_one_off_purchases_is_one_stream() -> None:
    rnd = random.Random(11)
    days = schedule(Frequency.MONTHLY, dt.date(2023, 1, 8), 16)
    plan = [txn("APPLE.COM/BILL", "-2.99" if i < 8 else "-3.99", d) for i, d in enumerate(days)]
    extras = [
        txn("APPLE.COM/BILL", rnd.choice(["-0.99", "-4.99", "-9.99"]), d + dt.timedelta(days=9))
        for d in days[::3]
    ]
    (stream,) = detect_recurring(plan + extras)
    assert set(stream.transaction_ids) == {t.id for t in plan}
    assert [(c.old_amount, c.new_amount) for c in stream.price_changes] == [
        (D("-2.99"), D("-3.99"))
    ]


def test_metered_bills_raise_no_price_change() -> None:
    days = schedule(Frequency.QUARTERLY, dt.date(2022, 2, 1), 9)
    amounts = [
        "-176.40",
        "-219.60",
        "-207.00",
        "-207.00",
        "-187.20",
        "-225.00",
        "-198.00",
        "-221.40",
        "-183.60",
    ]
    history = [txn("EBMUD WATER", a, d) for a, d in zip(amounts, days, strict=True)]
    (stream,) = detect_recurring(history)
    assert stream.frequency is Frequency.QUARTERLY
    assert stream.price_changes == ()


@settings(max_examples=25, deadline=None)
@given(st.randoms(use_true_random=False))
def test_input_order_does_not_matter(rnd: random.Random) -> None:
    history = [
        txn("NETFLIX.COM", "-15.49", d) for d in schedule(Frequency.MONTHLY, dt.date(2024, 1, 3), 9)
    ] + [
        txn(
            "WHOLEFDS MKT",
            f"-{rnd.randint(500, 9000) / 100:.2f}",
            dt.date(2024, 1, 1) + dt.timedelta(days=rnd.randint(0, 270)),
        )
        for _ in range(30)
    ]
    shuffled = history[:]
    rnd.shuffle(shuffled)
    assert detect_recurring(shuffled) == detect_recurring(history)
