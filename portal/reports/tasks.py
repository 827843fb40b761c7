from celery import shared_task

from .services import report_build, reports_request_monthly, reports_resume_lost


@shared_task(acks_late=True)
def report_build_task(report_id: int) -> str:
    """Build one report (routed to the ``reports`` queue); a second delivery finds nothing to do."""
    report = report_build(report_id=report_id)
    return report.state if report else "skipped"


@shared_task(acks_late=True)
def reports_monthly() -> list[int]:
    """On the 1st at 09:00 KST: the past month's report in every kind (asking twice changes nothing)."""
    return [report.pk for report in reports_request_monthly()]


@shared_task(acks_late=True)
def reports_resume() -> list[int]:
    """Every 10 minutes: send reports lost on the way (a killed worker, a broker outage) again, and
    failed ones up to ``services.MAX_RETRIES`` times."""
    return reports_resume_lost()
