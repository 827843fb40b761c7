from celery import shared_task


@shared_task(acks_late=True)
def offers_expire() -> int:
    """Periodic: pass expired seat offers to the next person on the waitlist (idempotent)."""
    from .services import offers_expire as expire

    return expire()


@shared_task(acks_late=True)
def certificates_issue(cohort_id: int) -> int:
    """When a cohort closes: a certificate (number, QR code, PDF) for everyone who completed it."""
    from .certificates import certificates_issue_for_cohort

    return certificates_issue_for_cohort(cohort_id=cohort_id)
