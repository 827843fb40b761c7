"""The monthly hub report as a workbook: a summary sheet, then one sheet per section."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from portal.spreadsheets import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    DECIMAL_FORMAT,
    INTEGER_FORMAT,
    KRW_FORMAT,
    PERCENT_FORMAT,
    Column,
    append_table,
    new_workbook,
)

# The rollup gives percentages (18.0 for +18%); the sheet shows them as numbers with one decimal.
PERCENT_POINTS_FORMAT = '0.0"%"'


def _blank(sheet) -> None:
    sheet.append([])


def monthly_workbook(report: dict) -> Workbook:
    period = report["period"]
    tenancy, cohorts, consulting, mous, desk, budget = (
        report[name] for name in ("tenancy", "cohorts", "consulting", "mous", "desk", "budget")
    )
    workbook = new_workbook()

    summary = workbook.create_sheet(_("Summary"))
    summary.append([_("Hub&Bridge monthly report, %(month)s") % {"month": f"{period.month:%Y-%m}"}])
    summary.append([_("Generated at (KST)"), report["generated_at"].replace(tzinfo=None)])
    summary.cell(row=2, column=2).number_format = DATETIME_FORMAT
    _blank(summary)
    append_table(
        summary,
        [Column(_("Figure"), 44), Column(_("Value"), 20)],
        [],
    )
    figures = [
        (_("Resident firms at month end"), tenancy["resident_firms"], INTEGER_FORMAT),
        (_("Seats taken at month end"), tenancy["seats_taken"], INTEGER_FORMAT),
        (_("Seats at month end"), tenancy["seats"], INTEGER_FORMAT),
        (_("Tenancy applications submitted"), tenancy["applications_submitted"], INTEGER_FORMAT),
        (_("Leases begun"), tenancy["leases"]["started"], INTEGER_FORMAT),
        (_("Leases ended"), tenancy["leases"]["ended"], INTEGER_FORMAT),
        (_("Cohorts running"), len(cohorts["cohorts"]), INTEGER_FORMAT),
        (_("Training applications received"), cohorts["applications_received"], INTEGER_FORMAT),
        (_("Participants seated"), cohorts["seated"], INTEGER_FORMAT),
        (_("Completion rate of closed cohorts"), cohorts["completion_rate"], PERCENT_FORMAT),
        (_("Consulting requests submitted"), consulting["submitted"], INTEGER_FORMAT),
        (_("Consulting engagements completed"), consulting["completed"], INTEGER_FORMAT),
        (_("MOUs in effect at month end"), len(mous["in_effect"]), INTEGER_FORMAT),
        (
            _("MOUs expiring within %(days)s days") % {"days": mous["expiry_days"]},
            len(mous["expiring"]),
            INTEGER_FORMAT,
        ),
        (_("Obligations overdue at month end"), len(mous["overdue"]), INTEGER_FORMAT),
        (_("Service requests received"), desk["received"], INTEGER_FORMAT),
        (_("Median days to resolve a service request"), desk["median_days_to_resolve"], DECIMAL_FORMAT),
        (_("Service requests resolved within the service level"), desk["within_service_level"], PERCENT_FORMAT),
        (_("Budget (KRW)"), budget["amount"], KRW_FORMAT),
        (_("Spent this month (KRW)"), budget["spent_in_period"], KRW_FORMAT),
        (_("Spent to month end (KRW)"), budget["spent_to_date"], KRW_FORMAT),
    ]
    for label, value, number_format in figures:
        summary.append([label, value])
        summary.cell(row=summary.max_row, column=2).number_format = number_format

    sheet = workbook.create_sheet(_("Tenancy"))
    append_table(
        sheet,
        [
            Column(_("Site"), 34),
            Column(_("Seats"), 12, INTEGER_FORMAT),
            Column(_("Seats taken"), 12, INTEGER_FORMAT),
            Column(_("Occupancy"), 12, PERCENT_FORMAT),
            Column(_("Area (m²)"), 12, DECIMAL_FORMAT),
            Column(_("Area taken (m²)"), 14, DECIMAL_FORMAT),
        ],
        (
            (row["site"], row["seats"], row["seats_taken"], row["seat_share"], row["area"], row["area_taken"])
            for row in tenancy["occupancy"]
        ),
        title=_("Occupancy per site on %(day)s") % {"day": f"{period.last_day:%Y-%m-%d}"},
    )
    _blank(sheet)
    append_table(
        sheet,
        [Column(_("Stage"), 34), Column(_("Applications"), 12, INTEGER_FORMAT)],
        ((row["stage"], row["count"]) for row in tenancy["applications_by_stage"]),
        title=_("Applications submitted this month, by stage now"),
    )
    _blank(sheet)
    append_table(
        sheet,
        [
            Column(_("Firm"), 34),
            Column(_("Site"), 12),
            Column(_("Space"), 12),
            Column(_("Ends on"), 12, DATE_FORMAT),
            Column(_("Days left"), 12, INTEGER_FORMAT),
            Column(_("Monthly rent (KRW)"), 16, KRW_FORMAT),
        ],
        (
            (row["firm"], row["site"], row["space"], row["end_date"], row["days_left"], row["monthly_rent"])
            for row in tenancy["expiring"]
        ),
        title=_("Leases ending within %(days)s days of month end") % {"days": tenancy["expiry_days"]},
    )

    sheet = workbook.create_sheet(_("Training cohorts"))
    append_table(
        sheet,
        [
            Column(_("Programme"), 34),
            Column(_("Cohort"), 12),
            Column(_("Starts on"), 12, DATE_FORMAT),
            Column(_("Ends on"), 12, DATE_FORMAT),
            Column(_("Seats"), 12, INTEGER_FORMAT),
            Column(_("Applicants"), 12, INTEGER_FORMAT),
            Column(_("Seated"), 12, INTEGER_FORMAT),
            Column(pgettext("enrolment", "Completed"), 12, INTEGER_FORMAT),
            Column(_("Completion rate"), 14, PERCENT_FORMAT),
        ],
        (
            (
                row["programme"],
                row["cohort"],
                row["starts_on"],
                row["ends_on"],
                row["capacity"],
                row["applicants"],
                row["seated"],
                row["completed"],
                row["completion_rate"],
            )
            for row in cohorts["cohorts"]
        ),
        title=_("Cohorts running this month"),
    )

    sheet = workbook.create_sheet(_("Consulting"))
    append_table(
        sheet,
        [Column(_("State"), 34), Column(_("Requests"), 12, INTEGER_FORMAT)],
        ((row["state"], row["count"]) for row in consulting["by_state"]),
        title=_("Requests submitted by month end, by state now"),
    )
    _blank(sheet)
    append_table(
        sheet,
        [
            Column(_("KPI"), 34),
            Column(_("Engagements"), 12, INTEGER_FORMAT),
            Column(_("Median change"), 14, PERCENT_POINTS_FORMAT),
            Column(_("Mean change"), 14, PERCENT_POINTS_FORMAT),
            Column(_("Target at completion"), 14, PERCENT_POINTS_FORMAT),
            Column(_("Meeting the target"), 14, PERCENT_POINTS_FORMAT),
            Column(_("Engagements this year"), 14, INTEGER_FORMAT),
            Column(_("Median change this year"), 14, PERCENT_POINTS_FORMAT),
            Column(_("Target this year"), 14, PERCENT_POINTS_FORMAT),
        ],
        (
            (
                row["kpi"],
                row["count"],
                row["median"],
                row["mean"],
                row["completion_target"],
                row["share_meeting"],
                row["year_count"],
                row["year_median"],
                row["year_target"],
            )
            for row in consulting["kpis"]
        ),
        title=_("KPI outcomes against the hub's targets (verified pairs up to month end)"),
    )

    sheet = workbook.create_sheet(_("MOUs"))
    append_table(
        sheet,
        [
            Column(_("Title"), 44),
            Column(_("Partners"), 34),
            Column(_("In effect from"), 14, DATE_FORMAT),
            Column(_("Expires on"), 14, DATE_FORMAT),
            Column(_("Status"), 12),
        ],
        (
            (row["title"], row["partners"], row["effective_from"], row["expires_on"], row["status"])
            for row in mous["in_effect"]
        ),
        title=_("MOUs in effect at month end"),
    )
    _blank(sheet)
    append_table(
        sheet,
        [
            Column(_("MOU"), 44),
            Column(_("Obligation"), 34),
            Column(_("Party"), 14),
            Column(_("Due on"), 14, DATE_FORMAT),
            Column(_("Days overdue"), 12, INTEGER_FORMAT),
        ],
        ((row["mou"], row["obligation"], row["party"], row["due_on"], row["days_overdue"]) for row in mous["overdue"]),
        title=_("Obligations overdue at month end"),
    )

    sheet = workbook.create_sheet(_("Service requests"))
    append_table(
        sheet,
        [
            Column(_("Category"), 34),
            Column(_("Requests"), 10, INTEGER_FORMAT),
            *(Column(str(state), 12, INTEGER_FORMAT) for state in desk["states"]),
        ],
        ((row["category"], row["total"], *row["states"]) for row in desk["by_category"]),
        title=_("Service requests received this month, by state now"),
    )
    _blank(sheet)
    append_table(
        sheet,
        [Column(_("Figure"), 44), Column(_("Value"), 14)],
        [
            (_("Resolved so far"), desk["resolved"]),
            (_("Median days to resolve"), desk["median_days_to_resolve"]),
            (_("Resolved within the service level"), desk["within_service_level"]),
        ],
    )
    sheet.cell(row=sheet.max_row, column=2).number_format = PERCENT_FORMAT
    sheet = workbook.create_sheet(_("Tenant performance"))
    performance_columns = [
        Column(_("Population"), 16),
        Column(_("Accepted returns"), 12, INTEGER_FORMAT),
        Column(_("Revenue total (KRW)"), 20, KRW_FORMAT),
        Column(_("Revenue median (KRW)"), 20, KRW_FORMAT),
        Column(_("Jobs created"), 12, INTEGER_FORMAT),
        Column(_("Investment raised (KRW)"), 20, KRW_FORMAT),
        Column(_("Investment median (KRW)"), 20, KRW_FORMAT),
        Column(_("IP applied and registered"), 12, INTEGER_FORMAT),
    ]
    for index, round_ in enumerate(report["performance"]["rounds"]):
        if index:
            _blank(sheet)
        append_table(
            sheet,
            performance_columns,
            (
                (
                    group["population"],
                    group["firms"],
                    group["revenue_total"],
                    group["revenue_median"],
                    group["jobs_created"],
                    group["investment_total"],
                    group["investment_median"],
                    group["ip_total"],
                )
                for group in round_["groups"]
            ),
            title=f"{round_['title']} ({round_['period_start']:%Y-%m-%d} – {round_['period_end']:%Y-%m-%d})",
        )
    if not report["performance"]["rounds"]:
        sheet.append([_("No reporting round has ended yet.")])

    sheet = workbook.create_sheet(_("Budget"))
    budget_columns = [
        Column(_("Funding source"), 16),
        Column(_("Budget (KRW)"), 20, KRW_FORMAT),
        Column(_("Spent this month (KRW)"), 20, KRW_FORMAT),
        Column(_("Spent to month end (KRW)"), 20, KRW_FORMAT),
        Column(_("Remaining (KRW)"), 20, KRW_FORMAT),
        Column(pgettext("share of budget", "Spent"), 10, PERCENT_FORMAT),
    ]
    append_table(
        sheet,
        budget_columns,
        (
            (
                row["source"],
                row["amount"],
                row["spent_in_period"],
                row["spent_to_date"],
                row["remaining"],
                row["spent_share"],
            )
            for row in budget["by_source"]
        ),
        title=_("Budget by funding source"),
    )
    _blank(sheet)
    append_table(
        sheet,
        [Column(_("Project"), 44), *budget_columns],
        (
            (
                row["project"],
                row["source"],
                row["amount"],
                row["spent_in_period"],
                row["spent_to_date"],
                row["remaining"],
                row["spent_share"],
            )
            for row in budget["lines"]
        ),
        title=_("Budget lines"),
    )
    _rooms_sheet(workbook, report["rooms"])
    return workbook


def _rooms_sheet(workbook: Workbook, rooms: dict) -> None:
    sheet = workbook.create_sheet(_("Rooms"))
    append_table(
        sheet,
        [
            Column(_("Site"), 30),
            Column(_("Resource"), 28),
            Column(_("Bookings"), 10, INTEGER_FORMAT),
            Column(_("Booked hours"), 12, DECIMAL_FORMAT),
            Column(_("Open hours"), 12, DECIMAL_FORMAT),
            Column(_("Occupancy"), 12, PERCENT_FORMAT),
            Column(_("No-shows"), 10, INTEGER_FORMAT),
        ],
        (
            (
                row["site"],
                row["resource"],
                row["bookings"],
                row["booked_hours"],
                row["open_hours"],
                row["occupancy"],
                row["no_shows"],
            )
            for row in rooms["resources"]
        ),
        title=_("Occupancy per resource"),
    )
    _blank(sheet)
    append_table(
        sheet,
        [
            Column(_("Firm"), 30),
            Column(_("Bookings"), 10, INTEGER_FORMAT),
            Column(_("Hours"), 10, DECIMAL_FORMAT),
            Column(_("Charged before VAT (KRW)"), 20, KRW_FORMAT),
        ],
        ((row["firm"], row["bookings"], row["hours"], row["charged"]) for row in rooms["firms"]),
        title=_("Hours per firm"),
    )
    _blank(sheet)
    append_table(
        sheet,
        [
            Column(_("Firm"), 30),
            Column(_("Resource"), 28),
            Column(_("Free hours a month"), 14, INTEGER_FORMAT),
            Column(_("Hours used"), 12, DECIMAL_FORMAT),
            Column(_("Share used"), 12, PERCENT_FORMAT),
        ],
        ((row["firm"], row["resource"], row["quota"], row["hours"], row["share"]) for row in rooms["quota"]),
        title=_("Residents' free hours used"),
    )
