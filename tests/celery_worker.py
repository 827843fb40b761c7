"""A real Celery worker process on Redis and the test database, for the tests of job paths."""

import contextlib
import os
import pathlib
import subprocess
import sys
import time

from django.db import connection

ROOT = pathlib.Path(__file__).resolve().parents[1]
BROKER_URL = os.environ.get("TEST_CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")


def database_url() -> str:
    settings = connection.settings_dict
    user = settings["USER"] or "postgres"
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return (
        f"postgres://{user}{password}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"
    )


@contextlib.contextmanager
def running_worker(queues: str, **environment):
    """A worker consuming ``queues``; yields the environment a publishing process should use."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.base",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": BROKER_URL,
        **environment,
    }
    celery = pathlib.Path(sys.executable).with_name("celery")
    worker = subprocess.Popen(
        [
            str(celery),
            "-A",
            "portal",
            "worker",
            "-Q",
            queues,
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


def publish(env: dict, code: str) -> None:
    """Run ``code`` in a separate web-side process configured like production (broker set, not eager)."""
    subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code], cwd=ROOT, env=env, check=True, timeout=60
    )


def wait_until(predicate, timeout=60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False
