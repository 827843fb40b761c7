from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from portal.forms import add_service_error
from portal.notifications.models import OutboxMessage

from .consent import SIGNUP_ITEMS
from .forms import NotificationPreferencesForm, ProfileForm
from .services import (
    api_token_rotate,
    user_data_export,
    user_has_phone_consent,
    user_set_notification_preferences,
    user_update_profile,
)

NOTIFICATIONS_PER_PAGE = 25


@login_required
def privacy(request, language_form=None):
    items = {item.key: item for item in SIGNUP_ITEMS}
    consents = [(record, items.get(record.item)) for record in request.user.consents.order_by("item", "-answered_at")]
    token = Token.objects.filter(user=request.user).first()
    user = request.user
    language_form = language_form or NotificationPreferencesForm(
        initial={
            "language": user.language,
            "remind_call_deadlines": user.remind_call_deadlines,
            "remind_cohort_start": user.remind_cohort_start,
        }
    )
    context = {"consents": consents, "token": token, "language_form": language_form}
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
def api_token(request):
    api_token_rotate(user=request.user)
    messages.success(request, _("A new API token was created; the old one no longer works."))
    return redirect("accounts:privacy")


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
