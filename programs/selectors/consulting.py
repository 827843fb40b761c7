"""Read-side queries for consulting and the outcome math shared by its pages, the API and the CSV.

The math is pure functions over plain values (``kpi_change_percent``, ``summarise``, ``rollup``,
``rank_experts``) so it can be tested without a database; the ``*_query`` helpers feed them.
"""

from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from statistics import mean, median

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.time import KST
from tenants.scoping import membership_of

from ..choices import (
    CONSULTING_INDUSTRIES,
    ENGAGEMENT_STATES,
    KPI_DIRECTION,
    ConsultingState,
    FundingSource,
    Kpi,
    TargetScope,
)
from ..models import (
    Assignment,
    BudgetLine,
    ConsultingRequest,
    Expert,
    KpiMeasurement,
    KpiTarget,
    with_load,
)

HUNDRED = Decimal(100)
ONE_DECIMAL = Decimal("0.1")


def _round(value) -> Decimal:
    return Decimal(value).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def kpi_change_percent(baseline, after) -> Decimal | None:
    """The signed change from baseline to after in % (+ is up), or None without both or a zero baseline."""
    if baseline is None or after is None or Decimal(baseline) == 0:
        return None
    return _round((Decimal(after) - Decimal(baseline)) / Decimal(baseline) * HUNDRED)


def kpi_improvement_percent(kpi: str, baseline, after) -> Decimal | None:
    """The change turned so that + is always better: productivity up, the other three down."""
    change = kpi_change_percent(baseline, after)
    return None if change is None else change * KPI_DIRECTION[Kpi(kpi)]


def meets_target(kpi: str, change: Decimal, target: Decimal) -> bool:
    """Whether a signed change reaches a signed target in the KPI's good direction (+18 up, −9 down)."""
    direction = KPI_DIRECTION[Kpi(kpi)]
    return change * direction >= Decimal(target) * direction


@dataclass
class KpiSummary:
    kpi: str
    count: int = 0
    median: Decimal | None = None
    mean: Decimal | None = None
    target: Decimal | None = None
    meeting: int | None = None
    share_meeting: Decimal | None = None  # % of the engagements counted that reach the target

    @property
    def label(self) -> str:
        return Kpi(self.kpi).label


def summarise(kpi: str, changes: list, target=None) -> KpiSummary:
    """Count, median and mean of the signed changes, and the share that reaches the target."""
    values = [Decimal(value) for value in changes if value is not None]
    summary = KpiSummary(kpi=kpi, count=len(values), target=None if target is None else Decimal(target))
    if not values:
        return summary
    summary.median = _round(median(values))
    summary.mean = _round(mean(values))
    if target is not None:
        summary.meeting = sum(meets_target(kpi, value, target) for value in values)
        summary.share_meeting = _round(Decimal(summary.meeting) / len(values) * HUNDRED)
    return summary


@dataclass
class RollupRow:
    label: str
    year: int | None
    engagements: int
    kpis: list[KpiSummary] = field(default_factory=list)


@dataclass(frozen=True)
class Pair:
    """One verified KPI pair with both measurements, as the rollup needs it."""

    request_id: int
    kpi: str
    year: int
    change: Decimal | None


def rollup(pairs: list[Pair], targets: dict) -> dict:
    """Per year (this-year targets of that year) and overall (at-completion targets).

    ``targets`` maps ``(scope, year, kpi)`` to the signed target %; ``year`` is None at completion.
    Pairs without a change (no after value or a zero baseline) are left out.
    """
    counted = [pair for pair in pairs if pair.change is not None]
    years = sorted({pair.year for pair in counted})
    rows = []
    for year in years:
        in_year = [pair for pair in counted if pair.year == year]
        rows.append(
            RollupRow(
                label=str(year),
                year=year,
                engagements=len({pair.request_id for pair in in_year}),
                kpis=[
                    summarise(
                        kpi,
                        [pair.change for pair in in_year if pair.kpi == kpi],
                        targets.get((TargetScope.YEAR, year, kpi)),
                    )
                    for kpi in Kpi.values
                ],
            )
        )
    overall = RollupRow(
        label=_("Overall"),
        year=None,
        engagements=len({pair.request_id for pair in counted}),
        kpis=[
            summarise(
                kpi,
                [pair.change for pair in counted if pair.kpi == kpi],
                targets.get((TargetScope.COMPLETION, None, kpi)),
            )
            for kpi in Kpi.values
        ],
    )
    return {"years": rows, "overall": overall}


def targets_query() -> dict:
    return {(target.scope, target.year, target.kpi): target.target_percent for target in KpiTarget.objects.all()}


def verified_pairs_query(*, until=None) -> list[Pair]:
    """Verified pairs with both measurements; the year is that of the after measurement.

    ``until`` (a moment) keeps the pairs measured and verified before it, for a past month's report.
    """
    pairs = KpiMeasurement.objects.filter(verified_at__isnull=False, after_value__isnull=False)
    if until is not None:
        pairs = pairs.filter(verified_at__lt=until, after_on__lt=timezone.localtime(until, KST).date())
    rows = pairs.values_list("request_id", "kpi", "after_on", "baseline_value", "after_value")
    return [
        Pair(request_id, kpi, after_on.year, kpi_change_percent(baseline, after))
        for request_id, kpi, after_on, baseline, after in rows
    ]


def outcomes_rollup() -> dict:
    return rollup(verified_pairs_query(), targets_query())


def engagement_counts() -> dict:
    """Submitted requests by industry and by state (drafts are the firm's own business)."""
    rows = (
        ConsultingRequest.objects.exclude(state=ConsultingState.DRAFT)
        .values_list("industry", "state")
        .annotate(count=Count("pk"))
        .order_by()
    )
    by_industry, by_state = Counter(), Counter()
    for industry, state, count in rows:
        by_industry[industry] += count
        by_state[state] += count
    return {
        "by_industry": [(industry.label, by_industry.get(industry.value, 0)) for industry in CONSULTING_INDUSTRIES],
        "by_state": [
            (choice.label, by_state.get(choice.value, 0))
            for choice in ConsultingState
            if choice != ConsultingState.DRAFT
        ],
    }


def named_engagements() -> QuerySet:
    """Engagements the public may see by name: only those whose firm consented."""
    return (
        ConsultingRequest.objects.filter(may_name_firm=True, state__in=ENGAGEMENT_STATES)
        .select_related("firm")
        .order_by("-completed_at", "-pk")
    )


# --- experts ---------------------------------------------------------------------------------


@dataclass
class ExpertFit:
    expert: Expert
    matched: int
    needed: int
    free: int

    @property
    def is_full(self) -> bool:
        return self.free == 0

    @property
    def reason(self) -> str:
        return _("%(matched)s of %(needed)s skills match; %(free)s free slots") % {
            "matched": self.matched,
            "needed": self.needed,
            "free": self.free,
        }


def rank_experts(needed: set[str], experts: list) -> list[ExpertFit]:
    """Experts by fit: those with a free slot first (a full expert cannot lead, so never ranks above
    one who can), then most skills in common with the request, then most free capacity.

    Each expert needs ``skill_slugs`` (a set), ``capacity`` and ``load``.
    """
    fits = [
        ExpertFit(
            expert=expert,
            matched=len(needed & expert.skill_slugs),
            needed=len(needed),
            free=max(expert.capacity - expert.load, 0),
        )
        for expert in experts
    ]
    return sorted(fits, key=lambda fit: (fit.is_full, -fit.matched, -fit.free, str(fit.expert)))


def experts_query() -> QuerySet:
    return with_load(Expert.objects.filter(is_active=True)).select_related("user", "partner").prefetch_related("skills")


def experts_ranked_for(request: ConsultingRequest) -> list[ExpertFit]:
    experts = list(experts_query())
    for expert in experts:
        expert.skill_slugs = {skill.slug for skill in expert.skills.all()}
    return rank_experts(request.needed_skill_slugs(), experts)


def visible_requests(user) -> QuerySet:
    """Requests the user may open: staff all; a firm's people their firm's; experts their assignments."""
    if user.has_perm("programs.view_consultingrequest"):
        return ConsultingRequest.objects.all()
    membership = membership_of(user)
    condition = Q(assignments__expert__user=user)
    if membership is not None:
        condition |= Q(firm_id=membership.firm_id)
    return ConsultingRequest.objects.filter(pk__in=ConsultingRequest.objects.filter(condition).values("pk"))


def submitted_requests() -> QuerySet:
    """The staff list: every submitted request with its firm and number of experts, newest first."""
    return (
        ConsultingRequest.objects.exclude(state=ConsultingState.DRAFT)
        .select_related("firm")
        .annotate(expert_count=Count("assignments", distinct=True))
        .order_by("-submitted_at", "-pk")
    )


def engagements_for_expert(user) -> QuerySet:
    """Only the engagements the user is assigned to (none for anyone who is not an expert)."""
    return (
        ConsultingRequest.objects.filter(assignments__expert__user=user, state__in=ENGAGEMENT_STATES)
        .select_related("firm")
        .distinct()
    )


def engagement_firm_ids(user) -> QuerySet:
    """The firms of the engagements the user is assigned to, for ``tenants.scoping.firms_in_reach``."""
    return ConsultingRequest.objects.filter(assignments__expert__user=user, state__in=ENGAGEMENT_STATES).values(
        "firm_id"
    )


def engagement_detail_query(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("firm", "created_by").prefetch_related(
        "tags",
        "attachments",
        "milestones__deliverables",
        "kpis",
        Prefetch("assignments", queryset=Assignment.objects.select_related("expert__user", "expert__partner")),
    )


# --- the monthly report ----------------------------------------------------------------------


def consulting_figures(start, end) -> dict:
    """Requests submitted before ``end`` by their state now, and how many were submitted and
    completed within ``[start, end)`` (one query)."""
    rows = (
        ConsultingRequest.objects.exclude(state=ConsultingState.DRAFT)
        .filter(submitted_at__lt=end)
        .values_list("state")
        .annotate(
            count=Count("pk"),
            submitted=Count("pk", filter=Q(submitted_at__gte=start)),
            completed=Count("pk", filter=Q(completed_at__gte=start, completed_at__lt=end)),
        )
        .order_by()
    )
    by_state = {state: count for state, count, _submitted, _completed in rows}
    return {
        "by_state": by_state,
        "submitted": sum(submitted for _state, _count, submitted, _completed in rows),
        "completed": sum(completed for _state, _count, _submitted, completed in rows),
    }


def budget_lines_spending(first_day, last_day) -> QuerySet:
    """Every budget line with what was spent within the days given and in all up to the last one."""
    return (
        BudgetLine.objects.select_related("project")
        .annotate(
            spent_in_period=Sum(
                "spendings__amount", filter=Q(spendings__spent_on__gte=first_day, spendings__spent_on__lte=last_day)
            ),
            spent_to_date=Sum("spendings__amount", filter=Q(spendings__spent_on__lte=last_day)),
        )
        .order_by("project__name", "project_id", "source")
    )


def budget_overview() -> list[dict]:
    """Per funded project: each source's budget, spent and remaining (two queries)."""
    lines = BudgetLine.objects.select_related("project").annotate(spent_total=Sum("spendings__amount"))
    projects = {}
    for line in lines:
        entry = projects.setdefault(line.project_id, {"project": line.project, "lines": [], "total": 0, "spent": 0})
        spent = line.spent_total or 0
        entry["lines"].append(
            {
                "source": FundingSource(line.source).label,
                "amount": line.amount,
                "spent": spent,
                "left": line.amount - spent,
            }
        )
        entry["total"] += line.amount
        entry["spent"] += spent
    for entry in projects.values():
        entry["left"] = entry["total"] - entry["spent"]
    return list(projects.values())
