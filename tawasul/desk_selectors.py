"""Reads of the staff desk: canned replies filled in for a request (and, below, the dashboard)."""

from tawasul.desk_models import CannedReply, SectionSettings
from tawasul.models import TawasulRequest
from tawasul.templatetags.tawasul_tags import arabic_date, service_type_label


def canned_reply_fill(*, body: str, tawasul_request: TawasulRequest) -> str:
    """The text with its variables filled in for this request. Plain replacement, not
    str.format: any other brace in the text stays as written."""
    values = {
        "name": tawasul_request.requester_name,
        "number": tawasul_request.number,
        "service": service_type_label(tawasul_request.service_type),
        "answer_by": arabic_date(tawasul_request.answer_by),
    }
    for variable, value in values.items():
        body = body.replace("{" + variable + "}", str(value))
    return body


def canned_replies_for(*, tawasul_request: TawasulRequest) -> list[tuple[str, str]]:
    """(title, text filled in) of the replies offered for the request's section: one query."""
    return [
        (canned.title, canned_reply_fill(body=canned.body, tawasul_request=tawasul_request))
        for canned in CannedReply.objects.filter(
            section=tawasul_request.section, is_active=True
        ).only("title", "body")
    ]


def sections_of(*, user) -> list[str]:
    """The sections whose agents group (SectionSettings.agents) this user belongs to."""
    return list(SectionSettings.objects.filter(agents__user=user).values_list("section", flat=True))
