"""Atom feeds of the notice board: all notices, and one per category, with the audience rules of the board.

A feed reader has no session, so it gets the public notices; a signed-in browser gets what its reader
may see. Served from the page cache for anonymous readers (group "notices").
"""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from portal.pagecache import public_page

from .choices import NoticeCategory
from .selectors import notice_board

FEED_ITEMS = 20


@dataclass(frozen=True)
class FeedScope:
    """What one request's feed shows (the feed object is shared by every request, so it holds nothing)."""

    category: str
    reader: object


class NoticeFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, category=None):
        if category is not None and category not in NoticeCategory.values:
            raise Http404
        return FeedScope(category=category or "", reader=request.user)

    def title(self, scope):
        board = _("Hub&Bridge notices")
        return f"{board} · {NoticeCategory(scope.category).label}" if scope.category else board

    def subtitle(self, scope):
        return _("Calls, results, events and building news of the Changwon Digital Innovation Hub")

    def link(self, scope):
        return reverse("notices:list") + (f"?category={scope.category}" if scope.category else "")

    def items(self, scope):
        # Newest first: a feed reader orders by date, so pinning means nothing here.
        rows = notice_board(scope.reader)
        if scope.category:
            rows = rows.filter(category=scope.category)
        return rows.order_by("-publish_at", "-pk")[:FEED_ITEMS]

    def item_title(self, notice):
        return notice.title

    def item_description(self, notice):
        return notice.body_html

    def item_pubdate(self, notice):
        return notice.publish_at

    def item_updateddate(self, notice):
        return notice.updated_at

    def item_categories(self, notice):
        return [notice.get_category_display()]


notice_feed = public_page("notices")(NoticeFeed())
