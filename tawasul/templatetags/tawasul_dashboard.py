"""The Tawasul part of the staff dashboard on the admin index (templates/admin/index.html): drawn
for Tawasul agents only, who may read every request."""

from django import template
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.svgchart import bar_chart
from tawasul import desk_selectors, selectors
from tawasul.templatetags.tawasul_tags import section_label, status_label

register = template.Library()

AGE_LABELS = {
    "1d": _("Less than a day"),
    "1-3d": _("1 to 3 days"),
    "3-7d": _("3 to 7 days"),
    "7-30d": _("7 to 30 days"),
    "30d+": _("More than 30 days"),
}


def _figure(title, rows: list[tuple[str, int]], *, links: list[str] | None = None) -> dict:
    """A chart and the table of its numbers (with a link per row to the queue, if given)."""
    return {
        "title": title,
        "chart": bar_chart(title=str(title), rows=rows, rtl=translation.get_language_bidi()),
        "rows": [
            (label, value, links[index] if links else "")
            for index, (label, value) in enumerate(rows)
        ],
    }


@register.inclusion_tag("admin/tawasul/dashboard.html", takes_context=True)
def tawasul_dashboard(context) -> dict:
    user = context["request"].user
    if not selectors.user_is_tawasul_agent(user):
        return {"show": False}
    figures = desk_selectors.dashboard_for(user=user)
    answered = figures.answered
    return {
        "show": True,
        "figures": figures,
        "charts": [
            _figure(
                _("Open requests by status"),
                [(status_label(status), n) for status, n in figures.by_status],
                links=[f"?status__exact={status}" for status, _n in figures.by_status],
            ),
            _figure(
                _("Open requests by section"),
                [(section_label(section), n) for section, n in figures.by_section],
                links=[f"?section={section}" for section, _n in figures.by_section],
            ),
            _figure(
                _("Open requests by age"),
                [(str(AGE_LABELS[key]), n) for key, n in figures.by_age],
                links=[f"?age={key}" for key, _n in figures.by_age],
            ),
            _figure(
                _("Answered on time and late"),
                [
                    (str(_("This week, on time")), answered["week"]["on_time"]),
                    (str(_("This week, late")), answered["week"]["late"]),
                    (str(_("This month, on time")), answered["month"]["on_time"]),
                    (str(_("This month, late")), answered["month"]["late"]),
                ],
            ),
            _figure(_("Open requests per agent"), figures.by_agent),
        ],
    }
