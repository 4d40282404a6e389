"""As in production: PostgreSQL, and sessions cached_db in Redis read from this process's copies.
The two steps, the staff cookie and the idle limit hold there too."""

import pytest

from accounts.sessions import LAST_SEEN_KEY
from tests.factories import totp_code
from tests.staffauth.conftest import ADMIN, VERIFY, password_step

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.real_services,
    pytest.mark.usefixtures("auth_cache_on_redis"),
]


def test_on_redis_sessions_staff_give_the_code_and_lose_the_admin_when_idle(client, staff, device):
    assert password_step(client, staff).url.startswith(VERIFY)
    assert client.get(ADMIN).status_code == 302
    response = client.post(VERIFY, {"code": totp_code(device)})
    assert response.status_code == 302
    assert response.cookies["sessionid"]["max-age"] == ""
    assert client.get(ADMIN).status_code == 200
    session = client.session
    session[LAST_SEEN_KEY] -= 31 * 60
    session.save()
    assert client.get(ADMIN).status_code == 302
    assert client.get(VERIFY).status_code == 302  # logged out: back to the log-in
