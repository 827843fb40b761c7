"""The firm's growth charts: columns per accepted round, drawn as inline SVG by the template.

Only the geometry is computed here (no script, no inline style: the CSP forbids both); the SVG has
a viewBox, so it scales down to a 360 px screen, and the same numbers are in a table beside it.
"""

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

WIDTH = 480
HEIGHT = 260
LEFT = 12
BOTTOM = 44  # room for the round titles under the columns
TOP = 34  # room for the values above them


def column_chart(chart_id: str, title: str, points: list[tuple[str, int | None]]) -> dict:
    """Columns for ``(label, value)``; a value not reported leaves its slot empty."""
    values = [value for _label, value in points if value is not None]
    largest = max(values + [1])
    plot_height = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - 2 * LEFT) / max(len(points), 1)
    column_width = min(64, slot * 0.6)
    columns = []
    for index, (label, value) in enumerate(points):
        x = LEFT + index * slot + (slot - column_width) / 2
        height = plot_height * (value / largest) if value else 0
        columns.append(
            {
                "label": label,
                "value": value,
                "shown": number_format(value, force_grouping=True) if value is not None else "–",
                "x": round(x, 1),
                "y": round(TOP + plot_height - height, 1),
                "width": round(column_width, 1),
                "height": round(height, 1),
                "middle": round(x + column_width / 2, 1),
                "value_y": round(TOP + plot_height - height - 8, 1),
            }
        )
    return {
        "id": chart_id,
        "title": title,
        "columns": columns,
        "width": WIDTH,
        "height": HEIGHT,
        "baseline_y": TOP + plot_height,
        "label_y": HEIGHT - 16,
    }


CHARTED = (
    ("revenue", _("Revenue (KRW)")),
    ("employees", _("Employees")),
    ("investment", _("Investment raised (KRW)")),
)


def history_charts(history: list[dict]) -> list[dict]:
    """One chart per charted figure over the firm's accepted returns (none before the first)."""
    if not history:
        return []
    return [
        column_chart(f"chart-{key}", title, [(row["round"].title, row["figures"][key]) for row in history])
        for key, title in CHARTED
    ]
