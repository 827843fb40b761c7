"""Time the monthly hub report (gathering, XLSX, PDF) for the demo data and for ten times it.

    .venv/bin/python bench/monthly_report.py               # 5 runs per figure, 10× the demo
    .venv/bin/python bench/monthly_report.py --repeat 9 --copies 19

It uses its own database (hubbridge_bench_report on 127.0.0.1, created and dropped here) and a
throwaway MEDIA_ROOT, so it never touches development or test data or files. It seeds the demo
data and times the report of the month just ended and of the current month, as the reports worker
builds it (DEBUG off, the default language). Then it adds nine copies of every row the report reads
(sites and spaces, firms, people, memberships, leases, tenancy applications, cohorts and enrolments,
consulting requests with KPI measurements and spending, partners, MOUs and obligations), with dates
spread over the past months so that both months have rows, and times the report again.

It prints medians and p95 for each step, the SQL queries of the gathering (they must be the same at
1× and 10×; a table per section says which one grew if not) and the 10×/1× ratios. Timings go to
stdout only: nothing here asserts a speed.
"""

import argparse
import math
import os
import platform
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SERVER_URL = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
BENCH_DB = "hubbridge_bench_report"
# Copy n of the demo is moved n × this many days back: nine copies cover about three months.
COPY_SHIFT_DAYS = 9
# Copied consulting engagements end (or were submitted) on a day spread over this many past days.
CONSULTING_SPREAD_DAYS = 100
SECTIONS = ("tenancy", "cohort", "consulting", "mou", "budget")
STEPS = (
    ("gather", "gather: monthly_report() ms"),
    ("xlsx", "XLSX: workbook + bytes ms"),
    ("pdf", "PDF: WeasyPrint ms"),
)


def prepare_database() -> None:
    import psycopg

    with psycopg.connect(f"{SERVER_URL}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {BENCH_DB}")


def drop_database() -> None:
    import psycopg

    with psycopg.connect(f"{SERVER_URL}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


# --- ten times the demo ------------------------------------------------------------------------


def back(value, days: int):
    return value - timedelta(days=days) if value is not None else None


def bulk_copy(model, originals, change) -> dict[int, int]:
    """Insert a copy of each original (``change(copy, original)`` adjusts it); original pk → copy pk."""
    originals = list(originals)
    copies = []
    for original in originals:
        copy = model(**{field.attname: getattr(original, field.attname) for field in model._meta.concrete_fields})
        copy.pk = None
        change(copy, original)
        copies.append(copy)
    created = model.objects.bulk_create(copies, batch_size=500)
    return {original.pk: copy.pk for original, copy in zip(originals, created, strict=True)}


def multiply_demo(copies: int) -> None:
    """Add ``copies`` copies of the demo rows that the monthly report reads.

    Every copy has its own sites and spaces (two active leases of one space must not overlap),
    firms, people, partners and MOUs; programmes, calls, budget lines, KPI targets, experts and
    staff are shared, as in a hub ten times the size. Copy n's dates are the demo's moved
    ``n × COPY_SHIFT_DAYS`` days back, except consulting (see ``copy_consulting``).
    """
    from django.db.models import Max
    from django.utils import timezone

    from portal.accounts.models import User
    from portal.demo.data import demo_brn
    from portal.time import hub_today
    from programs.models import Cohort, ConsultingRequest, Enrolment
    from tenants.choices import LeaseStatus
    from tenants.models import Application, Firm, FirmMembership, Lease, Site, Space
    from tenants.partners.models import MOU, Obligation, Partner

    now, today = timezone.now(), hub_today()
    last_demo_pk = {
        model: model.objects.aggregate(Max("pk"))["pk__max"] or 0
        for model in (
            FirmMembership,
            Firm,
            Site,
            Space,
            Lease,
            Application,
            Cohort,
            Enrolment,
            ConsultingRequest,
            Partner,
            MOU,
            Obligation,
        )
    }

    def demo(model):
        return model.objects.filter(pk__lte=last_demo_pk[model]).order_by("pk")

    firm_index = {pk: index for index, pk in enumerate(demo(Firm).values_list("pk", flat=True))}
    partner_index = {pk: index for index, pk in enumerate(demo(Partner).values_list("pk", flat=True))}
    demo_people = list(User.objects.filter(membership__in=demo(FirmMembership)).order_by("pk"))
    demo_requests = list(demo(ConsultingRequest))

    def add_copy(number: int) -> None:
        days, suffix = number * COPY_SHIFT_DAYS, f" {number + 1}"

        def person(copy, original):
            copy.email, copy.date_joined = f"copy{number}.{original.email}", back(original.date_joined, days)

        users = bulk_copy(User, demo_people, person)

        def firm(copy, original):
            # Demo BRNs use serials below 300; copy n uses n·1000 + the firm's index (partners n·1000 + 500 + i).
            copy.brn, copy.name = demo_brn(1000 * number + firm_index[original.pk]), original.name + suffix

        firms = bulk_copy(Firm, demo(Firm), firm)

        def membership(copy, original):
            copy.firm_id, copy.user_id = firms[original.firm_id], users[original.user_id]
            copy.joined_at = back(original.joined_at, days)

        bulk_copy(FirmMembership, demo(FirmMembership), membership)

        def site(copy, original):
            copy.name, copy.name_en, copy.slug = (
                original.name + suffix,
                original.name_en + suffix,
                f"{original.slug}-{number + 1}",
            )

        sites = bulk_copy(Site, demo(Site), site)

        def space(copy, original):
            copy.site_id = sites[original.site_id]

        spaces = bulk_copy(Space, demo(Space), space)

        def lease(copy, original):
            copy.firm_id, copy.space_id, copy.application_id = firms[original.firm_id], spaces[original.space_id], None
            # The demo's leases all began in 2024: copies begin over the past two years, some each month.
            copy.start_date = today - timedelta(days=days + 30 * ((original.pk + number) % 24))
            copy.end_date = back(original.end_date, days)
            if copy.end_date < today:
                copy.status, copy.moved_out_on = LeaseStatus.ENDED, copy.end_date

        bulk_copy(Lease, demo(Lease), lease)

        def application(copy, original):
            copy.firm_id, copy.requested_site_id = firms[original.firm_id], sites.get(original.requested_site_id)
            copy.created_by_id = users.get(original.created_by_id)
            copy.submitted_at, copy.decided_at = back(original.submitted_at, days), back(original.decided_at, days)

        bulk_copy(Application, demo(Application), application)

        def cohort(copy, original):
            copy.name = original.name + suffix
            for field in ("starts_on", "ends_on", "applications_open_at", "applications_close_at", "closed_at"):
                setattr(copy, field, back(getattr(original, field), days))

        cohorts = bulk_copy(Cohort, demo(Cohort), cohort)

        def enrolment(copy, original):
            copy.cohort_id, copy.user_id, copy.firm_id = (
                cohorts[original.cohort_id],
                users[original.user_id],
                firms.get(original.firm_id),
            )
            copy.offer_token = secrets.token_urlsafe(32) if original.offer_token else None
            for field in ("applied_at", "seated_at", "offer_expires_at", "cancelled_at", "consent_at"):
                setattr(copy, field, back(getattr(original, field), days))

        bulk_copy(Enrolment, demo(Enrolment), enrolment)
        copy_consulting(number, demo_requests, firms, users, now=now, today=today)

        def partner(copy, original):
            copy.name, copy.name_en = original.name + suffix, original.name_en + suffix
            copy.brn = demo_brn(1000 * number + 500 + partner_index[original.pk]) if original.brn else ""

        partners = bulk_copy(Partner, demo(Partner), partner)

        def mou(copy, original):
            copy.title, copy.previous_term_id = original.title + suffix, None
            for field in ("signed_on", "effective_from", "expires_on", "terminated_on", "status_changed_at"):
                setattr(copy, field, back(getattr(original, field), days))

        demo_mous = list(demo(MOU))
        mous = bulk_copy(MOU, demo_mous, mou)
        # A renewal points at the term it follows, a copy too: linked once both exist.
        MOU.objects.bulk_update(
            [
                MOU(pk=mous[term.pk], previous_term_id=mous[term.previous_term_id])
                for term in demo_mous
                if term.previous_term_id
            ],
            ["previous_term"],
        )
        parties = MOU.partners.through
        parties.objects.bulk_create(
            parties(mou_id=mous[row.mou_id], partner_id=partners[row.partner_id])
            for row in parties.objects.filter(mou_id__in=list(mous))
        )

        def obligation(copy, original):
            copy.mou_id, copy.party_id, copy.previous_occurrence_id = (
                mous[original.mou_id],
                partners.get(original.party_id),
                None,
            )
            copy.due_on, copy.closed_at = back(original.due_on, days), back(original.closed_at, days)

        bulk_copy(Obligation, demo(Obligation), obligation)

    for number in range(1, copies + 1):
        add_copy(number)


def copy_consulting(number: int, originals: list, firms: dict, users: dict, *, now, today) -> None:
    """Copy the demo's consulting requests (``originals``) with their KPI measurements and spending.

    Engagements run for months, so moving a copy back a few weeks would leave its completions and
    verified KPI pairs where the demo's are. Each copied engagement is moved instead so that it
    ended (or, when not completed, was submitted) on its own day within the past
    ``CONSULTING_SPREAD_DAYS``; its "after" measurement is taken five days before it ended and
    verified the day before, so every past month has engagements filed, completed and verified.
    Nothing lands after today.
    """
    from django.utils import timezone

    from programs.models import ConsultingRequest, KpiMeasurement, Spending

    moves = {}
    for index, request in enumerate(originals):
        anchor = request.completed_at or request.submitted_at or request.created_at
        ends_on = today - timedelta(days=(number * 11 + index * 7) % CONSULTING_SPREAD_DAYS + 1)
        moves[request.pk] = ends_on - timezone.localdate(anchor)

    def moved(value, move):
        if value is None:
            return None
        return min(value + move, now if isinstance(value, datetime) else today)

    def request_change(copy, original):
        copy.firm_id, copy.created_by_id = firms[original.firm_id], users[original.created_by_id]
        for field in ("consent_at", "submitted_at", "completed_at", "created_at"):
            setattr(copy, field, moved(getattr(original, field), moves[original.pk]))

    requests = bulk_copy(ConsultingRequest, originals, request_change)
    by_pk = {request.pk: request for request in originals}

    def measurement(copy, original):
        request, move = by_pk[original.request_id], moves[original.request_id]
        copy.request_id = requests[original.request_id]
        if request.completed_at and original.after_on:
            ended = timezone.localdate(request.completed_at + move)
            copy.after_on = ended - timedelta(days=5)
            copy.baseline_on = copy.after_on - (original.after_on - original.baseline_on)
            verified_on = datetime.combine(ended - timedelta(days=1), clock(10), tzinfo=timezone.get_default_timezone())
            copy.verified_at = verified_on if original.verified_at else None
        else:
            copy.baseline_on, copy.after_on = moved(original.baseline_on, move), moved(original.after_on, move)
            copy.verified_at = moved(original.verified_at, move)

    bulk_copy(KpiMeasurement, KpiMeasurement.objects.filter(request__in=originals).order_by("pk"), measurement)

    def spending(copy, original):
        copy.request_id, copy.spent_on = (
            requests[original.request_id],
            moved(original.spent_on, moves[original.request_id]),
        )

    bulk_copy(Spending, Spending.objects.filter(request__in=originals).order_by("pk"), spending)


def row_counts() -> dict[str, int]:
    from portal.accounts.models import User
    from programs.models import Cohort, ConsultingRequest, Enrolment, KpiMeasurement, Spending
    from tenants.models import Application, Firm, FirmMembership, Lease, Site, Space
    from tenants.partners.models import MOU, Obligation, Partner

    models = {
        "users": User,
        "firms": Firm,
        "memberships": FirmMembership,
        "sites": Site,
        "spaces": Space,
        "leases": Lease,
        "tenancy applications": Application,
        "cohorts": Cohort,
        "enrolments": Enrolment,
        "consulting requests": ConsultingRequest,
        "KPI measurements": KpiMeasurement,
        "spending rows": Spending,
        "partners": Partner,
        "MOUs": MOU,
        "obligations": Obligation,
    }
    return {name: model.objects.count() for name, model in models.items()}


# --- measuring ---------------------------------------------------------------------------------


def p95(values: list[float]) -> float:
    """Nearest rank: with 5 runs, the slowest."""
    ordered = sorted(values)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


def pdf_pages(pdf: bytes) -> str:
    if not shutil.which("pdfinfo"):
        return "?"
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        info = subprocess.run(["pdfinfo", file.name], capture_output=True, text=True, check=False).stdout
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")


def report_rows(report: dict) -> dict[str, int]:
    """What the report holds for the month: the rows the XLSX and the PDF have to draw, and counts."""
    tenancy, cohorts, consulting, mous = (report[name] for name in ("tenancy", "cohorts", "consulting", "mous"))
    return {
        "sites (occupancy rows)": len(tenancy["occupancy"]),
        "resident firms": tenancy["resident_firms"],
        "leases started / ended": f"{tenancy['leases']['started']} / {tenancy['leases']['ended']}",
        "leases expiring (rows)": len(tenancy["expiring"]),
        "applications submitted": tenancy["applications_submitted"],
        "cohorts running (rows)": len(cohorts["cohorts"]),
        "enrolments applied": cohorts["applications_received"],
        "consulting submitted / completed": f"{consulting['submitted']} / {consulting['completed']}",
        "engagements with verified KPIs": consulting["engagements_measured"],
        "MOUs in effect (rows)": len(mous["in_effect"]),
        "obligations overdue (rows)": len(mous["overdue"]),
        "spent in the month (KRW)": f"{report['budget']['spent_in_period']:,}",
    }


def measure(month, repeat: int) -> dict:
    """Each step ``repeat`` times (seconds per run), then once more to count its SQL queries."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from portal.reports import monthly
    from portal.reports.pdf import monthly_pdf
    from portal.reports.xlsx import monthly_workbook
    from portal.spreadsheets import workbook_bytes

    def timed(function, *arguments):
        started = time.perf_counter()
        result = function(*arguments)
        return result, time.perf_counter() - started

    def queries_of(function, *arguments) -> int:
        reset_queries()  # the log keeps 9,000 queries at most: a full one would count nothing
        with CaptureQueriesContext(connection) as captured:
            function(*arguments)
        return len(captured)

    steps = {
        "gather": monthly.monthly_report,
        "xlsx": lambda report: workbook_bytes(monthly_workbook(report)),
        "pdf": monthly_pdf,
    }
    seconds = {step: [] for step in steps}
    for _ in range(repeat):
        report, took = timed(steps["gather"], month)
        seconds["gather"].append(took)
        xlsx, took = timed(steps["xlsx"], report)
        seconds["xlsx"].append(took)
        pdf, took = timed(steps["pdf"], report)
        seconds["pdf"].append(took)
    queries = {
        "gather": queries_of(steps["gather"], month),
        "xlsx": queries_of(steps["xlsx"], report),
        "pdf": queries_of(steps["pdf"], report),
    }

    period = monthly.Period.of(month)
    sections = {}
    for name in SECTIONS:
        build = getattr(monthly, f"{name}_section")
        sections[name] = {
            "seconds": [timed(build, period)[1] for _ in range(repeat)],
            "queries": queries_of(build, period),
        }
    return {
        "seconds": seconds,
        "queries": queries,
        "sections": sections,
        "xlsx_kb": len(xlsx) / 1024,
        "pdf_kb": len(pdf) / 1024,
        "pdf_pages": pdf_pages(pdf),
        "rows": report_rows(report),
    }


# --- printing ----------------------------------------------------------------------------------


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f}"


def ratio(large, small) -> str:
    return f"{large / small:.2f}" if small else "—"


def print_month(label: str, one: dict, ten: dict) -> list[str]:
    """The 1×/10× table of one month; returns the sections whose query count grew."""
    median = statistics.median
    print(f"\n== {label} ==")
    print(f"{'':34}{'1× median':>11}{'1× p95':>10}{'10× median':>12}{'10× p95':>10}{'10×/1×':>9}")
    for step, title in STEPS:
        small, large = one["seconds"][step], ten["seconds"][step]
        print(
            f"{title:34}{ms(median(small)):>11}{ms(p95(small)):>10}{ms(median(large)):>12}{ms(p95(large)):>10}"
            f"{ratio(median(large), median(small)):>9}"
        )
    gather = one["queries"]["gather"], ten["queries"]["gather"]
    print(f"{'SQL queries: gathering':34}{gather[0]:>11}{gather[1]:>22}{ratio(gather[1], gather[0]):>9}")
    rendering = one["queries"]["xlsx"] + one["queries"]["pdf"], ten["queries"]["xlsx"] + ten["queries"]["pdf"]
    print(f"{'SQL queries: XLSX + PDF':34}{rendering[0]:>11}{rendering[1]:>22}")
    print(f"{'XLSX KB':34}{one['xlsx_kb']:>11.1f}{ten['xlsx_kb']:>22.1f}{ratio(ten['xlsx_kb'], one['xlsx_kb']):>9}")
    print(f"{'PDF KB':34}{one['pdf_kb']:>11.1f}{ten['pdf_kb']:>22.1f}{ratio(ten['pdf_kb'], one['pdf_kb']):>9}")
    print(f"{'PDF pages':34}{one['pdf_pages']:>11}{ten['pdf_pages']:>22}")

    print(f"\n  {'gathering, per section':32}{'queries 1×':>11}{'10×':>5}{'median ms 1×':>14}{'10×':>8}{'10×/1×':>8}")
    grew = []
    for name in SECTIONS:
        small, large = one["sections"][name], ten["sections"][name]
        if large["queries"] != small["queries"]:
            grew.append(name)
        print(
            f"  {name + '_section()':32}{small['queries']:>11}{large['queries']:>5}"
            f"{ms(median(small['seconds'])):>14}{ms(median(large['seconds'])):>8}"
            f"{ratio(median(large['seconds']), median(small['seconds'])):>8}"
        )
    print(f"\n  {'in the report':32}{'1×':>11}{'10×':>14}")
    for name, value in one["rows"].items():
        print(f"  {name:32}{value!s:>11}{ten['rows'][name]!s:>14}")
    return grew


def machine_notes() -> list[str]:
    import django
    import openpyxl
    import weasyprint
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0].split()[0]
    load = os.getloadavg()
    return [
        f"{platform.node()}, {platform.system()} {platform.release()}, {os.cpu_count()} CPUs, "
        f"load average {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} (1/5/15 min) at the end",
        f"CPython {platform.python_version()}, Django {django.__version__}, PostgreSQL {postgres} on 127.0.0.1, "
        f"WeasyPrint {weasyprint.__version__}, openpyxl {openpyxl.__version__}",
        "The machine is shared and noisy: quote the medians. p95 of 5 runs is the slowest run; one far above its"
        " median is usually another tenant or a full garbage collection (about 0.1 s here) landing in that step.",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", "-r", type=int, default=5, help="runs per figure (default 5)")
    parser.add_argument("--copies", "-c", type=int, default=9, help="copies of the demo to add (default 9: 10×)")
    args = parser.parse_args()

    prepare_database()
    media = tempfile.TemporaryDirectory(prefix="hubbridge-bench-media-")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="portal.settings.base",
        DATABASE_URL=f"{SERVER_URL}/{BENCH_DB}",
        DEBUG="False",  # as the reports worker runs: no query log, no debug templates
        MEDIA_ROOT=media.name,  # the demo's logos and attachments
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        CELERY_BROKER_URL="",
        LOG_LEVEL="WARNING",
    )
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import translation

    from portal.demo.data import seed_demo
    from portal.reports.monthly import Period, monthly_report
    from portal.reports.pdf import monthly_pdf
    from portal.time import hub_today

    began = time.perf_counter()
    try:
        call_command("migrate", verbosity=0)
        seed_demo()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"migrate + seed_demo: {time.perf_counter() - began:.1f} s", flush=True)

        today = hub_today()
        months = {"last month": Period.of(today).previous().month, "this month": Period.of(today).month}
        with translation.override(settings.LANGUAGE_CODE):
            # The first PDF loads the fonts and WeasyPrint's stylesheets: timed apart, not counted.
            started = time.perf_counter()
            monthly_pdf(monthly_report(months["last month"]))
            cold_pdf = time.perf_counter() - started
            counts = {"1×": row_counts()}
            one = {label: measure(month, args.repeat) for label, month in months.items()}
            print(f"measured 1×: {time.perf_counter() - began:.0f} s since start", flush=True)

            started = time.perf_counter()
            with transaction.atomic():
                multiply_demo(args.copies)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            print(f"{args.copies} copies of the demo (bulk_create + ANALYZE): {time.perf_counter() - started:.1f} s")
            counts["10×"] = row_counts()
            ten = {label: measure(month, args.repeat) for label, month in months.items()}

        print(
            f"\nMonthly hub report, {args.repeat} runs per figure, today {today} KST, language {settings.LANGUAGE_CODE}"
        )
        print(f"The first PDF of the process took {cold_pdf * 1000:,.0f} ms (fonts, stylesheets): not counted below.")
        print(f"\n  {'rows in the database':32}{'1×':>11}{'10×':>7}{'ratio':>7}")
        for name, count in counts["1×"].items():
            print(f"  {name:32}{count:>11}{counts['10×'][name]:>7}{ratio(counts['10×'][name], count):>7}")
        print("  (users: staff and experts are not copied)")

        grew = []
        for label, month in months.items():
            grew += print_month(f"{label}: {month:%Y-%m}", one[label], ten[label])
        print()
        if grew:
            print(f"SQL queries of the gathering GREW with the data in: {', '.join(sorted(set(grew)))} section(s)")
        else:
            print("SQL queries of the gathering do not grow with the data: same count at 1× and 10×, in every section.")
        for note in machine_notes():
            print("machine:", note)
        print(f"wall time {time.perf_counter() - began:.0f} s")
        return 1 if grew else 0
    finally:
        connection.close()
        drop_database()
        media.cleanup()


if __name__ == "__main__":
    sys.exit(main())
