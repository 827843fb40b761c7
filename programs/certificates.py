"""Completion certificates: a unique number, a verification code, a QR code and the PDF.

Issued in bulk by ``programs.tasks.certificates_issue`` when a cohort closes, and by
``programs.tasks.certificates_sweep`` (beat, every 15 minutes) for any closed cohort whose
participants still lack one: the task's message may have been lost to a broker outage or a killed
worker. Issuing is idempotent and resumable per participant: each enrolment is locked while its
certificate is made, in its own transaction, so running the task twice, or two workers at once,
never gives anyone a second certificate (the one-to-one column is the database's backstop), and a
participant whose certificate fails is logged and left for the next sweep without stopping the others.
"""

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from portal.qrcodes import qr_code_svg
from portal.time import KST

from .choices import EnrolmentState
from .models import Certificate, Enrolment

logger = logging.getLogger(__name__)

ISSUER = "창원 지역 디지털 혁신 거점 Hub&Bridge"
ISSUER_EN = "Changwon Regional Digital Innovation Hub · Hub&Bridge"
# A printed document in both languages: the recipient's first and large, the other beside it small.
# Its wording is fixed here, not translated with the interface, so both texts are always there.
CERTIFICATE_WORDING = {
    "ko": {
        "title": "수료증",
        "number": "제 {number} 호",
        "name": "성명",
        "programme": "과정명",
        "cohort": "교육 기간",
        "attendance": "출석",
        "attended": "{attended} / {total}회 · {hours}시간",
        "statement": "위 사람은 본 거점이 운영한 위 교육과정을 성실히 이수하였으므로 이 증서를 수여합니다.",
        "issuer": ISSUER,
        "verify": "진위 확인",
    },
    "en": {
        "title": "Certificate of Completion",
        "number": "Certificate No. {number}",
        "name": "Name",
        "programme": "Programme",
        "cohort": "Cohort",
        "attendance": "Attendance",
        "attended": "{attended} of {total} sessions, {hours} hours",
        "statement": "This is to certify that the person named above has successfully completed the programme "
        "run by the hub.",
        "issuer": ISSUER_EN,
        "verify": "Verify at",
    },
}


def certificate_language(certificate: Certificate) -> str:
    """The recipient's saved language, else Korean."""
    language = certificate.enrolment.user.language
    return language if language in CERTIFICATE_WORDING else settings.LANGUAGE_CODE


def certificate_wording(language: str, *, number: str, attended: int, total: int, hours) -> dict:
    wording = dict(CERTIFICATE_WORDING[language])
    hours_text = f"{hours:g}" if isinstance(hours, float) else str(hours)
    wording["number"] = wording["number"].format(number=number)
    wording["attended"] = wording["attended"].format(attended=attended, total=total, hours=hours_text)
    return wording


def certificate_number(certificate: Certificate) -> str:
    """``HB-2026-0007``: the year of issue and the row's own id, which no other certificate can share."""
    return f"HB-{certificate.issued_on:%Y}-{certificate.pk:04d}"


def certificate_verify_url(certificate: Certificate) -> str:
    return settings.SITE_URL + reverse("programs:certificate_verify", args=[certificate.verification_code])


def attendance_summary(enrolment: Enrolment) -> dict:
    """Sessions and hours attended, as printed on the certificate."""
    sessions = list(enrolment.cohort.sessions.all())
    attended_ids = set(enrolment.attendance.filter(present=True).values_list("session_id", flat=True))
    attended = [session for session in sessions if session.pk in attended_ids]
    minutes = sum((session.ends_at - session.starts_at) // timedelta(minutes=1) for session in attended)
    return {
        "sessions_total": len(sessions),
        "sessions_attended": len(attended),
        "hours_attended": round(minutes / 60, 1),
    }


def certificate_pdf(certificate: Certificate) -> bytes:
    enrolment = certificate.enrolment
    cohort = enrolment.cohort
    verify_url = certificate_verify_url(certificate)
    attendance = attendance_summary(enrolment)
    language = certificate_language(certificate)
    other = next(code for code in CERTIFICATE_WORDING if code != language)
    counts = {
        "number": certificate.number,
        "attended": attendance["sessions_attended"],
        "total": attendance["sessions_total"],
        "hours": attendance["hours_attended"],
    }
    context = {
        "certificate": certificate,
        "name": enrolment.user.get_full_name(),
        "cohort": cohort,
        "language": language,
        "text": certificate_wording(language, **counts),
        "other": certificate_wording(other, **counts),
        "verify_url": verify_url,
        "qr_svg": qr_code_svg(verify_url),
        **attendance,
    }
    # The records' own texts (programme, cohort) in the recipient's language, the other beside them.
    with translation.override(language):
        context["programme_title"] = cohort.programme.title
        context["cohort_name"] = cohort.name
    with translation.override(other):
        context["programme_title_other"] = cohort.programme.title
    if context["programme_title_other"] == context["programme_title"]:
        context["programme_title_other"] = ""
    html = render_to_string("programs/certificate.html", context)
    # Imported here: WeasyPrint parses its stylesheets (and logs each step) on import, which every
    # management command would pay for, since the admin imports this module.
    from weasyprint import HTML

    return HTML(string=html, base_url=settings.SITE_URL).write_pdf()


def certificate_render(certificate: Certificate) -> Certificate:
    """(Re)draw the PDF of a certificate; the stored file is replaced."""
    if certificate.pdf:
        certificate.pdf.delete(save=False)
    certificate.pdf.save(f"{certificate.number}.pdf", ContentFile(certificate_pdf(certificate)), save=True)
    return certificate


@transaction.atomic
def certificate_issue(*, enrolment_id: int) -> Certificate | None:
    """The certificate of one completed enrolment; None when it already has one or did not complete."""
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("user", "cohort__programme")
        .get(pk=enrolment_id)
    )
    if enrolment.state != EnrolmentState.COMPLETED or Certificate.objects.filter(enrolment=enrolment).exists():
        return None
    code = secrets.token_urlsafe(16)
    # The number comes from the row's id, known only after the insert: a placeholder first.
    certificate = Certificate.objects.create(
        enrolment=enrolment,
        number=f"new-{code}",
        verification_code=code,
        issued_on=timezone.localdate(timezone=KST),
    )
    certificate.number = certificate_number(certificate)
    certificate.save(update_fields=["number"])
    return certificate_render(certificate)


def _waiting(enrolments):
    """Completed enrolments of closed cohorts that have no certificate yet."""
    return enrolments.filter(
        state=EnrolmentState.COMPLETED, certificate__isnull=True, cohort__closed_at__isnull=False
    ).order_by("pk")


def certificates_issue_for_cohort(*, cohort_id: int) -> int:
    """A certificate for every completed participant of a closed cohort; returns how many were issued.

    Safe to run again: those who already have a certificate are skipped. The insert and the PDF are
    one transaction per participant, so a worker that dies half-way leaves no certificate without
    its PDF, and what it had issued stays issued. A participant whose certificate fails (a PDF that
    cannot be drawn, a database error) is logged and skipped; the sweep tries again.
    """
    issued = 0
    for enrolment_id in list(_waiting(Enrolment.objects.filter(cohort_id=cohort_id)).values_list("pk", flat=True)):
        try:
            if certificate_issue(enrolment_id=enrolment_id) is not None:
                issued += 1
        except Exception:  # noqa: BLE001 - one participant's failure must not stop the others
            logger.exception("The certificate of enrolment %s failed; the sweep tries again", enrolment_id)
    return issued


def certificates_sweep() -> int:
    """Issue what is missing in every closed cohort (a lost task, a failed participant); returns how many."""
    cohort_ids = _waiting(Enrolment.objects.all()).order_by().values_list("cohort_id", flat=True).distinct()
    return sum(certificates_issue_for_cohort(cohort_id=cohort_id) for cohort_id in sorted(cohort_ids))
