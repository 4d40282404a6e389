"""The requesters' ratings as the staff dashboard counts them: per section and per agent (the
request's assignee), this month and overall."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ratings.models import Rating
from ratings.selectors import ratings_board
from tawasul.models import Section
from tests.factories import UserFactory
from tests.ratings.factories import RatingFactory

pytestmark = pytest.mark.django_db


def rated(score: int, *, days_ago: float = 0, **request_fields) -> Rating:
    rating = RatingFactory(score=score, **{f"request__{k}": v for k, v in request_fields.items()})
    Rating.objects.filter(pk=rating.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    return rating


def test_averages_and_counts_per_section_and_agent_this_month_and_overall():
    now = timezone.now()
    long_ago = (now - now.replace(day=1)).days + 40  # before this month began
    ahmad = UserFactory(full_name="أحمد", is_staff=True)
    sara = UserFactory(full_name="سارة", is_staff=True)
    rated(5, assignee=ahmad)
    rated(4, assignee=ahmad, section=Section.IQAMA)
    rated(1, days_ago=long_ago, assignee=ahmad)
    rated(2, assignee=sara)
    rated(3, section=Section.IQAMA)  # answered with no one assigned

    board = ratings_board(now=now)

    visas, iqama = board.by_section[Section.VISAS], board.by_section[Section.IQAMA]
    assert (visas.month_count, visas.month_average) == (2, 3.5)
    assert (visas.count, visas.average) == (3, 8 / 3)
    assert (iqama.count, iqama.average) == (2, 3.5)
    assert Section.TECHNICAL not in board.by_section  # nothing rated there
    agents = dict(board.by_agent)
    assert [name for name, _f in board.by_agent] == ["أحمد", "سارة"]  # most rated first
    assert (agents["أحمد"].month_count, agents["أحمد"].month_average) == (2, 4.5)
    assert (agents["أحمد"].count, agents["أحمد"].average) == (3, 10 / 3)
    assert (agents["سارة"].count, agents["سارة"].average) == (1, 2)


def test_no_ratings_means_no_averages():
    board = ratings_board()
    assert board.by_section == {} and board.by_agent == []


def test_a_rating_stays_with_the_agent_who_answered_when_the_request_moves_on():
    from ratings.services import rating_submit
    from tests.tawasul.factories import TawasulRequestFactory

    answered_by = UserFactory(full_name="أحمد", is_staff=True)
    request = TawasulRequestFactory(status="processed", assignee=answered_by)
    rating_submit(tawasul_request=request, score=5)
    # Later the request is reassigned and moved to another section.
    request.assignee = UserFactory(full_name="سارة", is_staff=True)
    request.section = Section.IQAMA
    request.save()

    board = ratings_board()
    assert [name for name, _f in board.by_agent] == ["أحمد"]
    assert list(board.by_section) == [Section.VISAS]
