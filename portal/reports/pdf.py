"""The monthly hub report as a PDF, drawn by WeasyPrint in a worker (never in a request).

WeasyPrint subsets the fonts it embeds: only the glyphs used travel with the file, so the Korean
font costs about a hundred kilobytes instead of the ~16 MB of the whole Noto CJK face.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.formats import number_format

from .charts import bar_chart
from .templatetags.reports import share_percent, signed_percent


def monthly_charts(report: dict) -> dict:
    tenancy, consulting, budget = report["tenancy"], report["consulting"], report["budget"]
    return {
        "occupancy": bar_chart(
            [
                (row["site"], (row["seat_share"] or 0) * 100, share_percent(row["seat_share"]))
                for row in tenancy["occupancy"]
            ],
            maximum=100,
        ),
        "stages": bar_chart(
            [(row["stage"], row["count"], number_format(row["count"])) for row in tenancy["applications_by_stage"]]
        ),
        "kpis": bar_chart(
            [(row["kpi"], row["median"], signed_percent(row["median"])) for row in consulting["kpis"]],
            targets=[row["completion_target"] for row in consulting["kpis"]],
        ),
        "budget": bar_chart(
            [
                (row["source"], (row["spent_share"] or 0) * 100, share_percent(row["spent_share"]))
                for row in budget["by_source"]
            ],
            maximum=100,
        ),
    }


def monthly_pdf(report: dict) -> bytes:
    html = render_to_string("reports/monthly.html", {**report, "charts": monthly_charts(report)})
    # Imported here: WeasyPrint parses its stylesheets on import, which every command would pay for.
    from weasyprint import HTML

    return HTML(string=html, base_url=settings.SITE_URL).write_pdf()
