"""The requesters' ratings on the staff dashboard (templates/admin/index.html), below the Tawasul
figures: drawn for Tawasul agents only, who may read every request and so every rating; and the
answers to «هل كانت هذه الصفحة مفيدة؟» per page beside them."""

from django import template
from django.utils import formats, translation
from django.utils.translation import gettext_lazy as _

from core.svgchart import bar_chart
from ratings.selectors import RatingFigures, page_usefulness, ratings_board
from tawasul import selectors
from tawasul.models import Section
from tawasul.templatetags.tawasul_tags import section_label

register = template.Library()


def _average(value: float | None) -> str:
    return formats.number_format(value, 1) if value is not None else "—"


def _ratings_figure(title, rows: list[tuple[str, RatingFigures]]) -> dict:
    """The overall average of each row as bars on a 1-to-5 scale (the count beside it), and the
    table of this month's and the overall averages and counts."""
    return {
        "title": title,
        "chart": bar_chart(
            title=str(title),
            rows=[(label, figures.average or 0) for label, figures in rows],
            rtl=translation.get_language_bidi(),
            top=5,
            shown=[f"{_average(figures.average)} ({figures.count})" for _l, figures in rows],
        ),
        "rows": [
            (
                label,
                _average(figures.month_average),
                figures.month_count,
                _average(figures.average),
                figures.count,
            )
            for label, figures in rows
        ],
    }


@register.inclusion_tag("admin/ratings/dashboard.html", takes_context=True)
def ratings_dashboard(context) -> dict:
    if not selectors.user_is_tawasul_agent(context["request"].user):
        return {"show": False}
    ratings = ratings_board()
    return {
        "show": True,
        "charts": [
            _ratings_figure(
                _("Requesters' ratings by section"),
                [
                    (section_label(section), ratings.by_section[section])
                    for section in Section.values
                    if section in ratings.by_section
                ],
            ),
            _ratings_figure(_("Requesters' ratings by agent"), ratings.by_agent),
        ],
        # «هل كانت هذه الصفحة مفيدة؟», all days: one query over the daily counters.
        "usefulness": page_usefulness(),
        "usefulness_list": context["request"].user.has_perm("ratings.view_pagefeedback"),
    }
