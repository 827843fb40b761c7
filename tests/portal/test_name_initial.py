"""Placeholder logos show a letter that tells the organisation apart, never "(" or the generic "한"."""

import pytest

from portal.templatetags.hub import name_initial


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
