"""The public pages every portal has: help and contact, terms, AI consulting, favicon, 404 in both languages."""

import pytest
from django.urls import reverse
from django.utils import translation

from ..factories import SiteFactory

PUBLIC_PAGES = ["help", "terms", "ai_consulting", "programs:certificate_lookup"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PUBLIC_PAGES)
@pytest.mark.parametrize(("language", "word"), [("ko", "이용약관"), ("en", "Terms of use")])
def test_public_pages_open_without_login_in_both_languages_and_the_footer_links_them(client, name, language, word):
    with translation.override(language):
        response = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE=language)
    page = response.content.decode()
    assert response.status_code == 200 and f'lang="{language}"' in page
    footer = page.split('class="site-footer"')[1]
    assert word in footer
    for linked in PUBLIC_PAGES:
        assert f'href="{reverse(linked)}"' in footer


@pytest.mark.django_db
def test_help_gives_the_contact_and_each_site(client, settings):
    settings.HUB_CONTACT_EMAIL = "desk@hub.example.kr"
    first, second = SiteFactory(name="경남창원산학융합원"), SiteFactory(name="신화더플렉스시티")
    page = client.get(reverse("help"), HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "mailto:desk@hub.example.kr" in page
    for site in (first, second):
        assert site.name in page and site.address in page and f"?site={site.pk}" in page


@pytest.mark.django_db
def test_the_ai_consulting_page_is_public_and_leads_to_the_request_form(client):
    page = client.get(reverse("ai_consulting")).content.decode()
    assert reverse("programs:consulting_new") in page and reverse("programs:outcomes") in page


def test_the_favicon_is_served_as_an_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "title"), [("ko", "페이지를 찾을 수 없습니다"), ("en", "Page not found")])
def test_the_404_page_is_the_portals_in_both_languages(client, settings, language, title):
    settings.DEBUG = False
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404 and title in response.content.decode()
    assert 'class="site-footer"' in response.content.decode()


def test_the_500_page_speaks_both_languages():
    from django.template.loader import render_to_string  # noqa: PLC0415

    page = render_to_string("500.html")
    assert "일시적인 오류" in page and "Something went wrong" in page


@pytest.mark.django_db
def test_help_gives_each_sites_own_contact_in_both_languages_or_the_hubs(client, settings):
    settings.HUB_CONTACT_PHONE = "055-999-0000"
    staffed = SiteFactory(
        contact_phone="055-000-0101",
        contact_email="gcic@hub.example.kr",
        office_hours_ko="평일 09:00–18:00, 3층 운영사무실",
        office_hours_en="Working days 09:00–18:00, office on the 3rd floor",
    )
    SiteFactory()  # no contact of its own: the hub office answers
    korean = client.get(reverse("help"), HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert 'href="tel:055-000-0101"' in korean and "mailto:gcic@hub.example.kr" in korean
    assert "3층 운영사무실" in korean and "운영 시간" in korean
    assert korean.count('href="tel:055-999-0000"') == 2  # the office line, and the site without its own
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("help")).content.decode()
    assert "office on the 3rd floor" in english and "Office hours" in english
    assert staffed.name_en in english
