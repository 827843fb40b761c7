from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from .consent import SIGNUP_ITEMS
from .services import api_token_rotate, user_data_export


@login_required
def privacy(request):
    items = {item.key: item for item in SIGNUP_ITEMS}
    consents = [(record, items.get(record.item)) for record in request.user.consents.order_by("item", "-answered_at")]
    token = Token.objects.filter(user=request.user).first()
    return render(request, "accounts/privacy.html", {"consents": consents, "token": token})


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
