"""A worker SIGKILLed in the middle of a mail batch: no mail is lost, duplicates stay within the kills."""

import os
import pathlib
import re
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from portal.notifications.choices import OutboxStatus
from portal.notifications.models import OutboxMessage
from portal.notifications.services import outbox_message_id
from tests.celery_worker import ROOT, database_url, publish, wait_until

MESSAGES = 200
KILL_AFTER_SENT = [40, 110]  # one SIGKILL each time this many rows are recorded as sent


def start_worker(env):
    celery = pathlib.Path(sys.executable).with_name("celery")
    return subprocess.Popen(
        [str(celery), "-A", "portal", "worker", "-Q", "mail", "-c", "1", "--without-gossip", "--without-mingle"]
        + ["--without-heartbeat", "-l", "warning"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: kill -9 takes the pool child with it
    )


def kill_9(worker):
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)


def delivered_message_ids(mail_dir: pathlib.Path) -> list[str]:
    """Every Message-ID the file 'SMTP server' accepted, one entry per accepted copy."""
    return [
        found for path in mail_dir.glob("*.log") for found in re.findall(r"^Message-ID: (\S+)$", path.read_text(), re.M)
    ]


def sent_count() -> int:
    return OutboxMessage.objects.filter(status=OutboxStatus.SENT).count()


def settler(most_left: int):
    """True once at most ``most_left`` rows are unsent and the sent count has not moved for 3 seconds.

    Stillness alone is not enough: on a loaded machine a restarting worker can sit still for 3 s.
    """
    state = {"last": None, "since": 0.0}

    def settled():
        now, count = time.monotonic(), sent_count()
        if MESSAGES - count > most_left:
            state.update(last=count, since=now)
            return False
        if count != state["last"]:
            state.update(last=count, since=now)
        return count > 0 and now - state["since"] >= 3

    return settled


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_kill_9_during_a_batch_loses_no_mail_and_duplicates_at_most_one_per_kill(private_redis, tmp_path):
    mail_dir = tmp_path / "mail"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.base",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": private_redis.url(),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    publish(
        env,
        "from portal.notifications.services import notify\n"
        f"for n in range({MESSAGES}):\n"
        "    notify(recipient=f'kill{n}@example.kr', template='firm_invitation', dedup_key=f'kill-{n}',\n"
        "           context={'firm_name': '(주)가온AI', 'invited_by': '김대표', 'accept_url': 'http://x/',"
        " 'expires_at': '-'})\n",
    )
    worker = start_worker(env)
    try:
        for threshold in KILL_AFTER_SENT:
            assert wait_until(lambda threshold=threshold: sent_count() >= threshold, timeout=20)
            kill_9(worker)
            worker = start_worker(env)
        # The restarted worker drains the queue. Rows whose worker died mid-send stay SENDING, and a task
        # the dead worker had reserved stays unacked in Redis (back only after the visibility timeout).
        assert wait_until(settler(2 * len(KILL_AFTER_SENT)), timeout=120)
    finally:
        worker.terminate()
        worker.wait(timeout=20)

    stuck = OutboxMessage.objects.exclude(status=OutboxStatus.SENT)
    stuck_count = stuck.count()
    assert stuck_count <= 2 * len(KILL_AFTER_SENT)  # the one being sent and the one reserved, per kill
    stuck.filter(status=OutboxStatus.SENDING).update(claimed_until=timezone.now() - timedelta(seconds=1))
    publish(env, "from portal.notifications.tasks import outbox_send_due\noutbox_send_due()\n")

    rows = list(OutboxMessage.objects.all())
    delivered = delivered_message_ids(mail_dir)
    duplicates = len(delivered) - len(set(delivered))
    print(f"kill -9 x{len(KILL_AFTER_SENT)}: {MESSAGES} mails, {stuck_count} stuck rows, {duplicates} duplicates")
    assert len(rows) == MESSAGES and all(message.status == OutboxStatus.SENT for message in rows)
    assert set(delivered) == {outbox_message_id(message) for message in rows}  # 0 lost
    assert duplicates <= len(KILL_AFTER_SENT)
