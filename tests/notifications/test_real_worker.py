"""The outbox end to end: a real Celery worker process on Redis sends the mail."""

import os
import pathlib
import subprocess
import sys
import time

import pytest
from django.db import connection

from portal.celery import app
from portal.notifications.choices import OutboxStatus
from portal.notifications.models import OutboxMessage

ROOT = pathlib.Path(__file__).resolve().parents[2]
BROKER_URL = os.environ.get("TEST_CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")


def database_url() -> str:
    settings = connection.settings_dict
    user = settings["USER"] or "postgres"
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return (
        f"postgres://{user}{password}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"
    )


@pytest.fixture
def real_worker(tmp_path):
    """A worker process on the test database and a Redis broker; this process publishes to it."""
    mail_dir = tmp_path / "mail"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.base",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": BROKER_URL,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    celery = pathlib.Path(sys.executable).with_name("celery")
    worker = subprocess.Popen(
        [
            str(celery),
            "-A",
            "portal",
            "worker",
            "-Q",
            "mail,default",
            "-c",
            "1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-l",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        yield env
    finally:
        worker.terminate()
        try:
            output, _ = worker.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            output, _ = worker.communicate()
        print(output.decode(errors="replace"))  # shown by pytest when the test fails


def wait_until(predicate, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_outbox_mail_is_sent_by_a_real_worker_on_redis(real_worker):
    # The web side runs in its own process too, configured like production: broker set, not eager.
    publish = (
        "import django; django.setup()\n"
        "from portal.notifications.services import notify\n"
        "notify(recipient='worker@example.kr', template='firm_invitation', dedup_key='real-worker-1', "
        "context={'firm_name': '(주)가온AI', 'invited_by': '김대표', 'accept_url': 'http://x/', 'expires_at': '-'})\n"
    )
    subprocess.run([sys.executable, "-c", publish], cwd=ROOT, env=real_worker, check=True, timeout=60)
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
