"""The public outcomes page: verified KPI results against the hub's targets, as charts, tables and CSV.

Charts are inline SVG drawn on the server (no script), each with a title, a description and the same
numbers in a table beside it, so screen readers and people who prefer to read get everything too.
"""

from decimal import Decimal

from django.shortcuts import render
from django.utils.translation import gettext as _

from portal.pagecache import public_page
from portal.spreadsheets import Column, csv_response, wants_column_codes
from tenants.performance.selectors import public_rollup

from ..choices import KPI_DIRECTION, Kpi
from ..selectors import engagement_counts, named_engagements, outcomes_rollup

# Drawn narrow and scaled to the box (viewBox, width 100%): on a 360 px phone the 13-unit labels are
# still ~9 px; on a desktop the chart stops growing at the width of .chart in portal.css.
CHART_WIDTH = 440
LABEL_WIDTH = 172
VALUE_WIDTH = 60
ROW_HEIGHT = 26


def bar_chart(chart_id: str, title: str, description: str, rows: list[tuple]) -> dict:
    """Geometry for a horizontal bar chart; ``rows`` are (label, value, css class[, shown]). Negative values go left.

    ``shown`` is the number written at the bar when it differs from the plotted one: a KPI bar is
    plotted as an improvement (right is better) but labelled with the change itself, as in the table
    (a defect rate −9.5 % is a bar to the right reading −9.5 %).
    """
    rows = [(row[0], row[1], row[2], row[3] if len(row) > 3 else row[1]) for row in rows]
    values = [float(value) for _label, value, _css, _shown in rows if value is not None]
    largest = max([abs(value) for value in values] + [1.0])
    has_negative = any(value < 0 for value in values)
    area = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    zero = LABEL_WIDTH + (area / 2 if has_negative else 0)
    scale = (area / 2 if has_negative else area) / largest
    bars = []
    for index, (label, value, css, shown) in enumerate(rows):
        y = 8 + index * ROW_HEIGHT
        length = abs(float(value)) * scale if value is not None else 0
        x = zero - length if value is not None and float(value) < 0 else zero
        bars.append(
            {
                "label": label,
                "value": shown,
                "css": css,
                "x": round(x, 1),
                "y": y,
                "width": round(length, 1),
                "text_y": y + 15,
                "value_x": round(max(x + length, zero) + 6, 1),
            }
        )
    return {
        "id": chart_id,
        "title": title,
        "description": description,
        "bars": bars,
        "width": CHART_WIDTH,
        "height": 16 + len(rows) * ROW_HEIGHT,
        "zero": round(zero, 1),
        "label_x": LABEL_WIDTH - 8,
    }


def _improvement(kpi: str, value) -> Decimal | None:
    return None if value is None else Decimal(value) * KPI_DIRECTION[Kpi(kpi)]


@public_page("outcomes")
def outcomes(request):
    data = outcomes_rollup()
    counts = engagement_counts()
    overall = data["overall"]
    rows = []
    for summary in overall.kpis:
        label = _("%(kpi)s: median") % {"kpi": summary.label}
        rows.append((label, _improvement(summary.kpi, summary.median), "bar", summary.median))
        if summary.target is not None:
            label = _("%(kpi)s: target") % {"kpi": summary.label}
            rows.append((label, _improvement(summary.kpi, summary.target), "bar-target", summary.target))
    charts = [
        bar_chart(
            "chart-kpis",
            _("Median improvement against the at-completion targets"),
            _(
                "For each KPI, the median improvement of verified engagements and the target, in per cent; "
                "longer to the right is better (productivity up, defects, time and workload down)."
            ),
            rows,
        ),
        bar_chart(
            "chart-industry",
            _("Engagements by industry"),
            _("Number of submitted consulting requests in each industry."),
            [(label, count, "bar-count") for label, count in counts["by_industry"]],
        ),
    ]
    context = {
        "rollup": data,
        "counts": counts,
        "charts": charts,
        "named": named_engagements()[:20],
        "performance": public_rollup(),
    }
    return render(request, "programs/consulting/outcomes.html", context)


@public_page("outcomes")
def outcomes_csv(request):
    """Open data: headings in the page's language, or the stable codes with ``?columns=code``; the KPI
    is given as its name and its code, the period as the year or "overall" (all years)."""
    data = outcomes_rollup()
    columns = [
        Column(_("Year"), code="period"),
        Column(_("KPI"), code="kpi_name"),
        Column(_("KPI code"), code="kpi"),
        Column(_("Verified engagements"), code="engagements"),
        Column(_("Median change (%)"), code="median_change_pct"),
        Column(_("Mean change (%)"), code="mean_change_pct"),
        Column(_("Target (%)"), code="target_pct"),
        Column(_("Share meeting the target (%)"), code="share_meeting_pct"),
    ]
    rows = [
        (
            row.year or "overall",
            Kpi(summary.kpi).label,
            summary.kpi,
            summary.count,
            summary.median,
            summary.mean,
            summary.target,
            summary.share_meeting,
        )
        for row in [*data["years"], data["overall"]]
        for summary in row.kpis
    ]
    return csv_response("hubbridge-outcomes.csv", columns, rows, codes=wants_column_codes(request))
