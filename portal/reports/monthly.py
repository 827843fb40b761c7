"""The monthly hub report's figures: gathered once, then written as XLSX (``xlsx.py``) or PDF (``pdf.py``).

Figures about dates (occupancy, leases, MOUs in effect, overdue obligations, spending) are as of
the last day of the month, in KST, whatever happened since (a move-out recorded later, say).
Figures about a state (the stage of an application submitted in the month, the state of a
consulting request) are the state when the report is built: a rebuilt report shows what became
of them since.
"""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from portal.time import KST
from programs.choices import ConsultingState, FundingSource, Kpi, TargetScope
from programs.selectors import (
    budget_lines_spending,
    cohorts_running,
    consulting_figures,
    enrolments_applied_between,
    rollup,
    targets_query,
    verified_pairs_query,
)
from tenants.booking.selectors import usage_figures
from tenants.choices import ApplicationStage
from tenants.desk.selectors import desk_figures
from tenants.partners.models import RENEWAL_LEAD_DAYS
from tenants.partners.selectors import mous_in_effect, obligations_overdue_on
from tenants.performance.selectors import rollups, rounds_for_report
from tenants.selectors import (
    applications_submitted_by_stage,
    lease_movements,
    leases_expiring,
    resident_firms,
    site_occupancy,
)

LEASE_EXPIRY_DAYS = 90


@dataclass(frozen=True)
class Period:
    """A calendar month in KST: its days and the two moments that bound it."""

    month: date

    @classmethod
    def of(cls, day: date) -> "Period":
        return cls(day.replace(day=1))

    @property
    def first_day(self) -> date:
        return self.month

    @property
    def last_day(self) -> date:
        return self.month.replace(day=calendar.monthrange(self.month.year, self.month.month)[1])

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first_day, time.min, tzinfo=KST)

    @property
    def end(self) -> datetime:
        """The first moment of the next month: periods are half-open, ``[start, end)``."""
        return datetime.combine(self.last_day + timedelta(days=1), time.min, tzinfo=KST)

    def previous(self) -> "Period":
        return Period.of(self.first_day - timedelta(days=1))


def _share(part, whole) -> float | None:
    return round(part / whole, 4) if whole else None


def tenancy_section(period: Period) -> dict:
    occupancy = [
        {
            "site": row["site"].name,
            "seats": row["seats"],
            "seats_taken": row["seats_taken"],
            "seat_share": _share(row["seats_taken"], row["seats"]),
            "area": row["area"],
            "area_taken": row["area_taken"],
        }
        for row in site_occupancy(on=period.last_day, past=True)
    ]
    by_stage = applications_submitted_by_stage(period.start, period.end)
    stages = [
        {"stage": stage.label, "count": by_stage.get(stage.value, 0)}
        for stage in ApplicationStage
        if stage != ApplicationStage.DRAFT
    ]
    expiring = [
        {
            "firm": lease.firm.name,
            "site": lease.space.site.name,
            "space": lease.space.code,
            "end_date": lease.end_date,
            "days_left": (lease.end_date - period.last_day).days,
            "monthly_rent": lease.monthly_rent,
        }
        for lease in leases_expiring(LEASE_EXPIRY_DAYS, on=period.last_day, past=True)
    ]
    return {
        "resident_firms": resident_firms(period.last_day, past=True).count(),
        "occupancy": occupancy,
        "seats": sum(row["seats"] for row in occupancy),
        "seats_taken": sum(row["seats_taken"] for row in occupancy),
        "applications_by_stage": stages,
        "applications_submitted": sum(row["count"] for row in stages),
        "leases": lease_movements(period.first_day, period.last_day),
        "expiring": expiring,
        "expiry_days": LEASE_EXPIRY_DAYS,
    }


def cohort_section(period: Period) -> dict:
    rows = []
    for cohort in cohorts_running(period.first_day, period.last_day):
        finished = cohort.completed_count + cohort.not_completed_count
        rows.append(
            {
                "programme": cohort.programme.title,
                "cohort": cohort.name,
                "starts_on": cohort.starts_on,
                "ends_on": cohort.ends_on,
                "capacity": cohort.capacity,
                "applicants": cohort.applicant_count,
                "seated": cohort.seated_count,
                "completed": cohort.completed_count,
                "not_completed": cohort.not_completed_count,
                # Known only once the cohort closed: before that nobody has completed or failed.
                "completion_rate": _share(cohort.completed_count, finished) if cohort.closed_at else None,
            }
        )
    closed = [row for row in rows if row["completion_rate"] is not None]
    completed = sum(row["completed"] for row in closed)
    finished = completed + sum(row["not_completed"] for row in closed)
    return {
        "cohorts": rows,
        "applications_received": enrolments_applied_between(period.start, period.end),
        "applicants": sum(row["applicants"] for row in rows),
        "seated": sum(row["seated"] for row in rows),
        "completed": completed,
        "completion_rate": _share(completed, finished),
    }


def consulting_section(period: Period) -> dict:
    figures = consulting_figures(period.start, period.end)
    states = [
        {"state": state.label, "count": figures["by_state"].get(state.value, 0)}
        for state in ConsultingState
        if state != ConsultingState.DRAFT
    ]
    targets = targets_query()
    result = rollup(verified_pairs_query(until=period.end), targets)
    this_year = next((row for row in result["years"] if row.year == period.month.year), None)
    kpis = []
    for index, kpi in enumerate(Kpi):
        overall = result["overall"].kpis[index]
        year = this_year.kpis[index] if this_year else None
        kpis.append(
            {
                "kpi": kpi.label,
                "count": overall.count,
                "median": overall.median,
                "mean": overall.mean,
                "completion_target": targets.get((TargetScope.COMPLETION, None, kpi.value)),
                "share_meeting": overall.share_meeting,
                "year_count": year.count if year else 0,
                "year_median": year.median if year else None,
                "year_target": targets.get((TargetScope.YEAR, period.month.year, kpi.value)),
            }
        )
    return {
        "by_state": states,
        "requests": sum(row["count"] for row in states),
        "submitted": figures["submitted"],
        "completed": figures["completed"],
        "engagements_measured": result["overall"].engagements,
        "kpis": kpis,
    }


def mou_section(period: Period) -> dict:
    horizon = period.last_day + timedelta(days=RENEWAL_LEAD_DAYS)
    in_effect = [
        {
            "title": mou.title,
            "partners": ", ".join(partner.name for partner in mou.partners.all()),
            "effective_from": mou.effective_from,
            "expires_on": mou.expires_on,
            "status": mou.get_status_display(),
        }
        for mou in mous_in_effect(period.last_day)
    ]
    overdue = [
        {
            "mou": obligation.mou.title,
            "obligation": obligation.title,
            "party": obligation.party.name if obligation.party else "",
            "due_on": obligation.due_on,
            "days_overdue": (period.last_day - obligation.due_on).days,
        }
        for obligation in obligations_overdue_on(period.last_day, day_ends_at=period.end)
    ]
    return {
        "in_effect": in_effect,
        "expiring": [row for row in in_effect if row["expires_on"] and row["expires_on"] <= horizon],
        "expiry_days": RENEWAL_LEAD_DAYS,
        "overdue": overdue,
    }


def desk_section(period: Period) -> dict:
    """Service requests received in the month, by category and state now; median time to resolve and
    the share resolved within the service level (of those received in the month and resolved since)."""
    return desk_figures(period.start, period.end)


def performance_section(period: Period) -> dict:
    """Tenant performance: totals and medians of the accepted returns of the two latest rounds whose
    period ended by month end, residents and graduates apart (as accepted when the report is built)."""
    rounds = []
    for item in rollups(rounds_for_report(period.last_day)):
        round_ = item["round"]
        rounds.append(
            {
                "title": round_.title,
                "period_start": round_.period_start,
                "period_end": round_.period_end,
                "groups": [
                    {
                        "population": group["label"],
                        "firms": group["firms"],
                        "revenue_total": group["revenue"]["total"],
                        "revenue_median": group["revenue"]["median"],
                        "jobs_created": group["new_hires"]["total"],
                        "investment_total": group["investment"]["total"],
                        "investment_median": group["investment"]["median"],
                        "ip_total": group["ip"]["total"],
                    }
                    for group in item["groups"]
                ],
            }
        )
    return {"rounds": rounds}


def budget_section(period: Period) -> dict:
    lines = []
    by_source = {
        source.value: {"source": source.label, "amount": 0, "spent_in_period": 0, "spent_to_date": 0}
        for source in FundingSource
    }
    for line in budget_lines_spending(period.first_day, period.last_day):
        spent_in_period = line.spent_in_period or 0
        spent_to_date = line.spent_to_date or 0
        lines.append(
            {
                "project": line.project.name,
                "source": line.get_source_display(),
                "amount": line.amount,
                "spent_in_period": spent_in_period,
                "spent_to_date": spent_to_date,
                "remaining": line.amount - spent_to_date,
                "spent_share": _share(spent_to_date, line.amount),
            }
        )
        totals = by_source[line.source]
        totals["amount"] += line.amount
        totals["spent_in_period"] += spent_in_period
        totals["spent_to_date"] += spent_to_date
    sources = list(by_source.values())
    for totals in sources:
        totals["remaining"] = totals["amount"] - totals["spent_to_date"]
        totals["spent_share"] = _share(totals["spent_to_date"], totals["amount"])
    return {
        "lines": lines,
        "by_source": sources,
        "amount": sum(row["amount"] for row in sources),
        "spent_in_period": sum(row["spent_in_period"] for row in sources),
        "spent_to_date": sum(row["spent_to_date"] for row in sources),
    }


def rooms_section(period: Period) -> dict:
    """Meeting rooms and facilities: occupancy per resource, hours per firm, residents' quota use."""
    return usage_figures(period.first_day, period.last_day)


def monthly_report(month: date) -> dict:
    """Every section of the report for the month that ``month`` falls in."""
    period = Period.of(month)
    return {
        "period": period,
        "generated_at": timezone.localtime(timezone.now(), KST),
        "tenancy": tenancy_section(period),
        "cohorts": cohort_section(period),
        "consulting": consulting_section(period),
        "mous": mou_section(period),
        "desk": desk_section(period),
        "performance": performance_section(period),
        "budget": budget_section(period),
        "rooms": rooms_section(period),
    }
