"""A Tawasul agent's powers outside the admin (every applicant's documents) need the second factor
too: the password alone gives an agent no more than any portal user."""

import pytest
from django.urls import reverse

from tests.factories import verified_login

pytestmark = pytest.mark.django_db


def test_an_agent_downloads_an_applicants_document_only_after_the_code(client, agent, sent_request):
    url = reverse("tawasul:attachment_download", args=[sent_request().attachments.get().pk])
    client.force_login(agent)  # the password step only
    assert client.get(url).status_code == 404
    verified_login(client, agent)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
