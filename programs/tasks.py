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


@shared_task(acks_late=True)
def certificates_sweep() -> int:
    """Every 15 minutes: the certificates still missing in closed cohorts (a lost task, a failed PDF)."""
    from .certificates import certificates_sweep as sweep

    return sweep()


@shared_task(acks_late=True)
def reminders_daily() -> dict:
    """Every day at 09:00 KST: cohort starts tomorrow (to seated participants) and KPI after
    measurements coming due (to lead experts). Each reminder is sent once, however often this runs."""
    from .services import cohort_start_reminders, kpi_after_reminders

    return {"cohort_start": cohort_start_reminders(), "kpi_after": kpi_after_reminders()}
