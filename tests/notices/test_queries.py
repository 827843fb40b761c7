"""The board, the home page, a feed, a notice and the API answer in a constant number of queries."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from portal.notices.models import NoticeAttachment

from ..factories import NoticeFactory


def _notices(count):
    notices = [NoticeFactory(pinned_until="2099-12-31" if index % 3 == 0 else None) for index in range(count)]
    for notice in notices:
        attachment = NoticeAttachment(notice=notice, original_name="안내.pdf", file_type="pdf", size=8)
        attachment.file.save("guide.pdf", ContentFile(b"%PDF-1.4"), save=False)
        attachment.save()
    return notices


# Each count includes the page cache's one query per clock-driven group (portal.pagecache changes_at).
PAGES = {
    "board": (lambda notices: reverse("notices:list"), 3),
    "search": (lambda notices: reverse("notices:list") + "?q=공지&category=general", 3),
    "home": (lambda notices: reverse("home"), 7),
    "feed": (lambda notices: reverse("notices:feed"), 2),
    "notice": (lambda notices: notices[0].get_absolute_url(), 7),
    "API list": (lambda notices: "/api/notices/", 4),
}


@pytest.mark.parametrize("rows", [1, 25])
@pytest.mark.parametrize("page", list(PAGES))
def test_anonymous_pages_run_a_constant_number_of_queries(client, db, django_assert_max_num_queries, rows, page):
    notices = _notices(rows)
    url, queries = PAGES[page]
    with django_assert_max_num_queries(queries):
        response = client.get(url(notices))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 25])
def test_a_resident_reads_the_board_in_a_constant_number_of_queries(
    client, resident, django_assert_max_num_queries, rows
):
    _notices(rows)
    client.force_login(resident)
    with django_assert_max_num_queries(9):
        assert client.get(reverse("notices:list")).status_code == 200


@pytest.mark.parametrize("rows", [1, 25])
def test_the_staff_workspace_list_runs_a_constant_number_of_queries(staff_client, django_assert_max_num_queries, rows):
    _notices(rows)
    with django_assert_max_num_queries(10):
        assert staff_client.get(reverse("notices:staff_list")).status_code == 200
