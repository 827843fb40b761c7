"""Notices: the public board (공지사항) with its detail pages and files, and the staff workspace.

Everyone reads public notices; residents (members of a firm with a current lease) also resident ones
after signing in; staff who handle notices also staff ones (``selectors.notices_visible_to``). Anonymous
reads are served from the page cache (group "notices"). Staff pages need the notice permissions of the
roles; every change goes through ``portal.notices.services``.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.files import stored_file_response
from portal.forms import add_service_error
from portal.pagecache import public_page
from portal.permissions import require_permissions, staff_permission
from tenants.partners.selectors import change_history

from .choices import NoticeAudience, NoticeCategory, NoticeState
from .filters import NoticeFilterSet, StaffNoticeFilterSet
from .forms import NoticeForm, NoticeWithdrawForm
from .models import Notice, NoticeAttachment
from .selectors import live_notices, notice_board, notice_neighbours, notices_visible_to, staff_notices
from .services import (
    notice_attach,
    notice_attachment_remove,
    notice_create,
    notice_publish,
    notice_transition,
    notice_update,
)

NOTICES_PER_PAGE = 20
STAFF_NOTICES_PER_PAGE = 50


def _page(request, queryset, per_page):
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    return page, page.paginator.get_elided_page_range(page.number, on_ends=1)


# Public


@public_page("notices")
def notice_list(request):
    filters = NoticeFilterSet(request.GET or None, queryset=notice_board(request.user))
    # An unknown category or an over-long search is shown as a form error over the unfiltered board.
    rows = filters.qs if filters.is_valid() else filters.queryset
    page, page_range = _page(request, rows, NOTICES_PER_PAGE)
    category = filters.form.cleaned_data.get("category", "") if filters.is_valid() else ""
    context = {
        "filters": filters,
        "page": page,
        "page_range": page_range,
        "categories": NoticeCategory.choices,
        "category": category,
    }
    return render(request, "notices/notice_list.html", context)


# The linked call, cohort or MOU is shown by its title: their changes change the page too.
@public_page("notices", "calls", "programmes", "partners")
def notice_detail(request, pk):
    visible = notices_visible_to(request.user).select_related("call", "cohort__programme", "mou")
    notice = visible.prefetch_related("attachments").filter(pk=pk).first()
    if notice is None:
        # A resident notice opened from a mail while signed out: sign in first (the text stays hidden).
        if not request.user.is_authenticated and live_notices().filter(pk=pk).exists():
            return redirect_to_login(request.get_full_path())
        raise Http404
    older, newer = notice_neighbours(notice, request.user)
    context = {"notice": notice, "older": older, "newer": newer, "audiences": NoticeAudience}
    return render(request, "notices/notice_detail.html", context)


def notice_attachment(request, pk, attachment_pk):
    """A notice's file, for exactly those who may read the notice (a resident notice's files are not public)."""
    if request.user.has_perm("notices.view_notice"):
        notice = get_object_or_404(Notice, pk=pk)  # staff check the files of drafts too
    else:
        notice = get_object_or_404(notices_visible_to(request.user), pk=pk)
    attachment = get_object_or_404(NoticeAttachment, notice=notice, pk=attachment_pk)
    return stored_file_response(
        request, attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )


# Staff workspace


@staff_permission("notices.view_notice")
def staff_notice_list(request):
    filters = StaffNoticeFilterSet(request.GET or None, queryset=staff_notices())
    rows = filters.qs if filters.is_valid() else filters.queryset
    page, page_range = _page(request, rows, STAFF_NOTICES_PER_PAGE)
    return render(request, "notices/staff_list.html", {"filters": filters, "page": page, "page_range": page_range})


@staff_permission("notices.add_notice")
def staff_notice_create(request):
    form = NoticeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        attachment = form.cleaned_data.get("attachment")
        try:
            notice = notice_create(
                created_by=request.user, attachments=[attachment] if attachment else [], **form.service_fields()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The notice is saved as a draft. Publish it when it is ready."))
            return redirect("notices:staff_edit", pk=notice.pk)
    return render(request, "notices/staff_form.html", {"form": form})


@staff_permission("notices.view_notice")
def staff_notice_edit(request, pk):
    notice = get_object_or_404(
        Notice.objects.select_related("created_by").prefetch_related(
            Prefetch("attachments", queryset=NoticeAttachment.objects.order_by("uploaded_at", "pk"))
        ),
        pk=pk,
    )
    form = NoticeForm(request.POST or None, request.FILES or None, instance=notice)
    if request.method == "POST":
        require_permissions(request, "notices.change_notice")
        if form.is_valid():
            attachment = form.cleaned_data.get("attachment")
            try:
                notice_update(notice=notice, **form.service_fields())
                if attachment:
                    notice_attach(notice=notice, file=attachment, uploaded_by=request.user)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The notice is saved."))
                return redirect("notices:staff_edit", pk=notice.pk)
    return _edit_page(request, notice, form=form)


def _edit_page(request, notice, *, form=None, withdraw_form=None, status=200):
    context = {
        "notice": notice,
        "form": form or NoticeForm(instance=notice),
        "withdraw_form": withdraw_form or NoticeWithdrawForm(),
        "history": change_history(notice),
        "states": NoticeState,
    }
    return render(request, "notices/staff_form.html", context, status=status)


@require_POST
@staff_permission("notices.publish_notice")
def staff_notice_action(request, pk, action):
    notice = get_object_or_404(Notice, pk=pk)
    withdraw_form = NoticeWithdrawForm(request.POST if action == "withdraw" else None)
    try:
        if action == "publish":
            notice = notice_publish(notice=notice)
            if notice.state == NoticeState.SCHEDULED:
                messages.success(request, _("The notice is scheduled; it appears at its publication time."))
            else:
                messages.success(request, _("The notice is published."))
        elif action == "withdraw":
            if not withdraw_form.is_valid():
                return _edit_page(request, notice, withdraw_form=withdraw_form, status=400)
            notice_transition(
                notice=notice, to_state=NoticeState.WITHDRAWN, reason=withdraw_form.cleaned_data["reason"]
            )
            messages.success(request, _("The notice is withdrawn; nobody but staff sees it any more."))
        elif action == "draft":
            notice_transition(notice=notice, to_state=NoticeState.DRAFT)
            messages.success(request, _("The notice is a draft again."))
        else:
            raise Http404
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("notices:staff_edit", pk=notice.pk)


@require_POST
@staff_permission("notices.change_notice")
def staff_notice_attachment_remove(request, pk, attachment_pk):
    attachment = get_object_or_404(NoticeAttachment, notice_id=pk, pk=attachment_pk)
    notice_attachment_remove(attachment=attachment)
    messages.success(request, _("The attachment is removed."))
    return redirect("notices:staff_edit", pk=pk)
