"""Placeholder logos show a distinguishing letter; measured KPI values are written without trailing zeros."""

from decimal import Decimal

import pytest

from portal.templatetags.hub import measured, name_initial


@pytest.mark.parametrize(
    ("name", "initial"),
    [
        ("(주)가온AI", "가"),
        ("㈜ 메가존클라우드", "메"),
        ("주식회사 비주얼컴포넌츠", "비"),
        ("한국전자기술연구원", "전"),
        ("Korea Testing Laboratory", "T"),
        ("megazone cloud", "M"),
        ("(재)경남테크노파크", "경"),
        ("한국", "한"),
        ("", ""),
    ],
)
def test_name_initial(name, initial):
    assert name_initial(name) == initial


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("4.200"), "4.2"),
        (Decimal("4"), "4"),
        (Decimal("1250.5000"), "1,250.5"),
        (Decimal("0.1254"), "0.125"),
        (Decimal("-9.50"), "−9.5"),
        (Decimal("100.000"), "100"),
        (None, "—"),
    ],
)
def test_measured_values_have_no_trailing_zeros(value, shown):
    assert measured(value) == shown
