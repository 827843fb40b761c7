"""The pages every public portal has: help and contact, terms of use, the AI-consulting offer, the favicon."""

from django.conf import settings
from django.http import FileResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control

from tenants.models import Site

FAVICON = settings.BASE_DIR / "static" / "favicon.ico"


def help_page(request):
    """Frequently asked questions and, per site, where to find the hub and whom to ask."""
    sites = Site.objects.order_by("pk")
    contact = {"email": settings.HUB_CONTACT_EMAIL, "phone": settings.HUB_CONTACT_PHONE}
    return render(request, "pages/help.html", {"sites": sites, "contact": contact})


def terms(request):
    return render(request, "pages/terms.html", {"contact_email": settings.HUB_CONTACT_EMAIL})


def ai_consulting(request):
    """The AI-adoption consulting offer, readable before signing in (applying needs an account and a firm)."""
    return render(request, "pages/ai_consulting.html")


@cache_control(max_age=86400, public=True)
def favicon(request):
    return FileResponse(FAVICON.open("rb"), content_type="image/x-icon")
