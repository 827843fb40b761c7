"""The notice board and a notice at 360 px in a real browser (Korean pages): pinned first, a category
chip, the notice with its file and the link to the older one, and nothing wider than the screen."""

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from portal.notices.models import NoticeAttachment
from tests.factories import NoticeFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def notices(transactional_db):
    older = NoticeFactory(title="시설 점검 안내", category="facility")
    pinned = NoticeFactory(
        title="2027년 입주기업 모집 공고", category="call", pinned_until="2099-12-31", body="**접수** 안내"
    )
    attachment = NoticeAttachment(notice=pinned, original_name="모집공고문.pdf", file_type="pdf", size=9)
    attachment.file.save("call.pdf", ContentFile(b"%PDF-1.4 x"), save=False)
    attachment.save()
    return older, pinned


def test_a_phone_reads_the_board_and_a_notice(new_page, live_server, notices):
    older, pinned = notices
    page = new_page(locale="ko-KR")
    page.set_viewport_size({"width": 360, "height": 800})
    page.context.add_cookies([{"name": "django_language", "value": "ko", "url": live_server.url}])
    page.goto("/notices/")
    rows = page.locator(".notice-row")
    expect(rows).to_have_count(2)
    expect(rows.first).to_have_class("notice-row notice-pinned")
    expect(rows.first.locator(".notice-title")).to_have_text(pinned.title)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.locator(".notice-categories a[href='?category=facility']").click()
    expect(page.locator(".notice-row")).to_have_count(1)
    expect(page.locator(".notice-title")).to_have_text(older.title)

    page.goto(pinned.get_absolute_url())
    expect(page.locator("h1")).to_have_text(pinned.title)
    expect(page.locator(".notice-body strong")).to_have_text("접수")
    expect(page.locator("a", has_text="모집공고문.pdf")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.locator(".notice-neighbours a[rel=next]").click()
    expect(page.locator("h1")).to_have_text(older.title)
