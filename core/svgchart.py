"""Bar charts drawn on the server as SVG: no chart library, no script, no style attribute (the
Content-Security-Policy allows neither inline scripts nor inline styles; SVG presentation
attributes such as fill are markup, not style). Each chart is a picture of a table that the page
shows beside it, so the numbers never depend on seeing the picture."""

from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH = 460
ROW = 28
LABEL = 170
BAR_COLOUR = "#1b8354"  # the portal's green, 4.7:1 on white
TEXT_COLOUR = "#111927"


def bar_chart(*, title: str, rows: Sequence[tuple[str, int]], rtl: bool) -> SafeString:
    """Horizontal bars, one a row, longest = the largest value. In right-to-left languages the
    labels stand on the right and the bars grow leftwards."""
    top = max((value for _label, value in rows), default=0) or 1
    room = WIDTH - LABEL - 48  # the value's text after the bar
    height = ROW * max(len(rows), 1)
    shapes = []
    for index, (label, value) in enumerate(rows):
        y = index * ROW
        length = round(room * value / top)
        if rtl:
            # In a right-to-left SVG "start" is the right edge of the text.
            label_x, anchor = WIDTH, "start"
            bar_x = WIDTH - LABEL - length
            value_x, value_anchor = bar_x - 6, "start"
        else:
            label_x, anchor = 0, "start"
            bar_x = LABEL
            value_x, value_anchor = LABEL + length + 6, "start"
        shapes.append(
            (
                label_x,
                y + 19,
                anchor,
                label,
                bar_x,
                y + 6,
                length,
                value_x,
                y + 19,
                value_anchor,
                value,
            )
        )
    body = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="{}" fill="' + TEXT_COLOUR + '">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="16" rx="2" fill="' + BAR_COLOUR + '"></rect>'
        '<text x="{}" y="{}" text-anchor="{}" fill="' + TEXT_COLOUR + '">{}</text>',
        shapes,
    )
    return format_html(
        '<svg class="chart" role="img" aria-label="{}" viewBox="0 0 {} {}" width="{}" '
        'height="{}" direction="{}" font-size="13" xmlns="http://www.w3.org/2000/svg">{}</svg>',
        title,
        WIDTH,
        height,
        WIDTH,
        height,
        "rtl" if rtl else "ltr",
        body,
    )
