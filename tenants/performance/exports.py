"""The staff round table as a sheet (XLSX or CSV, formula-safe through portal.spreadsheets)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from portal.spreadsheets import DATETIME_FORMAT, INTEGER_FORMAT, KRW_FORMAT, Column
from portal.time import kst

from .selectors import return_figures, return_state


def round_table_rows(returns) -> tuple[list[Column], list[tuple]]:
    now = timezone.now()
    columns = [
        Column(_("Firm"), 30),
        Column(_("Business registration number"), 16),
        Column(_("Population"), 12),
        Column(_("State"), 16),
        Column(_("Submitted late"), 10),
        Column(_("First submitted at"), 18, DATETIME_FORMAT),
        Column(_("Revenue (KRW)"), 18, KRW_FORMAT),
        Column(_("Full-time employees"), 12, INTEGER_FORMAT),
        Column(_("Part-time employees"), 12, INTEGER_FORMAT),
        Column(_("Jobs created"), 12, INTEGER_FORMAT),
        Column(_("Youth hires"), 12, INTEGER_FORMAT),
        Column(_("Investment raised (KRW)"), 18, KRW_FORMAT),
        Column(_("Exports (KRW)"), 18, KRW_FORMAT),
        Column(_("IP applied and registered"), 12, INTEGER_FORMAT),
        Column(_("Certifications obtained"), 30),
        Column(_("Awards"), 30),
        Column(_("Products launched"), 30),
    ]
    rows = []
    for item in returns:
        figures = return_figures(item)
        rows.append(
            (
                item.firm.name,
                item.firm.brn_display,
                item.get_population_display(),
                return_state(item, now).label,
                _("Yes") if item.is_late else "",
                kst(item.submitted_at),
                item.revenue,
                item.employees_full_time,
                item.employees_part_time,
                item.new_hires,
                item.youth_hires,
                figures["investment"],
                figures["exports"],
                figures["ip"],
                item.certifications,
                item.awards,
                item.products_launched,
            )
        )
    return columns, rows
