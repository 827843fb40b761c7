"""Access records (접속기록): the one function that writes them.

Every staff page, search, download and export that shows a person's or a firm's personal data
writes one row through ``access_record``; the views do so through ``portal.accounts.recording``
(a decorator and the shared export and download helpers), not by hand. System jobs (the retention
purge) pass ``actor=None`` and an ``actor_label`` naming the job.
"""

from collections.abc import Iterable
from datetime import date, datetime
from urllib.parse import urlencode

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Sum
from django.db.models.functions import TruncDate
from django.urls import reverse

from portal.notifications.services import notify
from portal.time import KST

from .choices import AccessAction
from .models import AccessRecord, User
from .roles import AUDITOR


def client_ip(request) -> str | None:
    """The client's address as allauth sees it (``ALLAUTH_TRUSTED_PROXY_COUNT`` behind a proxy), so
    access records, the login limits and consent records agree on where a request came from."""
    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:  # allauth refuses when it finds no address at all
        return None


def access_record(
    *,
    action: AccessAction | str,
    request=None,
    actor: User | None = None,
    actor_label: str = "",
    ip_address: str | None = None,
    subject_user: User | None = None,
    firm=None,
    fields: Iterable[str] = (),
    export_name: str = "",
    row_count: int = 1,
    view_name: str = "",
) -> AccessRecord:
    """Append one access record.

    Who and from where come from ``request`` (its user and client address) or from ``actor`` /
    ``ip_address`` (tasks); whose data is ``subject_user`` and/or ``firm`` (any model instance: its
    id and name are kept, so the record outlives a renamed firm); what is ``action``, ``fields``
    (names of the personal-data fields shown), ``export_name`` (an export or a file) and
    ``row_count`` (how many people's or firms' rows were shown or exported).

    One INSERT, so atomic by itself: written in the caller's transaction when there is one.
    """
    action = AccessAction(action)
    path = ""
    if request is not None:
        actor = actor or (request.user if request.user.is_authenticated else None)
        ip_address = ip_address or client_ip(request)
        path = request.get_full_path()[:500]
        if not view_name and getattr(request, "resolver_match", None):
            view_name = request.resolver_match.view_name or ""
    if not actor_label:
        actor_label = actor.email if actor is not None else "system"
    return AccessRecord.objects.create(
        actor=actor,
        actor_label=actor_label[:254],
        ip_address=ip_address,
        action=action,
        subject_user=subject_user,
        firm_id=firm.pk if firm is not None else None,
        firm_label=str(firm)[:200] if firm is not None else "",
        view_name=view_name[:120],
        path=path,
        fields=sorted(set(fields)),
        export_name=export_name[:200],
        row_count=max(row_count, 0),
    )


def _month_bounds(month: date) -> tuple[datetime, datetime]:
    start = datetime(month.year, month.month, 1, tzinfo=KST)
    following = datetime(month.year + month.month // 12, month.month % 12 + 1, 1, tzinfo=KST)
    return start, following


def bulk_export_findings(*, month: date) -> list[dict]:
    """Who exported more personal data in ``month`` (KST) than the thresholds allow: more rows in the
    month than ``ACCESS_RECORDS_BULK_EXPORT_ROWS``, or more exports in one day than
    ``ACCESS_RECORDS_BULK_EXPORTS_PER_DAY``. JSON-ready, ordered by person."""
    start, end = _month_bounds(month)
    exports = AccessRecord.objects.filter(action=AccessAction.EXPORT, occurred_at__gte=start, occurred_at__lt=end)
    findings = [
        {"actor": row["actor_label"], "kind": "rows", "day": "", "count": row["rows"]}
        for row in exports.values("actor_label")
        .annotate(rows=Sum("row_count"))
        .filter(rows__gt=settings.ACCESS_RECORDS_BULK_EXPORT_ROWS)
        .order_by()
    ]
    findings += [
        {"actor": row["actor_label"], "kind": "exports", "day": row["day"].isoformat(), "count": row["exports"]}
        for row in exports.annotate(day=TruncDate("occurred_at", tzinfo=KST))
        .values("actor_label", "day")
        .annotate(exports=Count("pk"))
        .filter(exports__gt=settings.ACCESS_RECORDS_BULK_EXPORTS_PER_DAY)
        .order_by()
    ]
    return sorted(findings, key=lambda finding: (finding["actor"], finding["kind"], finding["day"]))


@transaction.atomic
def access_records_check_bulk_exports(*, month: date) -> int:
    """The monthly check: mail every active auditor the bulk exports of ``month`` through the outbox,
    once per auditor and month however often it runs. Returns the number of findings."""
    findings = bulk_export_findings(month=month)
    if not findings:
        return 0
    auditors = User.objects.filter(groups__name=AUDITOR, is_active=True).distinct().order_by("pk")
    label = f"{month:%Y-%m}"
    url = settings.SITE_URL + reverse("access_records:list") + "?" + urlencode({"action": AccessAction.EXPORT})
    for auditor in auditors:
        notify(
            recipient=auditor.email,
            user=auditor,
            template="access_bulk_exports",
            context={"name": auditor.get_full_name(), "month": label, "findings": findings, "url": url},
            dedup_key=f"access-records:bulk-exports:{label}:{auditor.pk}",
            language=auditor.language,
        )
    return len(findings)
