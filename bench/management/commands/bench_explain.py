"""EXPLAIN (ANALYZE, BUFFERS) of the hot queries of the pages the scale part measures.

Each page is requested in-process (Django's test client, same settings and database) while its SQL
is captured; the slowest queries of each page are then explained on the seeded million. Prints JSON.
"""

import json
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


class Command(BaseCommand):
    help = "Explain the slowest queries of the given pages (JSON list of [label, path, cookie])."

    def add_arguments(self, parser):
        parser.add_argument("pages", help="JSON: [[label, path, cookie], ...]")
        parser.add_argument("--per-page", type=int, default=3)

    def handle(self, *args, **options):
        results = []
        seen = set()
        for label, path, cookie in json.loads(options["pages"]):
            client = Client(HTTP_HOST="127.0.0.1")
            name, value = cookie.split("=", 1)
            client.cookies[name] = value
            client.get(path)  # warm: the plan and buffers as a repeated request sees them
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(path)
                elapsed = time.perf_counter() - started
            queries = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
            explained = []
            for query in queries:
                sql = query["sql"]
                if len(explained) >= options["per_page"]:
                    break
                if not sql.lstrip().upper().startswith("SELECT") or sql in seen:
                    continue
                if "django_session" in sql or 'FROM "accounts_user" WHERE' in sql:
                    continue  # the session and user look-ups: the same on every page
                seen.add(sql)
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                    plan = "\n".join(row[0] for row in cursor.fetchall())
                explained.append({"sql": sql, "ms": float(query["time"]) * 1000, "plan": plan})
            results.append(
                {
                    "label": label,
                    "path": path,
                    "status": response.status_code,
                    "queries": len(captured.captured_queries),
                    "page_ms": elapsed * 1000,
                    "explained": explained,
                }
            )
        self.stdout.write(json.dumps(results, ensure_ascii=False))
