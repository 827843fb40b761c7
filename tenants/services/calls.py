"""Tenancy calls as staff write them: saved with their documents and criteria, published, closed early.

The public call pages follow at once: ``TenancyCall``, ``CallRequirement`` and ``CallCriterion`` are
watched by the page cache (``tenants.apps``), so each save here gives the "calls" pages a new version.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import CallState
from ..models import CRITERIA_TOTAL, CallCriterion, TenancyCall


def _criteria_changed(formset) -> bool:
    return any(form.has_changed() for form in formset.forms) or bool(formset.deleted_forms)


@transaction.atomic
def call_save(*, call: TenancyCall, form=None, formsets=()) -> int:
    """Save a call as staff edited it, with its sites (``form``'s many-to-many fields) and the
    requirements and criteria of ``formsets``, in one transaction; returns the criteria weights'
    total, which a page warns about when it is not 100.

    Once a reviewer has scored, the criteria are fixed (``TenancyCall.reviews_started``)."""
    if call.pk is not None:
        TenancyCall.objects.select_for_update().filter(pk=call.pk).first()  # one editor at a time
        criteria_changed = any(formset.model is CallCriterion and _criteria_changed(formset) for formset in formsets)
        if criteria_changed and call.reviews_started():
            raise ValidationError(
                _("Reviewers have already scored this call; its criteria can no longer be changed."),
                code="criteria_locked",
            )
    call.save()
    if form is not None:
        form.save_m2m()
    for formset in formsets:
        formset.instance = call
        formset.save()
    return sum(criterion.weight for criterion in call.criteria.all())


@transaction.atomic
def call_publish(*, call: TenancyCall) -> TenancyCall:
    """Show the call on the public pages; its criteria must weigh 100 % together, as the review
    ranks by their weighted mean."""
    call = TenancyCall.objects.select_for_update().get(pk=call.pk)
    if call.is_published:
        raise ValidationError(_("The call is already published."), code="published")
    total = sum(criterion.weight for criterion in call.criteria.all())
    if total != CRITERIA_TOTAL:
        raise ValidationError(
            _("The criteria weights add up to %(total)d%%, not 100%%.") % {"total": total}, code="weights"
        )
    if not call.requirements.exists():
        raise ValidationError(_("List at least one document the firms must attach."), code="no_documents")
    call.is_published = True
    call.save(update_fields=["is_published", "updated_at"])
    return call


@transaction.atomic
def call_close(*, call: TenancyCall, now=None) -> TenancyCall:
    """Stop taking applications now, before the announced deadline (drafts stay, unsubmitted)."""
    call = TenancyCall.objects.select_for_update().get(pk=call.pk)
    now = now or timezone.now()
    if call.state(now) != CallState.OPEN:
        raise ValidationError(_("Only an open call can be closed early."), code="not_open")
    call.closes_at = now
    call.save(update_fields=["closes_at", "updated_at"])
    return call
