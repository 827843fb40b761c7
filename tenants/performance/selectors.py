"""Read queries of rounds and returns: eligible firms, who may report, growth, completion and rollups.

Views, the API, the monthly report, the public outcomes page and the demo share these.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from statistics import median

from django.db.models import Count, F, Max, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.time import hub_today
from tenants.choices import LeaseStatus, MembershipRole
from tenants.models import Firm, FirmMembership, Lease
from tenants.selectors import resident_firms

from .choices import (
    AWAITING_REVIEW_STATUSES,
    EDITABLE_RETURN_STATUSES,
    HANDED_IN_STATUSES,
    Population,
    ReturnState,
    ReturnStatus,
    RoundStatus,
)
from .models import (
    Baseline,
    IntellectualProperty,
    Investment,
    PerformanceReturn,
    Reporter,
    ReportingRound,
    ReturnEvidence,
    ReturnStatusChange,
)

# The public page and API show no figure of a group smaller than this: a median of two firms
# would let each of them work out the other's figure.
MIN_PUBLIC_GROUP = 3


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def eligible_firms(*, include_residents: bool, graduate_years: int, on: date | None = None) -> dict[int, str]:
    """firm id → population for a round opened on ``on``: firms holding a lease that day, and firms
    whose last lease ended (moved out, or ran out) within ``graduate_years`` before it."""
    on = on or hub_today()
    residents = set(resident_firms(on).values_list("pk", flat=True))
    population = dict.fromkeys(residents, Population.RESIDENT) if include_residents else {}
    if graduate_years:
        since = _years_before(on, graduate_years)
        graduates = (
            Lease.objects.filter(start_date__lte=on)
            .values("firm_id")
            .annotate(left_on=Max(Coalesce("moved_out_on", "end_date")))
            .filter(left_on__gte=since, left_on__lt=on)
            .values_list("firm_id", flat=True)
        )
        for firm_id in graduates:
            if firm_id not in residents:
                population[firm_id] = Population.GRADUATE
    return population


def graduated_on(firm: Firm) -> date | None:
    return (
        Lease.objects.filter(firm=firm)
        .exclude(status=LeaseStatus.ACTIVE, end_date__gte=hub_today())
        .aggregate(left_on=Max(Coalesce("moved_out_on", "end_date")))["left_on"]
    )


def may_report(user, firm_id: int) -> bool:
    """The firm's representative, or a member the representative named a reporter."""
    if not getattr(user, "is_authenticated", False):
        return False
    membership = FirmMembership.objects.filter(user=user, firm_id=firm_id).first()
    if membership is None:
        return False
    return (
        membership.role == MembershipRole.REPRESENTATIVE or Reporter.objects.filter(firm_id=firm_id, user=user).exists()
    )


def reporters_of(firm: Firm) -> QuerySet:
    return Reporter.objects.filter(firm=firm).select_related("user").order_by("granted_at", "pk")


def representative_and_reporters(firm_id: int) -> list:
    """Who hears about the firm's returns: the representative first, then the reporters."""
    members = FirmMembership.objects.filter(firm_id=firm_id).select_related("user")
    reporter_ids = set(Reporter.objects.filter(firm_id=firm_id).values_list("user_id", flat=True))
    people = [m.user for m in members if m.role == MembershipRole.REPRESENTATIVE]
    people += [m.user for m in members if m.role != MembershipRole.REPRESENTATIVE and m.user_id in reporter_ids]
    return [person for person in people if person.is_active]


def return_detail_queryset() -> QuerySet:
    return PerformanceReturn.objects.select_related("round", "firm").prefetch_related(
        "investments",
        "ip_rights",
        Prefetch("evidence", queryset=ReturnEvidence.objects.select_related("uploaded_by")),
        Prefetch("status_changes", queryset=ReturnStatusChange.objects.select_related("changed_by")),
    )


def returns_of_member(user) -> QuerySet:
    """The user's firm's returns (none without a firm): the one scope of the firm's pages and API."""
    from tenants.scoping import scope_to_member

    return scope_to_member(return_detail_queryset(), user)


def open_returns_for(user) -> list[PerformanceReturn]:
    """Returns the user's firm still has to hand in (or correct): the banner on the firm's pages."""
    from tenants.scoping import scope_to_member

    return list(
        scope_to_member(PerformanceReturn.objects.select_related("round"), user)
        .filter(status__in=EDITABLE_RETURN_STATUSES, round__status=RoundStatus.OPEN)
        .order_by("round__due_at", "pk")
    )


def firm_returns(firm: Firm) -> list[PerformanceReturn]:
    """The firm's returns, newest round first: a section of the staff firm record."""
    return list(
        PerformanceReturn.objects.filter(firm=firm).select_related("round").order_by("-round__period_end", "-pk")
    )


def with_totals(queryset: QuerySet) -> QuerySet:
    """Each return with its investment total and IP count, in the same query."""
    investment = (
        Investment.objects.filter(performance_return=OuterRef("pk"))
        .values("performance_return")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    ip = (
        IntellectualProperty.objects.filter(performance_return=OuterRef("pk"))
        .values("performance_return")
        .annotate(total=Sum(F("applied") + F("registered")))
        .values("total")
    )
    return queryset.annotate(investment_total=Subquery(investment), ip_total=Subquery(ip))


def return_state(performance_return: PerformanceReturn, now=None) -> ReturnState:
    status = performance_return.status
    if status == ReturnStatus.ACCEPTED:
        return ReturnState.ACCEPTED
    if status == ReturnStatus.RETURNED:
        return ReturnState.RETURNED
    if status in AWAITING_REVIEW_STATUSES:
        return ReturnState.AWAITING_REVIEW
    return ReturnState.OVERDUE if performance_return.round.is_past_due(now) else ReturnState.NOT_SUBMITTED


def state_filter(state: str, now=None) -> Q:
    now = now or timezone.now()
    return {
        ReturnState.NOT_SUBMITTED: Q(status=ReturnStatus.DRAFT, round__due_at__gte=now),
        ReturnState.OVERDUE: Q(status=ReturnStatus.DRAFT, round__due_at__lt=now),
        ReturnState.AWAITING_REVIEW: Q(status__in=AWAITING_REVIEW_STATUSES),
        ReturnState.RETURNED: Q(status=ReturnStatus.RETURNED),
        ReturnState.ACCEPTED: Q(status=ReturnStatus.ACCEPTED),
        ReturnState.LATE: Q(is_late=True),
    }[ReturnState(state)]


def rounds_with_completion(now=None) -> QuerySet:
    """Every round with how many returns it has, how many were handed in, accepted, or are overdue."""
    now = now or timezone.now()
    return ReportingRound.objects.annotate(
        return_count=Count("returns"),
        submitted_count=Count("returns", filter=Q(returns__status__in=HANDED_IN_STATUSES)),
        accepted_count=Count("returns", filter=Q(returns__status=ReturnStatus.ACCEPTED)),
        overdue_count=Count("returns", filter=Q(returns__status=ReturnStatus.DRAFT, due_at__lt=now)),
        late_count=Count("returns", filter=Q(returns__is_late=True)),
    ).order_by("-period_end", "-pk")


def round_table(round_: ReportingRound) -> QuerySet:
    return with_totals(PerformanceReturn.objects.filter(round=round_).select_related("firm", "round")).order_by(
        "firm__name", "pk"
    )


# Growth


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    # +1: more is better (every figure a hub reports on is); kept so a cost-like figure reads right.
    direction: int = 1


METRICS = (
    Metric("revenue", _("Revenue (KRW)")),
    Metric("employees", _("Employees")),
    Metric("new_hires", _("Jobs created")),
    Metric("investment", _("Investment raised (KRW)")),
    Metric("exports", _("Exports (KRW)")),
    Metric("ip", _("IP applied and registered")),
)


def return_figures(performance_return: PerformanceReturn) -> dict:
    """The return's headline figures by metric key (None: not reported). Investments and IP come from
    the annotations of ``with_totals`` when present, else from the prefetched rows."""
    investment = getattr(performance_return, "investment_total", None)
    ip = getattr(performance_return, "ip_total", None)
    if not hasattr(performance_return, "investment_total"):
        investment = sum(row.amount for row in performance_return.investments.all())
        ip = sum(row.applied + row.registered for row in performance_return.ip_rights.all())
    return {
        "revenue": performance_return.revenue,
        "employees": performance_return.employees_total,
        "new_hires": performance_return.new_hires,
        "investment": investment or 0,
        "exports": performance_return.exports_in_krw,
        "ip": ip or 0,
    }


def baseline_figures(baseline: Baseline | None) -> dict:
    if baseline is None:
        return {}
    return {
        "revenue": baseline.revenue,
        "employees": baseline.employees,
        "investment": baseline.investment,
        "ip": baseline.ip_count,
    }


@dataclass(frozen=True)
class Growth:
    """A change between two figures, read in the metric's direction."""

    current: int | Decimal | None
    reference: int | Decimal | None
    direction: int = 1

    @property
    def known(self) -> bool:
        return self.current is not None and self.reference is not None

    @property
    def change(self):
        return self.current - self.reference if self.known else None

    @property
    def percent(self) -> Decimal | None:
        if not self.known or not self.reference:
            return None
        return (Decimal(self.current - self.reference) * 100 / Decimal(self.reference)).quantize(Decimal("0.1"))

    @property
    def trend(self) -> str:
        """better / worse / same / unknown, in the metric's direction (CSS classes and words)."""
        if not self.known:
            return "unknown"
        signed = (self.current - self.reference) * self.direction
        return "better" if signed > 0 else "worse" if signed < 0 else "same"


def previous_accepted_return(performance_return: PerformanceReturn) -> PerformanceReturn | None:
    return (
        with_totals(
            PerformanceReturn.objects.filter(
                firm_id=performance_return.firm_id,
                status=ReturnStatus.ACCEPTED,
                round__period_end__lt=performance_return.round.period_end,
            )
        )
        .select_related("round")
        .order_by("-round__period_end", "-pk")
        .first()
    )


def return_growth(performance_return: PerformanceReturn) -> dict:
    """Each metric of the return against the previous accepted return and against the baseline."""
    previous = previous_accepted_return(performance_return)
    baseline = Baseline.objects.filter(firm_id=performance_return.firm_id).first()
    current = return_figures(performance_return)
    before = return_figures(previous) if previous else {}
    at_move_in = baseline_figures(baseline)
    rows = [
        {
            "metric": metric,
            "value": current[metric.key],
            "previous": Growth(current[metric.key], before.get(metric.key), metric.direction),
            "baseline": Growth(current[metric.key], at_move_in.get(metric.key), metric.direction),
        }
        for metric in METRICS
    ]
    return {"rows": rows, "previous": previous, "baseline": baseline}


def firm_history(firm_id: int) -> list[dict]:
    """The firm's accepted returns in order, with their figures: the firm's growth charts."""
    returns = with_totals(
        PerformanceReturn.objects.filter(firm_id=firm_id, status=ReturnStatus.ACCEPTED).select_related("round")
    ).order_by("round__period_end", "pk")
    return [{"round": item.round, "figures": return_figures(item)} for item in returns]


# Rollups


def _summary(values: list) -> dict:
    known = [value for value in values if value is not None]
    return {
        "total": sum(known) if known else None,
        "median": round(median(known)) if known else None,
        "reported": len(known),
    }


ROLLUP_KEYS = ("revenue", "new_hires", "investment", "ip")


def round_rollup(round_: ReportingRound) -> list[dict]:
    """Totals and medians of the accepted returns of the round, per population (residents, graduates)."""
    accepted = with_totals(PerformanceReturn.objects.filter(round=round_, status=ReturnStatus.ACCEPTED)).order_by("pk")
    by_population = {population: [] for population in Population}
    for item in accepted:
        by_population[Population(item.population)].append(return_figures(item))
    return [
        {
            "population": population,
            "label": population.label,
            "firms": len(rows),
            **{key: _summary([row[key] for row in rows]) for key in ROLLUP_KEYS},
        }
        for population, rows in by_population.items()
    ]


def rollups(rounds) -> list[dict]:
    return [{"round": round_, "groups": round_rollup(round_)} for round_ in rounds]


def rounds_ended_in_year(year: int) -> QuerySet:
    return ReportingRound.objects.filter(period_end__year=year).exclude(status=RoundStatus.DRAFT).order_by("period_end")


def rounds_for_report(last_day: date) -> QuerySet:
    """Rounds whose period ended by the report's month end, the newest two: the monthly report section."""
    return (
        ReportingRound.objects.filter(period_end__lte=last_day)
        .exclude(status=RoundStatus.DRAFT)
        .order_by("-period_end", "-pk")[:2]
    )


def public_rollup() -> dict | None:
    """The latest round with accepted returns, for the public: no firm named, and no figure of a
    group under ``MIN_PUBLIC_GROUP`` firms (the group is shown as too small)."""
    round_ = (
        ReportingRound.objects.filter(returns__status=ReturnStatus.ACCEPTED)
        .distinct()
        .order_by("-period_end", "-pk")
        .first()
    )
    if round_ is None:
        return None
    groups = []
    for group in round_rollup(round_):
        shown = group["firms"] >= MIN_PUBLIC_GROUP
        groups.append(
            {
                "population": group["population"],
                "label": group["label"],
                "firms": group["firms"] if shown else None,
                "suppressed": not shown,
                **{key: group[key] if shown else None for key in ROLLUP_KEYS},
            }
        )
    return {"round": round_, "groups": groups}
