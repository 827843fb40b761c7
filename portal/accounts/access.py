"""Access records (접속기록): the one function that writes them.

Every staff page, search, download and export that shows a person's or a firm's personal data
writes one row through ``access_record``; the views do so through ``portal.accounts.recording``
(a decorator and the shared export and download helpers), not by hand. System jobs (the retention
purge) pass ``actor=None`` and an ``actor_label`` naming the job.
"""

from collections.abc import Iterable

from allauth.account.adapter import get_adapter
from django.core.exceptions import PermissionDenied
from django.db import transaction

from .choices import AccessAction
from .models import AccessRecord, User


def client_ip(request) -> str | None:
    """The client's address as allauth sees it (``ALLAUTH_TRUSTED_PROXY_COUNT`` behind a proxy), so
    access records, the login limits and consent records agree on where a request came from."""
    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:  # allauth refuses when it finds no address at all
        return None


@transaction.atomic
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
