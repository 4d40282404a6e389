"""The log-in lock-out: who is stopped after how many wrong passwords.

Two counters, both of failures in the last AXES_COOLOFF_TIME, both by the client address the rest
of the portal uses (core/http.py, so behind a proxy it is the real client, not the proxy):

- a user name from one address: locked after AXES_FAILURE_LIMIT failures. Someone guessing at
  another address cannot lock the real user out: the lock is on their own (name, address) pair;
- an address over any user names: locked after AXES_ADDRESS_FAILURE_LIMIT failures, so one
  address cannot try a few passwords on each of many accounts.

A successful log-in clears only that user's failures from that address: an attacker who logs in
to an account of their own must not wipe the failures counted against the accounts they guessed.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def address_failures(request: HttpRequest) -> int:
    """Wrong passwords from this request's client address, over every user name, still counted."""
    recent = AccessAttempt.objects.filter(
        ip_address=request.axes_ip_address, attempt_time__gte=get_cool_off_threshold(request)
    )
    return recent.aggregate(total=Sum("failures_since_start"))["total"] or 0


def address_is_locked(request: HttpRequest) -> bool:
    return address_failures(request) >= settings.AXES_ADDRESS_FAILURE_LIMIT


class PairAndAddressHandler(AxesDatabaseHandler):
    """django-axes' database handler with the two limits above.

    AXES_LOCKOUT_PARAMETERS names the (user name, address) pair only, so axes' own counting and
    its reset after a successful log-in touch that pair alone; the address counter is added here.
    """

    def get_failures(self, request, credentials: dict | None = None) -> int:
        pair = super().get_failures(request, credentials)
        if address_is_locked(request):
            # Axes locks when this reaches AXES_FAILURE_LIMIT: report at least that.
            return max(pair, get_failure_limit(request, credentials))
        return pair
