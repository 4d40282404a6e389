"""The URLs and sessions the scale part measures on the seeded million, as JSON.

Sessions for a random sample of the seeded users (their "my requests" page) and for a Tawasul agent
(the staff changelist with each filter, and searches by number and by national ID / iqama).
"""

import json
import random
from urllib.parse import quote

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.urls import reverse

from accounts.models import User
from accounts.roles import TAWASUL_AGENTS
from bench.common import session_cookie
from tawasul.admin import AgeFilter
from tawasul.models import Section, TawasulRequest


class Command(BaseCommand):
    help = "Print the scale part's targets (paths and session cookies) as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=200)

    def handle(self, *args, **options):
        rng = random.Random(7)  # reproducible sample
        users = list(
            User.objects.filter(username__startswith="scale-", is_staff=False).values_list(
                "pk", flat=True
            )
        )
        sample = User.objects.filter(pk__in=rng.sample(users, min(options["users"], len(users))))
        my_requests = reverse("tawasul:request_list")
        mine = [[my_requests, session_cookie(user)] for user in sample]
        agent = User.objects.filter(username__startswith="scale-", is_superuser=True).first()
        staff_cookie = session_cookie(agent)
        # The dashboard as an ordinary agent sees it (a group member, not a superuser: the admin's
        # permission look-ups included), with a second-factor session like every staff session.
        dashboard_agent, _created = User.objects.get_or_create(
            username="bench-dashboard-agent",
            defaults={"is_staff": True, "full_name": "موظف تواصل للقياس"},
        )
        dashboard_agent.groups.add(Group.objects.get(name=TAWASUL_AGENTS))
        changelist = reverse("admin:tawasul_tawasulrequest_changelist")
        filters = {"none": [f"{changelist}"]}
        filters["status"] = [f"{changelist}?status={s}" for s in TawasulRequest.Status.values]
        filters["section"] = [f"{changelist}?section={s}" for s in Section.values]
        filters["age"] = [f"{changelist}?age={quote(bucket)}" for bucket in AgeFilter.BUCKETS]
        filters["assignee"] = [
            f"{changelist}?assignee=me",
            f"{changelist}?assignee=none",
            f"{changelist}?assignee={agent.pk + 1}",
        ]
        top = TawasulRequest.objects.order_by().values_list("pk", flat=True).last() or 1
        picks = [rng.randrange(1, top) for _ in range(200)]
        rows = TawasulRequest.objects.filter(pk__in=picks).values_list("number", "national_id")
        searches = {
            "number": [f"{changelist}?q={number}" for number, _ in rows],
            "national ID": [f"{changelist}?q={national_id}" for _, national_id in rows],
        }
        self.stdout.write(
            json.dumps(
                {
                    "my_requests": mine,
                    "staff_cookie": staff_cookie,
                    "dashboard": [reverse("admin:index"), session_cookie(dashboard_agent)],
                    "filters": filters,
                    "searches": searches,
                    "submitters": [session_cookie(user) for user in sample[:80]],
                }
            )
        )
