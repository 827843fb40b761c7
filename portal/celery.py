import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.base")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Every task the code enqueues (``.delay``/``.apply_async``, always from ``transaction.on_commit(...,
# robust=True)``) has a periodic sweep in CELERY_BEAT_SCHEDULE that does the same work should the message
# be lost to a broker outage or a killed worker. tests/portal/test_architecture.py fails for a new
# enqueued task that is missing here, or whose sweep beat does not run.
TASK_SWEEPS = {
    "portal.notifications.tasks.outbox_send": "portal.notifications.tasks.outbox_send_due",
    "portal.reports.tasks.report_build_task": "portal.reports.tasks.reports_resume",
    "programs.tasks.certificates_issue": "programs.tasks.certificates_sweep",
}
