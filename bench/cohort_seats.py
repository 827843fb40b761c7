"""Fire N concurrent applications at a cohort of C seats on PostgreSQL and print what happened.

    .venv/bin/python bench/cohort_seats.py            # N=500, C=30, 16 threads
    .venv/bin/python bench/cohort_seats.py --applicants 2000 --capacity 100 --threads 32

It uses its own database (hubbridge_bench on 127.0.0.1, created and dropped here) so it never
touches development or test data. It prints seats taken, throughput and p50/p95 latency, and
`seated == C` only when exactly C applicants got a seat.
"""

import argparse
import os
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SERVER_URL = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
BENCH_DB = "hubbridge_bench"


def prepare_database() -> None:
    import psycopg

    with psycopg.connect(f"{SERVER_URL}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {BENCH_DB}")


def drop_database() -> None:
    import psycopg

    with psycopg.connect(f"{SERVER_URL}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applicants", "-n", type=int, default=500)
    parser.add_argument("--capacity", "-c", type=int, default=30)
    parser.add_argument("--threads", "-t", type=int, default=16)
    args = parser.parse_args()

    prepare_database()
    os.environ.update(
        DJANGO_SETTINGS_MODULE="portal.settings.base",
        DATABASE_URL=f"{SERVER_URL}/{BENCH_DB}",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        CELERY_BROKER_URL="",
        LOG_LEVEL="WARNING",
    )
    import django

    django.setup()
    from datetime import timedelta

    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from portal.accounts.models import User
    from programs.choices import EnrolmentState
    from programs.models import Cohort, Enrolment, Programme
    from programs.services import enrolment_apply

    try:
        call_command("migrate", verbosity=0)
        programme = Programme.objects.create(
            title="벤치마크 과정", slug="bench", topic="ai_basics", level="beginner", description="bench"
        )
        cohort = Cohort.objects.create(
            programme=programme,
            name="bench",
            starts_on=timezone.localdate() + timedelta(days=30),
            ends_on=timezone.localdate() + timedelta(days=60),
            capacity=args.capacity,
            applications_open_at=timezone.now() - timedelta(days=1),
            applications_close_at=timezone.now() + timedelta(days=1),
            is_published=True,
        )
        password = make_password(None)
        User.objects.bulk_create(
            User(email=f"bench{index}@example.kr", name=f"참가자{index}", password=password)
            for index in range(args.applicants)
        )
        users = list(User.objects.order_by("pk"))
        start_gate = threading.Barrier(args.threads)
        latencies = []
        errors = []

        def apply(user):
            started = time.perf_counter()
            try:
                enrolment_apply(cohort=cohort, user=user, consent_given=True)
            except Exception as error:  # noqa: BLE001  (counted and printed)
                errors.append(repr(error))
            latencies.append(time.perf_counter() - started)

        def worker(chunk):
            start_gate.wait()
            try:
                for user in chunk:
                    apply(user)
            finally:
                connection.close()

        chunks = [users[index :: args.threads] for index in range(args.threads)]
        began = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.threads) as pool:
            list(pool.map(worker, chunks))
        elapsed = time.perf_counter() - began

        cohort.refresh_from_db()
        seated = Enrolment.objects.filter(cohort=cohort, state=EnrolmentState.SEATED).count()
        waitlisted = Enrolment.objects.filter(cohort=cohort, state=EnrolmentState.WAITLISTED).count()
        latencies.sort()
        p95 = latencies[max(int(len(latencies) * 0.95) - 1, 0)]
        print(f"applicants N={args.applicants} capacity C={args.capacity} threads={args.threads}")
        print(f"seated={seated} waitlisted={waitlisted} seats_taken={cohort.seats_taken} errors={len(errors)}")
        print(f"throughput={args.applicants / elapsed:.0f} applications/s  wall={elapsed:.2f}s")
        print(f"latency p50={statistics.median(latencies) * 1000:.1f} ms  p95={p95 * 1000:.1f} ms")
        for error in errors[:5]:
            print("error:", error)
        ok = seated == args.capacity == cohort.seats_taken and seated + waitlisted == args.applicants and not errors
        print("seated == C" if ok else f"FAILED: seated {seated} != C {args.capacity}")
        return 0 if ok else 1
    finally:
        connection.close()
        drop_database()


if __name__ == "__main__":
    sys.exit(main())
