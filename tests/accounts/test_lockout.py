"""The log-in lock-out behind a reverse proxy: the attacker's address is stopped, the real user is
not (accounts/lockout.py). Every request comes from the proxy; the client is in X-Forwarded-For."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import DEMO_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("accounts:login")
PROXY = "10.0.0.254"
ATTACKER = "203.0.113.66"
REAL_USER = "198.51.100.7"
ACCOUNT_LOCKED = "أُقفل هذا الحساب لمدة 15 دقيقة"
ADDRESS_PAUSED = (
    "وصلت محاولات دخول فاشلة كثيرة من عنوان شبكتك. لحمايتك أُوقف الدخول منه لمدة 15 دقيقة؛ "
    "حاول لاحقًا أو أعد تعيين كلمة المرور."
)


@pytest.fixture(autouse=True)
def _one_proxy_hop(settings):
    settings.TRUSTED_PROXY_HOPS = 1


def browser_at(address: str, *, claimed: str = "") -> Client:
    """A browser at `address` behind the portal's proxy; `claimed` is what the client itself put
    in X-Forwarded-For before the proxy appended the address it saw."""
    forwarded = f"{claimed}, {address}" if claimed else address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


WRONG_PASSWORD = "wrong-password"


def log_in(browser: Client, username: str, password: str = WRONG_PASSWORD):
    return browser.post(LOGIN_URL, {"username": username, "password": password})


def test_wrong_passwords_from_elsewhere_do_not_lock_the_real_user_out():
    UserFactory(username="demo")
    attacker = browser_at(ATTACKER)
    for _attempt in range(6):
        last = log_in(attacker, "demo")
    assert last.status_code == 429
    assert ACCOUNT_LOCKED in last.content.decode()
    # The attacker is refused even with the right password…
    assert log_in(attacker, "demo", DEMO_PASSWORD).status_code == 429

    # …while the real user, at their own address behind the same proxy, logs in.
    real_user = browser_at(REAL_USER)
    response = log_in(real_user, "demo", DEMO_PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert "_auth_user_id" in real_user.session


def test_one_address_is_stopped_within_ten_guesses_over_any_user_names():
    for number in range(12):
        UserFactory(username=f"resident{number}")
    attacker = browser_at(ATTACKER)
    # Two guesses on each of five accounts: no pair reaches its limit of five…
    for attempt in range(9):
        assert log_in(attacker, f"resident{attempt // 2}").status_code == 200
    # …but the tenth wrong password from the address stops it, for every account.
    tenth = log_in(attacker, "resident4")
    assert tenth.status_code == 429
    assert ADDRESS_PAUSED in tenth.content.decode()
    refused = log_in(attacker, "resident11", DEMO_PASSWORD)
    assert refused.status_code == 429
    assert ADDRESS_PAUSED in refused.content.decode()
    assert "_auth_user_id" not in attacker.session

    # The same accounts still open for their owners elsewhere.
    assert log_in(browser_at(REAL_USER), "resident0", DEMO_PASSWORD).status_code == 302
    assert log_in(browser_at("198.51.100.8"), "resident11", DEMO_PASSWORD).status_code == 302


def test_the_attacker_cannot_pose_as_another_address_in_the_header():
    UserFactory(username="demo")
    for _attempt in range(5):
        log_in(browser_at(ATTACKER, claimed=f"192.0.2.{_attempt}"), "demo")
    # Whatever the client claims, the proxy's entry counts: still the same locked pair.
    assert log_in(browser_at(ATTACKER, claimed="192.0.2.99"), "demo").status_code == 429


def test_logging_in_to_an_own_account_does_not_wipe_the_guesses_on_others():
    UserFactory(username="mallory")
    for number in range(3):
        UserFactory(username=f"victim{number}")
    attacker = browser_at(ATTACKER)
    for attempt in range(8):
        log_in(attacker, f"victim{attempt % 3}")
    assert log_in(attacker, "mallory", DEMO_PASSWORD).status_code == 302
    attacker.post(reverse("accounts:logout"))
    assert log_in(attacker, "victim0").status_code == 200  # the ninth
    assert log_in(attacker, "victim1").status_code == 429  # the tenth: the address is stopped


def test_the_real_users_own_typos_still_lock_their_pair_and_a_success_clears_them():
    UserFactory(username="demo")
    real_user = browser_at(REAL_USER)
    for _attempt in range(4):
        log_in(real_user, "demo")
    assert log_in(real_user, "demo", DEMO_PASSWORD).status_code == 302
    real_user.post(reverse("accounts:logout"))
    for _attempt in range(4):
        assert log_in(real_user, "demo").status_code == 200
    assert log_in(real_user, "demo").status_code == 429


def test_ipv4_clients_on_a_dual_stack_socket_are_told_apart():
    # Without a proxy, on a socket that shows IPv4 clients as ::ffff:a.b.c.d.
    UserFactory(username="demo")
    attacker = Client(REMOTE_ADDR=f"::ffff:{ATTACKER}")
    for number in range(10):
        log_in(attacker, f"nobody{number}")
    assert log_in(attacker, "demo", DEMO_PASSWORD).status_code == 429
    real_user = Client(REMOTE_ADDR=f"::ffff:{REAL_USER}")
    assert log_in(real_user, "demo", DEMO_PASSWORD).status_code == 302
