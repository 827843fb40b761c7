from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from knox.models import AuthToken

from portal.forms import add_service_error, int_or_none
from portal.notifications.models import OutboxMessage

from .access import client_ip
from .consent import SIGNUP_ITEMS, consent_item_title
from .forms import AccountDeleteForm, NotificationPreferencesForm, ProfileForm
from .mfa import user_has_totp
from .models import ConsentText, PrivacyPolicy
from .services import (
    api_token_revoke,
    api_token_rotate,
    consent_current,
    consent_set,
    consent_withdraw_held,
    deletion_refusals,
    deletion_successors,
    kept_on_deletion,
    optional_consents,
    user_data_export,
    user_delete_account,
    user_has_phone_consent,
    user_set_notification_preferences,
    user_update_profile,
)

NOTIFICATIONS_PER_PAGE = 25


@login_required
def privacy(request, language_form=None, new_token=None):
    items = {item.key: item for item in SIGNUP_ITEMS}
    consents = [(record, items.get(record.item)) for record in request.user.consents.order_by("item", "-answered_at")]
    # Only digests are stored: the page says when a token was made and until when it works, never the token.
    token = AuthToken.objects.filter(user=request.user).order_by("-created").first()
    user = request.user
    language_form = language_form or NotificationPreferencesForm(
        initial={
            "language": user.language,
            "remind_call_deadlines": user.remind_call_deadlines,
            "remind_cohort_start": user.remind_cohort_start,
            "mail_notices": user.mail_notices,
        }
    )
    current = consent_current(user=user)
    optional = [(item, current.get(item.key)) for item in SIGNUP_ITEMS if not item.required]
    context = {
        "consents": consents,
        "token": token,
        "new_token": new_token,
        "has_totp": user_has_totp(user),
        "language_form": language_form,
        "optional_signup_consents": optional,
        "optional_held_consents": optional_consents(user=user),
    }
    return render(request, "accounts/privacy.html", context)


@login_required
@require_POST
def notification_language(request):
    form = NotificationPreferencesForm(request.POST)
    if form.is_valid():
        try:
            user_set_notification_preferences(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your notification settings are saved."))
            return redirect("accounts:privacy")
    return privacy(request, language_form=form)


@login_required
def notifications(request):
    """What the portal mailed to the signed-in person: by account, or to their e-mail address."""
    user = request.user
    sent_to_me = OutboxMessage.objects.filter(Q(user=user) | Q(recipient__iexact=user.email)).order_by(
        "-created_at", "-pk"
    )
    page = Paginator(sent_to_me, NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "page_range": page.paginator.get_elided_page_range(page.number, on_ends=1)}
    return render(request, "accounts/notifications.html", context)


@login_required
def data_export(request):
    """Everything the portal holds about the signed-in person, as a JSON download (PIPA)."""
    response = JsonResponse(user_data_export(user=request.user), json_dumps_params={"ensure_ascii": False, "indent": 2})
    stamp = timezone.localtime().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="hubbridge-my-data-{stamp}.json"'
    return response


@login_required
@require_POST
@never_cache
def api_token(request):
    """Make a new token and show it in this response only (it is not stored, so it cannot be shown
    again), or revoke the token."""
    if request.POST.get("action") == "revoke":
        api_token_revoke(user=request.user)
        messages.success(request, _("Your API token was revoked."))
        return redirect("accounts:privacy")
    _stored, token_text = api_token_rotate(user=request.user)
    messages.success(request, _("A new API token was created; the old one no longer works."))
    return privacy(request, new_token=token_text)


@login_required
@require_POST
def consent_change(request):
    """Give or withdraw one optional consent: a sign-up item, or one a programme holds."""
    try:
        if request.POST.get("holder"):
            reference = int_or_none(request.POST.get("reference"))
            if reference is None:
                raise Http404
            consent_withdraw_held(
                user=request.user, holder=request.POST["holder"], reference=reference, key=request.POST.get("item", "")
            )
        else:
            consent_set(
                user=request.user,
                item=request.POST.get("item", ""),
                granted=request.POST.get("granted") == "1",
                ip_address=client_ip(request),
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your consent is updated."))
    return redirect("accounts:privacy")


@login_required
def data_page(request):
    """The data export as a readable page: the same content as the JSON download."""
    data = user_data_export(user=request.user)
    return render(request, "accounts/my_data.html", {"sections": _readable(data)})


def _readable(data: dict) -> list[tuple[str, list[dict]]]:
    """Each export section as rows of field → value, for a table per section."""
    sections = []
    for name, value in data.items():
        if (
            isinstance(value, dict)
            and value
            and all(isinstance(inner, (dict, list, type(None))) for inner in value.values())
        ):
            for inner_name, inner in value.items():
                sections.append((f"{name} · {inner_name}", _rows(inner)))
        else:
            sections.append((name, _rows(value)))
    return sections


def _rows(value) -> list[dict]:
    if value is None:
        return []
    if isinstance(value, list):
        return [row if isinstance(row, dict) else {"value": row} for row in value]
    return [value] if isinstance(value, dict) else [{"value": value}]


@login_required
def account_delete(request):
    """회원 탈퇴: what goes, what stays and why, then the password and a confirmation."""
    user = request.user
    refusals = deletion_refusals(user=user)
    successors = [person for person in deletion_successors(user=user) if person is not None]
    form = AccountDeleteForm(request.POST or None, user=user, successors=successors)
    if request.method == "POST" and not refusals and form.is_valid():
        try:
            user_delete_account(user=user, successor=form.cleaned_data.get("successor"), request=request)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            logout(request)
            messages.success(request, _("Your account is deleted. A confirmation was mailed to you."))
            return redirect("home")
    context = {"form": form, "refusals": refusals, "kept": kept_on_deletion(user=user)}
    return render(request, "accounts/account_delete.html", context)


def privacy_policy(request, version=None):
    """개인정보처리방침: the version in effect (or an earlier one), its history and the retention
    periods of the consent texts as stored."""
    today = timezone.localdate()
    versions = list(PrivacyPolicy.objects.all())
    in_effect = [policy for policy in versions if policy.effective_on <= today]
    current = in_effect[0] if in_effect else None
    if version is None:
        policy = current
    else:
        policy = next((candidate for candidate in versions if candidate.version == version), None)
        if policy is None:
            raise Http404
    context = {
        "policy": policy,
        "current": current,
        "versions": versions,
        "today": today,
        "consent_texts": _newest_texts(),
    }
    return render(request, "accounts/privacy_policy.html", context)


def _newest_texts() -> list[ConsentText]:
    newest = {}
    for text in ConsentText.objects.order_by("item", "-version"):
        text.title = consent_item_title(text.item)
        newest.setdefault(text.item, text)
    return list(newest.values())


@login_required
def profile(request):
    """The person edits their own name and mobile phone (e-mail and password have allauth's own pages)."""
    user = request.user
    initial = {"name": user.name, "phone": user.phone, "phone_consent": user_has_phone_consent(user)}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            user_update_profile(user=user, ip_address=request.META.get("REMOTE_ADDR"), **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your name and phone are saved."))
            return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})
