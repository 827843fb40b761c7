from datetime import date

import pytest

from portal.time import add_working_days, is_working_day


def test_weekends_and_public_holidays_are_not_working_days():
    assert is_working_day(date(2026, 12, 24))  # Thursday
    assert not is_working_day(date(2026, 12, 25))  # 기독탄신일
    assert not is_working_day(date(2026, 12, 26))  # Saturday
    assert not is_working_day(date(2026, 3, 2))  # 삼일절 substitute holiday (Monday)


def test_working_days_skip_a_weekend_and_a_holiday():
    # Thursday 24 December + 2 working days: Friday 25 is Christmas, 26-27 the weekend.
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 28)
    assert add_working_days(date(2026, 12, 24), 2) == date(2026, 12, 29)


def test_chuseok_week_counts_no_working_days():
    # 2026 추석: 24-26 September (Thursday to Saturday).
    assert add_working_days(date(2026, 9, 23), 1) == date(2026, 9, 28)


def test_zero_days_is_the_same_day_and_negative_is_refused():
    assert add_working_days(date(2026, 12, 24), 0) == date(2026, 12, 24)
    with pytest.raises(ValueError):
        add_working_days(date(2026, 12, 24), -1)
