"""Small bar charts as inline SVG for the PDF report: vector, so they print sharp, and drawn by
WeasyPrint itself with the document's Korean font (no chart library, no raster images)."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

BAR_COLOUR = "#0b5cad"
NEGATIVE_COLOUR = "#0f7c9c"
TARGET_COLOUR = "#c2410c"
TEXT_COLOUR = "#1f2933"
AXIS_COLOUR = "#9aa5b1"


def bar_chart(
    bars: list[tuple[str, float | None, str]],
    *,
    maximum: float | None = None,
    targets: list[float | None] | None = None,
    width: int = 520,
    label_width: int = 170,
    value_width: int = 70,
    bar_height: int = 16,
    gap: int = 8,
) -> SafeString:
    """Horizontal bars, one per ``(label, value, value text)``; negative values grow left of a zero axis.

    ``targets`` (one per bar, or None) draw a marker where the bar should reach.
    """
    values = [value or 0 for _label, value, _text in bars]
    marks = [target for target in (targets or []) if target is not None]
    top = max([maximum or 0, *values, *marks, 0])
    bottom = min([*values, *marks, 0])
    span = (top - bottom) or 1
    plot_width = width - label_width - value_width
    zero_x = label_width + plot_width * (-bottom / span)
    height = len(bars) * (bar_height + gap) + gap

    def x_of(value: float) -> float:
        return label_width + plot_width * ((value - bottom) / span)

    shapes = []
    for index, (label, value, text) in enumerate(bars):
        y = gap + index * (bar_height + gap)
        middle = y + bar_height / 2 + 4
        shapes.append(format_html('<text x="{}" y="{}" text-anchor="end">{}</text>', label_width - 6, middle, label))
        if value is not None:
            left, right = sorted((zero_x, x_of(value)))
            colour = NEGATIVE_COLOUR if value < 0 else BAR_COLOUR
            shapes.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                    round(left, 1),
                    y,
                    round(max(right - left, 0.5), 1),
                    bar_height,
                    colour,
                )
            )
        shapes.append(format_html('<text x="{}" y="{}">{}</text>', width - value_width + 6, middle, text))
        target = (targets or [None] * len(bars))[index]
        if target is not None:
            x = round(x_of(target), 1)
            shapes.append(
                format_html(
                    '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2.5"/>',
                    x,
                    y - 3,
                    x,
                    y + bar_height + 3,
                    TARGET_COLOUR,
                )
            )
    zero_x = round(zero_x, 1)
    axis = format_html(
        '<line x1="{}" y1="0" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>', zero_x, zero_x, height, AXIS_COLOUR
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {}" '
        'font-family="Noto Sans CJK KR, Noto Sans KR, sans-serif" font-size="11" fill="{}" role="img">{}{}</svg>',
        width,
        height,
        width,
        height,
        TEXT_COLOUR,
        axis,
        format_html_join("", "{}", ((shape,) for shape in shapes)),
    )
