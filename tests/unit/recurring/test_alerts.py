"""Price-change alerts over detected streams."""

from __future__ import annotations

import datetime as dt

import pytest

from fin_infra.errors import ValidationError
from fin_infra.models import Transaction
from fin_infra.money import D
from fin_infra.recurring import RecurringStream, detect_recurring, price_change_alerts


def monthly(name: str, amounts: list[str], start: dt.date) -> list[Transaction]:
    out = []
    for i, amount in enumerate(amounts):
        month = start.month - 1 + i
        day = dt.date(start.year + month // 12, month % 12 + 1, start.day)
        out.append(
            Transaction(id=f"{name}{i}", account_id="a", amount=D(amount), date=day, name=name)
        )
    return out


@pytest.fixture
def streams() -> list[RecurringStream]:
    history = (
        monthly("NETFLIX.COM", ["-15.49"] * 4 + ["-17.99"] * 3, dt.date(2024, 1, 5))
        + monthly("SPOTIFY USA", ["-10.99"] * 3 + ["-9.99"] * 3, dt.date(2024, 1, 9))
        + monthly("HULU", ["-7.99"] * 3 + ["-8.09"] * 3, dt.date(2024, 1, 11))
        + monthly("GYM CLUB", ["-30.00"] * 3 + ["-45.00"] * 3, dt.date(2022, 1, 11))
    )
    return detect_recurring(history, as_of=dt.date(2024, 8, 1))


def test_alerts_newest_first_with_a_message(streams: list[RecurringStream]) -> None:
    alerts = price_change_alerts(streams)
    assert [a.stream.merchant for a in alerts] == ["Netflix", "Hulu", "Spotify"]
    assert alerts[0].message == "Netflix went up from 15.49 to 17.99 USD (+16.1%) on 2024-05-05"
    assert alerts[2].message.startswith("Spotify went down from 10.99 to 9.99 USD (-9.1%)")


def test_filters(streams: list[RecurringStream]) -> None:
    assert [a.stream.merchant for a in price_change_alerts(streams, min_percent=5)] == [
        "Netflix",
        "Spotify",
    ]
    assert [
        a.stream.merchant for a in price_change_alerts(streams, since=dt.date(2024, 4, 20))
    ] == ["Netflix"]
    everything = price_change_alerts(streams, active_only=False)
    assert "Gym Club" in [a.stream.merchant for a in everything]
    with pytest.raises(ValidationError):
        price_change_alerts(streams, min_percent=-1)
