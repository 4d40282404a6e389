"""The subscription officers' part of the staff dashboard (templates/admin/index.html)."""

from django import template
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.roles import SUBSCRIPTION_OFFICERS, user_has_role
from core.svgchart import bar_chart
from subscriptions.selectors import pending_summary

register = template.Library()

AGE_LABELS = {
    "1d": _("Less than a day"),
    "1-3d": _("1 to 3 days"),
    "3-7d": _("3 to 7 days"),
    "7d+": _("More than 7 days"),
}


@register.inclusion_tag("admin/subscriptions/dashboard.html", takes_context=True)
def subscriptions_dashboard(context) -> dict:
    user = context["request"].user
    if not user_has_role(user, SUBSCRIPTION_OFFICERS):
        return {"show": False}
    summary = pending_summary()
    rows = [(str(AGE_LABELS[key]), count) for key, count in summary["by_age"]]
    return {
        "show": True,
        "summary": summary,
        "age_rows": rows,
        "age_chart": bar_chart(
            title=str(_("Pending subscription requests by age")),
            rows=rows,
            rtl=translation.get_language_bidi(),
        ),
    }
