"""Who reads which notice, over the board, a notice's page, its files, the Atom feed and the API alike."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from portal.notices.models import NoticeAttachment

from ..factories import LeaseFactory, NoticeFactory

READERS = ["anonymous", "resident", "non-resident firm", "staff"]


def _client_for(client, person):
    if person is not None:
        client.force_login(person)
    return client


def _shown(content: bytes, board) -> set[str]:
    text = content.decode()
    return {audience for audience, notice in board.items() if notice.title in text}


@pytest.mark.parametrize("reader", READERS)
def test_the_board_lists_exactly_the_audiences_of_its_reader(client, readers, board, reader):
    person, allowed = readers[reader]
    response = _client_for(client, person).get(reverse("notices:list"))
    assert response.status_code == 200
    assert _shown(response.content, board) == allowed


@pytest.mark.parametrize("reader", READERS)
def test_the_atom_feed_follows_the_same_rules(client, readers, board, reader):
    person, allowed = readers[reader]
    response = _client_for(client, person).get(reverse("notices:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert _shown(response.content, board) == allowed


@pytest.mark.parametrize("reader", READERS)
def test_the_api_lists_the_same_notices(api_client, readers, board, reader):
    person, allowed = readers[reader]
    if person is not None:
        api_client.force_authenticate(person)
    response = api_client.get("/api/notices/")
    assert response.status_code == 200
    shown = {row["audience"] for row in response.json()["results"]}
    assert shown == allowed
    for audience, notice in board.items():
        detail = api_client.get(f"/api/notices/{notice.pk}/")
        assert detail.status_code == (200 if audience in allowed else 404)


@pytest.mark.parametrize("reader", READERS)
def test_a_notice_page_is_shown_only_to_its_audience(client, readers, board, reader):
    person, allowed = readers[reader]
    client = _client_for(client, person)
    for audience, notice in board.items():
        response = client.get(notice.get_absolute_url())
        if audience in allowed:
            assert response.status_code == 200
            assert notice.title in response.content.decode()
        elif person is None:
            # Signed out: asked to sign in, the text stays hidden.
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("account_login"))
        else:
            assert response.status_code == 404


def test_a_resident_notices_files_are_not_public(client, readers, board):
    notice = board["residents"]
    attachment = NoticeAttachment(notice=notice, original_name="안내문.pdf", file_type="pdf", size=12)
    attachment.file.save("guide.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    attachment.save()
    url = attachment.get_absolute_url()
    assert client.get(url).status_code == 404
    client.force_login(readers["non-resident firm"][0])
    assert client.get(url).status_code == 404
    client.force_login(readers["resident"][0])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"


def test_drafts_withdrawn_and_future_notices_are_on_no_public_page(client, api_client, db):
    hidden = [
        NoticeFactory(state="draft", publish_at=None),
        NoticeFactory(state="withdrawn"),
        NoticeFactory(state="scheduled", publish_at=timezone.now() + timedelta(days=1)),
    ]
    board = client.get(reverse("notices:list")).content.decode()
    api = api_client.get("/api/notices/").json()
    assert api["count"] == 0
    for notice in hidden:
        assert notice.title not in board
        assert client.get(notice.get_absolute_url()).status_code in (302, 404)


def test_a_firm_member_who_is_no_resident_yet_sees_resident_notices_once_the_lease_starts(client, bob, board):
    client.force_login(bob.member)
    assert client.get(board["residents"].get_absolute_url()).status_code == 404
    LeaseFactory(firm=bob.firm)
    assert client.get(board["residents"].get_absolute_url()).status_code == 200
