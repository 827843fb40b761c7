from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.accounts.choices import AccessAction
from portal.accounts.recording import note_access, records_access
from portal.files import content_type_for, stored_extension, stored_file_response
from portal.forms import add_service_error
from portal.personalcache import personal_page

from ..choices import MembershipRole
from ..forms import FirmProfileForm, FirmRegistrationForm, InvitationForm
from ..models import Firm, FirmInvitation, FirmMembership
from ..scoping import get_object_for_member, membership_of, require_membership
from ..selectors import firm_change_history, full_record_checker
from ..services import (
    firm_register,
    firm_update,
    invitation_accept,
    invitation_create,
    invitation_revoke,
    membership_remove,
)


@personal_page
@login_required
def my_firm(request):
    membership = membership_of(request.user)
    if membership is None:
        return render(request, "tenants/no_firm.html")
    firm = membership.firm
    history = firm_change_history(firm) if membership.is_representative else []
    # The navigation reads ``membership`` too: this one saves the context processor its query.
    return render(request, "tenants/my_firm.html", {"firm": firm, "history": history, "membership": membership})


@login_required
def firm_register_view(request):
    if membership_of(request.user) is not None:
        messages.info(request, _("You already belong to a firm."))
        return redirect("tenants:my_firm")
    form = FirmRegistrationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            firm_register(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your firm is registered. You are its representative."))
            return redirect("tenants:my_firm")
    context = {"form": form, "title": _("Register your firm"), "submit_label": _("Register")}
    return render(request, "tenants/firm_form.html", context)


@login_required
def firm_edit(request):
    membership = membership_of(request.user)
    if membership is None:
        return redirect("tenants:firm_register")
    if not membership.is_representative:
        raise PermissionDenied(_("Only the representative can edit the firm profile."))
    firm = membership.firm
    # Bind to a copy so a rejected form never leaves half-changed values on the saved record.
    form = FirmProfileForm(request.POST or None, request.FILES or None, instance=Firm.objects.get(pk=firm.pk))
    if request.method == "POST" and form.is_valid():
        try:
            firm_update(firm=firm, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The firm profile is saved."))
            return redirect("tenants:my_firm")
    return render(request, "tenants/firm_form.html", {"form": form, "title": _("Edit the firm profile"), "firm": firm})


@login_required
def members(request):
    membership = require_membership(request.user)
    firm = membership.firm
    form = InvitationForm(request.POST or None)
    if request.method == "POST":
        if not membership.is_representative:
            raise PermissionDenied(_("Only the representative can invite members."))
        if form.is_valid():
            try:
                invitation_create(firm=firm, invited_by=request.user, email=form.cleaned_data["email"])
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]})
                return redirect("tenants:members")
    context = {
        "firm": firm,
        "memberships": firm.memberships.select_related("user").order_by(
            Case(When(role=MembershipRole.REPRESENTATIVE, then=0), default=1), "joined_at"
        ),
        "invitations": firm.invitations.select_related("invited_by").order_by("-created_at")[:50],
        "form": form,
        "is_representative": membership.is_representative,
    }
    return render(request, "tenants/members.html", context)


@login_required
@require_POST
def member_remove(request, pk):
    target = get_object_for_member(request.user, FirmMembership, representative=True, pk=pk)
    try:
        membership_remove(membership=target)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s was removed from the firm.") % {"name": target.user.get_full_name()})
    return redirect("tenants:members")


@login_required
@require_POST
def invitation_revoke_view(request, pk):
    invitation = get_object_for_member(request.user, FirmInvitation, representative=True, pk=pk)
    try:
        invitation_revoke(invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email})
    return redirect("tenants:members")


def invitation_accept_view(request, token):
    """The invitation is shown to whoever holds the link; signed out, the page offers sign-in and sign-up
    that come back here, instead of a bare login page that does not say what it is for."""
    invitation = get_object_or_404(FirmInvitation.objects.select_related("firm", "invited_by"), token=token)
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method == "POST":
        try:
            invitation_accept(token=token, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("You joined %(firm)s.") % {"firm": invitation.firm.name})
            return redirect("tenants:my_firm")
    return render(request, "tenants/invitation_accept.html", {"invitation": invitation})


@records_access(AccessAction.DOWNLOAD)
def firm_logo(request, pk):
    """Logos are served only for public profiles, or to the firm's own people and staff."""
    firm = get_object_or_404(Firm, pk=pk)
    if not firm.logo or not (firm.public_profile or full_record_checker(request.user)(firm)):
        raise Http404
    note_access(request, firm=firm, public=firm.public_profile)
    # Logos are shown inline on public pages, so a browser may keep them for an hour.
    return stored_file_response(
        request,
        firm.logo,
        filename=firm.logo.name.rsplit("/", 1)[-1],
        content_type=content_type_for(stored_extension(firm.logo.name)),
        as_attachment=False,
        cache_control="private, max-age=3600",
    )
