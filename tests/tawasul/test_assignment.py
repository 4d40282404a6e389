"""Assignment: a request goes to an agent of its own section, moves to another agent only with a
reason, and every move is in the request's history with who made it."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from accounts.roles import TAWASUL_AGENTS
from tawasul import services
from tawasul.desk_models import SectionSettings
from tawasul.models import AssignmentChange, Section, TawasulRequest
from tests.factories import UserFactory, verified_login
from tests.tawasul.factories import TawasulRequestFactory
from tests.tawasul.test_admin import form_of

pytestmark = pytest.mark.django_db


def tawasul_agent(name: str, *groups: Group):
    user = UserFactory(full_name=name, is_staff=True)
    user.groups.add(Group.objects.get(name=TAWASUL_AGENTS), *groups)
    return user


@pytest.fixture
def visas_team():
    team = Group.objects.create(name="فريق التأشيرات")
    SectionSettings.objects.create(section=Section.VISAS, agents=team)
    return team


def test_a_request_goes_only_to_an_agent_of_its_section(agent, visas_team):
    visas_agent = tawasul_agent("هند الزهراني", visas_team)
    iqama_agent = tawasul_agent("ماجد الحربي")
    tawasul_request = TawasulRequestFactory(section=Section.VISAS)
    with pytest.raises(ValidationError) as refused:
        services.request_assign(
            tawasul_request=tawasul_request, assignee=iqama_agent, assigned_by=agent
        )
    assert refused.value.error_dict["assignee"][0].code == "not_section_agent"
    services.request_assign(
        tawasul_request=tawasul_request, assignee=visas_agent, assigned_by=agent
    )
    tawasul_request.refresh_from_db()
    assert tawasul_request.assignee == visas_agent


def test_moving_a_request_to_another_agent_needs_a_reason(agent, visas_team):
    first, second = tawasul_agent("هند", visas_team), tawasul_agent("سلمان", visas_team)
    tawasul_request = TawasulRequestFactory(section=Section.VISAS)
    services.request_assign(tawasul_request=tawasul_request, assignee=first, assigned_by=agent)
    with pytest.raises(ValidationError) as refused:
        services.request_assign(tawasul_request=tawasul_request, assignee=second, assigned_by=agent)
    assert refused.value.error_dict["assignment_reason"][0].code == "reassign_reason"
    services.request_assign(
        tawasul_request=tawasul_request, assignee=second, assigned_by=agent, reason="إجازة"
    )
    trail = AssignmentChange.objects.filter(request=tawasul_request).order_by("pk")
    assert list(trail.values_list("assignee", "assigned_by", "reason")) == [
        (first.pk, agent.pk, ""),
        (second.pk, agent.pk, "إجازة"),
    ]


def test_the_admin_offers_the_sections_agents_and_asks_for_the_reason(client, agent, visas_team):
    first = tawasul_agent("هند الزهراني", visas_team)
    second = tawasul_agent("سلمان العتيبي", visas_team)
    outsider = tawasul_agent("ماجد الحربي")
    tawasul_request = TawasulRequestFactory(section=Section.VISAS, assignee=first)
    url = reverse("admin:tawasul_tawasulrequest_change", args=[tawasul_request.pk])
    verified_login(client, agent)
    with translation.override("ar"):
        page = client.get(url).content.decode()
        select = page[page.index('name="assignee"') :]
        select = select[: select.index("</select>")]
        assert "سلمان العتيبي" in select and "ماجد الحربي" not in select
        data = form_of(client, url)
        data["assignee"] = str(second.pk)
        refused = client.post(url, data, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
        assert "اذكر سبب نقل الطلب من هند الزهراني" in refused
        assert TawasulRequest.objects.get().assignee == first
        data["assignee"] = str(outsider.pk)
        assert client.post(url, data).status_code == 200  # not in the list: refused by the form
        data["assignee"] = str(second.pk)
        data["assignment_reason"] = "هند في إجازة"
        assert client.post(url, data).status_code == 302
    assert TawasulRequest.objects.get().assignee == second
    change = AssignmentChange.objects.get(request=tawasul_request)
    assert (change.assigned_by, change.reason) == (agent, "هند في إجازة")
