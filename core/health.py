"""/health/ for the load balancer: 200 "ok" when the database, the cache (Redis in production) and
the Celery broker answer, else 503 "unavailable" — nothing more.

Built on django-health-check's checks (each with its own time limit, run concurrently); what failed
and why goes to the server log only: the answer names no host, port or error, since anyone can
call it.
"""

import asyncio
import dataclasses
import logging
from datetime import timedelta

from django.http import HttpResponse
from health_check.base import HealthCheck
from health_check.checks import Cache, Database
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

logger = logging.getLogger(__name__)

TIMEOUT = timedelta(seconds=2)


@dataclasses.dataclass
class Broker(HealthCheck):
    """The Celery broker accepts a connection. Workers are not pinged: a stopped worker must not
    take every web process out of the load balancer (the outbox sweep catches up after it)."""

    timeout: timedelta = dataclasses.field(default=TIMEOUT, repr=False)

    def run(self) -> None:
        # The project's app (muqeem/celery.py, loaded with the settings): core imports no
        # configuration.
        from celery import current_app

        try:
            with current_app.connection_for_write() as connection:
                connection.ensure_connection(
                    max_retries=1, interval_start=0, timeout=self.timeout.total_seconds()
                )
        except Exception as exc:  # kombu, redis and socket errors alike: the broker is not there
            raise ServiceUnavailable("broker unreachable") from exc


class HealthView(HealthCheckView):
    checks = (
        (Database, {"alias": "default"}),
        (Cache, {"alias": "default", "timeout": TIMEOUT}),
        Broker,
    )

    async def get(self, request, *args, **kwargs):
        with self.get_executor() as executor:
            results = await asyncio.gather(
                *(check.get_result(executor) for check in self.get_checks())
            )
        failed = [result for result in results if result.error]
        for result in failed:
            logger.warning("health check %r failed: %s", result.check, result.error)
        if failed:
            return HttpResponse(
                "unavailable\n", status=503, content_type="text/plain; charset=utf-8"
            )
        return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
