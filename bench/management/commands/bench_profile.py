"""Where each measured page spends its time, in-process (Django's test client, same settings):
CPU per request, number of SQL queries, and the share of the CPU profile spent rendering templates,
in crispy-forms, in SQL and in the session/user look-up. Prints JSON, for the results file."""

import cProfile
import json
import pstats
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client

# Inclusive time of these functions (file fragment, function name) is what each column shows.
BUCKETS = {
    "templates": [
        ("django/template/backends/django.py", "render"),
        ("django/template/backends/jinja2.py", "render"),
        ("muqeem/jinja2.py", "render"),  # the portal's pages
    ],
    "crispy": [
        ("crispy_forms/templatetags/crispy_forms_filters.py", "as_crispy_form"),
        ("crispy_forms/templatetags/crispy_forms_tags.py", "render"),
    ],
    "sql": [("django/db/backends/utils.py", "execute")],
    "session_user": [("django/contrib/auth/middleware.py", "get_user")],
}


class Command(BaseCommand):
    help = "Profile pages in-process (JSON list of [key, path, cookie]); print JSON."

    def add_arguments(self, parser):
        parser.add_argument("pages")
        parser.add_argument("--requests", type=int, default=60)

    def handle(self, *args, **options):
        count = options["requests"]
        results = []
        for key, path, cookie in json.loads(options["pages"]):
            client = Client(HTTP_HOST="127.0.0.1")
            if cookie:
                name, value = cookie.split("=", 1)
                client.cookies[name] = value
            for _ in range(10):
                client.get(path)
            cpu = time.process_time()
            for _ in range(count):
                client.get(path)
            cpu_ms = (time.process_time() - cpu) / count * 1000
            queries: list[str] = []

            def record(execute, sql, params, many, context, queries=queries):
                queries.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(record):
                client.get(path)
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(count):
                client.get(path)
            profile.disable()
            stats = pstats.Stats(profile).stats
            total = max(
                (
                    ct
                    for (file, _line, name), (_cc, _nc, _tt, ct, _callers) in stats.items()
                    if file.endswith("django/test/client.py") and name == "request"
                ),
                default=0.0,
            )
            shares = {}
            for bucket, functions in BUCKETS.items():
                inclusive = 0.0
                for (file, _line, name), (_cc, _nc, _tt, ct, _callers) in stats.items():
                    if any(file.endswith(f) and name == n for f, n in functions):
                        # Only the outermost calls: skip recursive ones (callers in the same set).
                        inclusive = max(inclusive, ct) if bucket == "templates" else inclusive + ct
                shares[bucket] = round(100 * inclusive / total, 1) if total else 0.0
            results.append(
                {
                    "key": key,
                    "path": path,
                    "cpu_ms": round(cpu_ms, 2),
                    "queries": len(queries),
                    **shares,
                }
            )
        self.stdout.write(json.dumps(results))
