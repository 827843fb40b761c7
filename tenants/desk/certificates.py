"""입주확인서 (certificate of residence): issued on a document request, as a PDF in Korean with a
verification code and QR code that anyone can check on the public verification page.

What it certifies (firm, BRN, representative, site, space, lease dates) is copied onto the row on
the day of issue, so the verification page shows what the paper says even after the lease ends.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.qrcodes import qr_code_svg
from portal.time import hub_today
from tenants.brn import format_brn
from tenants.selectors import current_leases

from .choices import OPEN_STATES, Actor, RequestCategory, RequestState
from .models import ResidenceCertificate, ServiceRequest
from .services import service_request_transition

ISSUER = "창원 지역 디지털 혁신 거점 Hub&Bridge"


def certificate_verify_url(certificate: ResidenceCertificate) -> str:
    return settings.SITE_URL + reverse("desk:certificate_verify", args=[certificate.verification_code])


def residence_certificate_pdf(certificate: ResidenceCertificate) -> bytes:
    verify_url = certificate_verify_url(certificate)
    context = {
        "certificate": certificate,
        "brn": format_brn(certificate.brn),
        "issuer": ISSUER,
        "verify_url": verify_url,
        "qr_svg": qr_code_svg(verify_url),
    }
    html = render_to_string("desk/residence_certificate.html", context)
    from weasyprint import HTML  # imported here: see programs.certificates

    return HTML(string=html, base_url=settings.SITE_URL).write_pdf()


@transaction.atomic
def residence_certificate_issue(*, service_request: ServiceRequest, user, purpose: str = "") -> ResidenceCertificate:
    """Issue the certificate a document request asks for and resolve the request; once per request."""
    service_request = (
        ServiceRequest.objects.select_for_update(of=("self",)).select_related("firm", "site").get(pk=service_request.pk)
    )
    if service_request.category != RequestCategory.DOCUMENT:
        raise ValidationError(_("Only a document request gets a certificate of residence."), code="not_document")
    if service_request.state not in OPEN_STATES:
        raise ValidationError(_("This request is no longer open."), code="not_open")
    if ResidenceCertificate.objects.filter(request=service_request).exists():
        raise ValidationError(_("A certificate has already been issued for this request."), code="issued")
    today = hub_today()
    leases = current_leases(today).filter(firm=service_request.firm).select_related("space__site")
    lease = leases.filter(space__site=service_request.site).order_by("start_date").first() or leases.first()
    if lease is None:
        raise ValidationError(_("The firm has no current lease: there is no residence to certify."), code="no_lease")
    code = secrets.token_urlsafe(16)
    firm = service_request.firm
    certificate = ResidenceCertificate.objects.create(
        request=service_request,
        number=f"new-{code}",
        verification_code=code,
        issued_on=today,
        issued_by=user,
        firm_name=firm.name,
        brn=firm.brn,
        representative_name=firm.representative_name,
        site_name=lease.space.site.name,
        site_address=lease.space.site.address,
        space_code=lease.space.code,
        lease_start=lease.start_date,
        lease_end=lease.end_date,
        purpose=(purpose or "").strip()[:200],
    )
    certificate.number = f"HB-R-{today:%Y}-{certificate.pk:04d}"
    certificate.save(update_fields=["number"])
    certificate.pdf.save("residence.pdf", ContentFile(residence_certificate_pdf(certificate)), save=True)
    service_request_transition(
        service_request=service_request,
        to_state=RequestState.RESOLVED,
        actor=Actor.STAFF,
        user=user,
        # Stored once for readers of either language, like the certificate's own fixed wording.
        text=f"입주확인서 {certificate.number} 발급 · Certificate of residence {certificate.number} issued",
    )
    return certificate
