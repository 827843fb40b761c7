"""The walk's checks find what they are meant to find (no browser: measurements as the page gives them)."""

from .test_walk import _problems_at
from .walk_pages import Page

GOOD = {
    "scrollWidth": 360,
    "width": 360,
    "wide": [],
    "small": [],
    "headerBottom": 60,
    "lang": "ko",
    "headings": 1,
    "text": "입주기업 44개사 · 검토 중",
    "chrome": ["입주기업", "검토 중"],
    "interfaceTexts": ["검색"],
}


def problems(language="ko", width=360, **changes):
    return _problems_at({**GOOD, **changes}, page=Page("home"), language=language, width=width)


def test_a_right_page_has_no_problem():
    assert problems() == []


def test_overflow_a_tall_header_small_targets_and_the_wrong_language_are_found():
    assert "370 px wide" in problems(scrollWidth=370, wide=["table"])[0]
    assert "header ends at 113 px" in problems(headerBottom=113)[0]
    assert "tap targets" in problems(small=["button.link-button"])[0]
    assert "<html lang='en'>" in problems(lang="en")[0]
    assert "0 <h1>" in problems(headings=0)[0]


def test_internal_names_and_untranslated_interface_strings_are_found():
    assert "identifier" in problems(text="사업자 상태 representative_name")[0]
    assert "template syntax" in problems(text="{{ firm.name }}")[0]
    assert "None shown" in problems(text="대표자 None")
    assert "English on a Korean page: 'Sign in'" in problems(chrome=["Sign in"])[0]
    english = {"lang": "en", "text": "Members", "chrome": ["구성원"], "interfaceTexts": ["검색"]}
    found = problems(language="en", **english)
    assert "Korean on an English page: '구성원'" in found and "Korean on an English page: '검색'" in found


def test_content_in_the_other_language_is_not_taken_for_an_untranslated_string():
    names = ["(주)가온AI Gaon AI Co., Ltd.", "권수아"]
    english = {"lang": "en", "text": "Members", "chrome": names, "interfaceTexts": []}
    assert problems(language="en", **english) == []
    assert problems(chrome=["Megazone Cloud", "Gaon AI"]) == []


def test_template_syntax_is_found_on_pages_outside_the_portals_layout_too():
    swagger = Page("swagger-ui", portal_layout=False, language="en")
    found = _problems_at(
        {**GOOD, "lang": "en", "text": "{# a comment #} Hub&Bridge Portal API"}, page=swagger, language="ko", width=360
    )
    assert found == ["template syntax shown: ['#}', '{#']"]
