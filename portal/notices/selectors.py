"""Who reads which notice: the one audience rule the board, the feeds, the home page, the files and the API share."""

from datetime import datetime

from django.contrib.auth.models import Permission
from django.db.models import Case, Count, F, Q, QuerySet, Value, When
from django.utils import timezone

from portal.accounts.models import User
from portal.time import hub_today
from tenants.models import FirmMembership
from tenants.selectors import resident_firms

from .choices import LIVE_STATES, NoticeAudience, NoticeState
from .models import Notice

STAFF_PERMISSION = "notices.view_notice"


def is_resident(user) -> bool:
    """A member of a firm with a current lease at one of the sites."""
    if not getattr(user, "is_authenticated", False):
        return False
    return FirmMembership.objects.filter(user=user, firm__in=resident_firms()).exists()


def audiences_for(user) -> list[str]:
    """Everyone reads public notices; residents also resident ones; staff who handle notices all three."""
    if getattr(user, "is_authenticated", False) and user.has_perm(STAFF_PERMISSION):
        return [NoticeAudience.PUBLIC, NoticeAudience.RESIDENTS, NoticeAudience.STAFF]
    if is_resident(user):
        return [NoticeAudience.PUBLIC, NoticeAudience.RESIDENTS]
    return [NoticeAudience.PUBLIC]


def live_notices(now: datetime | None = None) -> QuerySet:
    return Notice.objects.filter(state__in=LIVE_STATES, publish_at__lte=now or timezone.now())


def notices_visible_to(user, *, now: datetime | None = None) -> QuerySet:
    return live_notices(now).filter(audience__in=audiences_for(user))


def with_pinned(queryset: QuerySet, today=None) -> QuerySet:
    """Pinned notices first (up to and including their day, KST), then the newest."""
    pinned = Case(When(pinned_until__gte=today or hub_today(), then=Value(True)), default=Value(False))
    return queryset.annotate(pinned=pinned).order_by("-pinned", "-publish_at", "-pk")


def notice_board(user) -> QuerySet:
    """The board's rows for ``user``, pinned first, with their number of files (filters: ``NoticeFilterSet``)."""
    return with_pinned(notices_visible_to(user).annotate(attachment_count=Count("attachments")))


def notice_neighbours(notice: Notice, user) -> tuple[Notice | None, Notice | None]:
    """The older and the newer notice the same reader may see, by publication time."""
    visible = notices_visible_to(user).only("pk", "title", "title_ko", "title_en", "publish_at")
    at, pk = notice.publish_at, notice.pk
    older = visible.filter(Q(publish_at__lt=at) | Q(publish_at=at, pk__lt=pk)).order_by("-publish_at", "-pk").first()
    newer = visible.filter(Q(publish_at__gt=at) | Q(publish_at=at, pk__gt=pk)).order_by("publish_at", "pk").first()
    return older, newer


HOME_PINNED = 3
HOME_RECENT = 5


def home_notices(user) -> dict:
    """The home page's latest pinned notices and the most recent others: two queries whatever the count."""
    today = hub_today()
    visible = notices_visible_to(user)
    pinned = list(visible.filter(pinned_until__gte=today).order_by("-publish_at", "-pk")[:HOME_PINNED])
    recent = list(visible.exclude(pk__in=[notice.pk for notice in pinned]).order_by("-publish_at", "-pk")[:HOME_RECENT])
    return {"pinned": pinned, "recent": recent}


def notice_audience_subscribers(notice: Notice) -> QuerySet:
    """The people a published notice is mailed to: its audience, of those who asked for notices by mail."""
    people = User.objects.filter(mail_notices=True, is_active=True, anonymised_at__isnull=True)
    staff_permission = Permission.objects.filter(content_type__app_label="notices", codename="view_notice")
    staff = (
        Q(groups__permissions__in=staff_permission) | Q(user_permissions__in=staff_permission) | Q(is_superuser=True)
    )
    if notice.audience == NoticeAudience.STAFF:
        people = people.filter(staff)
    elif notice.audience == NoticeAudience.RESIDENTS:
        resident = Q(pk__in=FirmMembership.objects.filter(firm__in=resident_firms()).values("user_id"))
        people = people.filter(resident | staff)
    return people.distinct().order_by("pk")


def next_notice_change(now: datetime) -> datetime | None:
    """When a scheduled notice next appears (portal.pagecache keeps no page past that moment)."""
    return (
        Notice.objects.filter(state=NoticeState.SCHEDULED, publish_at__gt=now)
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )


def staff_notices() -> QuerySet:
    """Every notice, whatever its state or audience, for the staff workspace and the staff API."""
    queryset = Notice.objects.select_related("created_by")
    # Drafts (no publication time yet) first, then the newest.
    return queryset.annotate(attachment_count=Count("attachments")).order_by(
        F("publish_at").desc(nulls_first=True), "-pk"
    )
