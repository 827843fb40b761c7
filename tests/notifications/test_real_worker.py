"""The outbox end to end: a real Celery worker process on Redis sends the mail."""

import pathlib

import pytest

from portal.celery import app
from portal.notifications.choices import OutboxStatus
from portal.notifications.models import OutboxMessage
from tests.celery_worker import publish, running_worker, wait_until


@pytest.fixture
def real_worker(tmp_path):
    with running_worker(
        "mail,default",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(tmp_path / "mail"),
    ) as env:
        yield env


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_outbox_mail_is_sent_by_a_real_worker_on_redis(real_worker):
    # The web side runs in its own process too, configured like production: broker set, not eager.
    publish(
        real_worker,
        "from portal.notifications.services import notify\n"
        "notify(recipient='worker@example.kr', template='firm_invitation', dedup_key='real-worker-1', "
        "context={'firm_name': '(주)가온AI', 'invited_by': '김대표', 'accept_url': 'http://x/', 'expires_at': '-'})\n",
    )
    message = OutboxMessage.objects.get(dedup_key="real-worker-1")
    assert wait_until(lambda: OutboxMessage.objects.get(pk=message.pk).status == OutboxStatus.SENT)
    sent = "".join(path.read_text() for path in pathlib.Path(real_worker["EMAIL_FILE_PATH"]).glob("*.log"))
    assert "worker@example.kr" in sent


def test_worker_settings_keep_mail_when_a_worker_dies():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.task_serializer == "json" and app.conf.accept_content == ["json"]
    assert app.conf.task_routes["portal.notifications.tasks.*"]["queue"] == "mail"
