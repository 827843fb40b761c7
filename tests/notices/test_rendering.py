"""Notice text is Markdown made safe: no script, no event handler, no javascript: link survives."""

import html
import re

import pytest

from portal.notices.rendering import render_markdown

from ..factories import NoticeFactory

HOSTILE = """# 안내

<script>alert('x')</script>

[클릭](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) <img src=x onerror=alert(1)>

<a href="javascript:alert(2)" onclick="alert(3)">raw link</a>

**굵게** and [신청 안내](https://hub.example.kr/calls/)
"""


def tags(html: str) -> list[str]:
    return re.findall(r"<[a-zA-Z][^>]*>", html)


def test_scripts_event_handlers_and_javascript_links_are_removed():
    rendered = str(render_markdown(HOSTILE))
    for tag in tags(rendered):
        lowered = tag.lower()
        assert not lowered.startswith(("<script", "<img", "<iframe", "<style"))
        assert "javascript:" not in lowered and "data:" not in lowered
        assert not re.search(r"\son\w+=", lowered)
    assert "&lt;script&gt;" in rendered  # raw HTML is shown as text, never run
    assert "<strong>굵게</strong>" in rendered
    assert '<a href="https://hub.example.kr/calls/" rel="noopener noreferrer nofollow">신청 안내</a>' in rendered


def test_tables_and_lists_render():
    rendered = str(render_markdown("| 항목 | 일정 |\n|---|---|\n| 접수 | 3월 |\n\n1. 하나\n2. 둘"))
    assert "<table>" in rendered and "<td>접수</td>" in rendered and "<ol>" in rendered


def assert_safe(html: str) -> None:
    for tag in tags(html):
        lowered = tag.lower()
        assert not lowered.startswith(("<script", "<img", "<iframe")), tag
        assert "javascript:" not in lowered and not re.search(r"\son(error|click)=", lowered), tag


@pytest.mark.django_db
def test_the_page_feed_and_api_carry_the_sanitised_text(client, api_client):
    notice = NoticeFactory(body=HOSTILE)
    page = client.get(notice.get_absolute_url()).content.decode()
    page = page.split('<div class="prose notice-body">', 1)[1].split("</div>", 1)[0]  # the notice, not the layout
    assert_safe(page)
    assert "<strong>굵게</strong>" in page
    feed = html.unescape(client.get("/notices/feed/").content.decode())  # Atom carries the HTML escaped
    assert_safe(feed)
    assert "<strong>굵게</strong>" in feed
    body_html = api_client.get(f"/api/notices/{notice.pk}/").json()["body_html"]
    assert_safe(body_html)
    assert "<strong>굵게</strong>" in body_html
