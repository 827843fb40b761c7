"""Serving speed: the portal under gunicorn against a bare Django hello-world, URL by URL, with wrk.

    .venv/bin/python bench/serving.py                       # the full run `make bench` does (about 13 min)
    .venv/bin/python bench/serving.py --duration 2 --runs 1 --only /programs/   # a quick look

Both servers run at once under gunicorn with the same settings (portal/gunicorn.conf.py: sync workers,
preloaded, the same worker recycling) and the same number of workers (``--workers``, the issue's 5): the
hello-world (bench/hello.py: one view behind Django's default middleware) and the portal with production
settings (``portal.settings.production``) on a PostgreSQL database of its own, seeded
with the demo data, and a private ``redis-server`` as its cache (the machine's shared Redis is never
touched, so clearing the cache for a cold run clears only ours). The database is created on the server
of ``--database``/``DATABASE_URL`` under a fresh name and dropped at the end; nothing else is dropped.

For each URL and each of ``--runs`` runs, wrk (2 threads, 32 connections, 127.0.0.1) loads in turn the
hello-world, the portal right after its cache was emptied (cold), and the portal again (warm). Signed-in
rows send a session cookie the bench makes for a demo firm's representative or the hub manager, and a
CSRF cookie, as a browser does once it has opened a page. Every
URL is first checked to answer 200 without a redirect; ``non-2xx`` counts wrk's error responses (≥ 400)
and its socket errors (timeouts).
It prints req/s, p50, p95, p99 (ms) and the ratio to the hello-world's req/s in the same run, medians
of the runs. It measures; it asserts nothing (the goals are in README "Serving speed").
"""

import argparse
import json
import os
import secrets
import shutil
import socket
import statistics
import string
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.cohort_seats import create_scratch_database, drop_scratch_database, with_database  # noqa: E402
from tests.redis_server import PrivateRedis, free_port  # noqa: E402

PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
# (label, path, who): who is None for an anonymous visitor, else the session the bench makes.
ROWS = [
    ("home", "/", None),
    ("catalogue", "/programs/", None),
    ("cohort page", "/programs/cohorts/{cohort}/", None),
    ("calls", "/calls/", None),
    ("directory", "/tenants/", None),
    ("partners", "/partners/", None),
    ("notices", "/notices/", None),
    ("outcomes", "/outcomes/", None),
    ("API cohorts", "/api/cohorts/", None),
    ("API directory", "/api/directory/", None),
    ("firm dashboard", "/my/firm/", "firm"),
    ("firm applications", "/my/applications/", "firm"),
    ("staff firms (50 rows)", "/staff/firms/", "staff"),
    ("API applications", "/api/applications/", "firm"),
]
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), e.status,
    e.connect + e.read + e.write + e.timeout))
end
"""
# The sessions and the cohort the signed-in rows use, made in the portal's own settings.
SETUP = """
import json
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.cached_db import SessionStore
from django.http import HttpRequest
from portal.accounts.models import User
from programs.selectors import published_cohorts

def session(email):
    user = User.objects.get(email=email)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    # A whole sign-in, the authenticator code included: staff pages need it (StaffMfaMiddleware).
    request = HttpRequest()
    request.session = store
    record_authentication(request, user, "mfa", type=Authenticator.Type.TOTP)
    store.create()
    return store.session_key

print(json.dumps({
    "firm": session("applicant01@demo.hubbridge.kr"),
    "staff": session("manager@hubbridge.kr"),
    "cohort": published_cohorts().first().pk,
}))
"""


def portal_environment(database_url: str, cache_url: str, static_root: str, media_root: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "DEMO_DATA": "true",  # the scratch database is seeded with the demo data
        "DATABASE_URL": database_url,
        "CACHE_URL": cache_url,
        "SECRET_KEY": "bench-serving-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "ALLAUTH_TRUSTED_PROXY_COUNT": "0",  # wrk talks to gunicorn directly
        "SECURE_SSL_REDIRECT": "False",
        "CELERY_BROKER_URL": "",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "BUSINESS_STATUS_ADAPTER": "tenants.business_status.FakeBusinessStatusAdapter",
        "API_ANON_RATE": "1000000/s",  # the issue measures the API with the throttle off
        "STATIC_ROOT": static_root,
        "MEDIA_ROOT": media_root,
        "LOG_LEVEL": "WARNING",
    }


def manage(environment: dict, *arguments: str) -> str:
    done = subprocess.run([PYTHON, "manage.py", *arguments], cwd=ROOT, env=environment, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"manage.py {' '.join(arguments)} failed:\n{done.stderr[-2000:]}")
    return done.stdout


def start_gunicorn(arguments: list[str], environment: dict, port: int) -> subprocess.Popen:
    process = subprocess.Popen([GUNICORN, *arguments], cwd=ROOT, env=environment, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn {' '.join(arguments)} exited with {process.returncode}") from None
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not listen on {port}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def check_answers_200(url: str, cookie: str | None, workers: int) -> str:
    """Fail unless ``url`` answers 200 without a redirect; say how the last of a few requests was served
    (``X-Public-Cache``/``X-Personal-Cache``: hit or miss, else "-"). Enough requests that each worker
    has seen the page twice (a signed-in page's first build in a process only learns its tables)."""
    served = "-"
    for _ in range(3 * workers):
        request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
        try:
            answer = urllib.request.build_opener(NoRedirect).open(request, timeout=30)
        except urllib.error.HTTPError as error:
            answer = error
        if answer.status != 200:
            raise RuntimeError(f"{url} answers {answer.status}, not 200: the figures would measure the wrong page")
        served = answer.headers.get("X-Public-Cache") or answer.headers.get("X-Personal-Cache") or "-"
    return served


def wrk(url: str, cookie: str | None, args, script: str) -> dict:
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s", "-s", script]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    requests, duration, p50, p95, p99, non_2xx, socket_errors = (int(value) for value in line.split()[1:])
    return {
        "rps": requests / (duration / 1e6),
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "p99": p99 / 1000,
        "non_2xx": non_2xx,
        "socket_errors": socket_errors,
    }


def median_of(runs: list[dict], hello: list[dict]) -> dict:
    middle = {key: statistics.median(run[key] for run in runs) for key in ("rps", "p50", "p95", "p99")}
    middle["non_2xx"] = sum(run["non_2xx"] + run["socket_errors"] for run in runs)
    middle["ratio"] = statistics.median(run["rps"] / base["rps"] for run, base in zip(runs, hello, strict=True))
    return middle


def print_table(results: list[dict], args) -> None:
    print()
    print(
        f"Serving speed: {args.workers} gunicorn sync workers each, wrk {args.threads} threads / "
        f"{args.connections} connections, {args.duration} s per load, medians of {args.runs} run(s), "
        f"{os.cpu_count()} CPUs"
    )
    print()
    columns = ["URL", "hello req/s", "cold req/s", "cold ratio", "warm req/s", "warm ratio"]
    columns += ["warm p50", "warm p95", "warm p99", "non-2xx", "cache"]
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for row in results:
        hello, cold, warm = row["hello"], row["cold"], row["warm"]
        who = f" ({row['who']})" if row["who"] else ""
        print(
            f"| `{row['path']}`{who} | {hello['rps']:,.0f} | {cold['rps']:,.0f} | {cold['ratio']:.2f} | "
            f"{warm['rps']:,.0f} | {warm['ratio']:.2f} | {warm['p50']:.1f} ms | {warm['p95']:.1f} ms | "
            f"{warm['p99']:.1f} ms | {cold['non_2xx'] + warm['non_2xx']} | {row['served']} |"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database", default=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    )
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--duration", type=int, default=6, help="seconds per load")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default="", help="only the rows whose path contains this")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    if not args.database.startswith(("postgres://", "postgresql://")):
        parser.error("give a PostgreSQL server with --database or DATABASE_URL (postgres://…)")
    if not shutil.which("wrk"):
        parser.error("wrk is missing: scripts/system-deps.sh wrk")

    scratch = create_scratch_database(args.database)
    redis = PrivateRedis()
    workdir = Path(tempfile.mkdtemp(prefix="hb-serving-"))
    processes = []
    try:
        redis.start()
        environment = portal_environment(
            with_database(args.database, scratch), redis.url(0), str(workdir / "static"), str(workdir / "media")
        )
        print(f"Preparing {scratch}: migrate, seed_demo, collectstatic …", flush=True)
        manage(environment, "migrate", "--noinput")
        manage(environment, "seed_demo")
        manage(environment, "collectstatic", "--noinput")
        setup = json.loads(manage(environment, "shell", "-c", SETUP).strip().splitlines()[-1])
        # A browser that has opened one page carries the CSRF cookie too (its pages' forms use the token).
        csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
        cookies = {who: f"sessionid={setup[who]}; csrftoken={csrf}" for who in ("firm", "staff")}

        hello_port, portal_port = free_port(), free_port()
        workers = {"WEB_CONCURRENCY": str(args.workers)}
        processes.append(
            start_gunicorn(
                ["-c", "portal/gunicorn.conf.py", "bench.hello:application"],
                {**os.environ, **workers, "PYTHONPATH": str(ROOT), "GUNICORN_BIND": f"127.0.0.1:{hello_port}"},
                hello_port,
            )
        )
        processes.append(
            start_gunicorn(
                ["-c", "portal/gunicorn.conf.py", "portal.wsgi"],
                {**environment, **workers, "GUNICORN_BIND": f"127.0.0.1:{portal_port}"},
                portal_port,
            )
        )
        script = workdir / "report.lua"
        script.write_text(WRK_SCRIPT)
        flush = redis_flusher(redis)
        results = []
        for label, path, who in ROWS:
            path = path.format(cohort=setup["cohort"])
            if args.only and args.only not in path:
                continue
            url, cookie = f"http://127.0.0.1:{portal_port}{path}", cookies.get(who)
            served = check_answers_200(url, cookie, args.workers)
            hello, cold, warm = [], [], []
            for _run in range(args.runs):
                hello.append(wrk(f"http://127.0.0.1:{hello_port}/", None, args, str(script)))
                flush()
                cold.append(wrk(url, cookie, args, str(script)))
                warm.append(wrk(url, cookie, args, str(script)))
            row = {"label": label, "path": path, "who": who, "served": served, "hello": median_of(hello, hello)}
            row["cold"], row["warm"] = median_of(cold, hello), median_of(warm, hello)
            results.append(row)
            print(f"  {path}: cold {row['cold']['ratio']:.2f}, warm {row['warm']['ratio']:.2f}", flush=True)
        print_table(results, args)
        if args.json:
            Path(args.json).write_text(json.dumps(results, indent=2))
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        redis.stop()
        drop_scratch_database(args.database, scratch)
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


def redis_flusher(redis: PrivateRedis):
    """Empty the private cache (a cold start for the portal's pages, sessions stay in PostgreSQL)."""
    import redis as redis_client

    connection = redis_client.Redis.from_url(redis.url(0))
    return connection.flushall


if __name__ == "__main__":
    sys.exit(main())
