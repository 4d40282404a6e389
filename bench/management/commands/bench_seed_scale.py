"""Seed a million Tawasul requests (replies, status history) over 10,000 users, with COPY.

Rows are generated in Python as COPY text and streamed through psycopg's `cursor.copy()`;
foreign-key triggers are off during the load (`session_replication_role = replica`: the generated
rows are consistent by construction), secondary indexes are dropped first and built again after,
then the tables are vacuumed and analysed. A marker table records what was seeded, so a later run
reuses the database instead of seeding again. Prints JSON (counts, seconds).
"""

import json
import random
import time
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone

from accounts.identifiers import national_id_with_check_digit as national_id
from bench.common import BENCH_PASSWORD
from tawasul.models import SERVICE_TYPE_SECTION, TawasulRequest

SEED_VERSION = "5"  # 4: answer-by dates, answered times, ratings
Status = TawasulRequest.Status

# The statuses a request went through to reach its current one (domain.md's lifecycle).
PATHS = {
    Status.NEW: ["new"],
    Status.UNDER_PROCESSING: ["new", "under_processing"],
    Status.RETURNED_TO_APPLICANT: ["new", "under_processing", "returned_to_applicant"],
    Status.RETURNED_BY_APPLICANT: [
        "new",
        "under_processing",
        "returned_to_applicant",
        "returned_by_applicant",
    ],
    Status.PROCESSED: ["new", "under_processing", "processed"],
    Status.CLOSED: ["new", "under_processing", "processed", "closed"],
}
# Most requests are finished; a realistic share is open.
STATUS_WEIGHTS = {
    Status.NEW: 8,
    Status.UNDER_PROCESSING: 12,
    Status.RETURNED_TO_APPLICANT: 5,
    Status.RETURNED_BY_APPLICANT: 5,
    Status.PROCESSED: 20,
    Status.CLOSED: 50,
}
REPLIES = {
    Status.NEW: 0,
    Status.UNDER_PROCESSING: 1,
    Status.RETURNED_TO_APPLICANT: 1,
    Status.RETURNED_BY_APPLICANT: 2,
    Status.PROCESSED: 1,
    Status.CLOSED: 2,
}
TABLES = [
    "accounts_user",
    "tawasul_tawasulrequest",
    "tawasul_reply",
    "tawasul_statuschange",
    "ratings_rating",
]
ANSWERED = {Status.PROCESSED, Status.CLOSED}
RATED_SHARE = 0.3  # of answered requests, rated by their requester
SCORE_WEIGHTS = [5, 5, 10, 30, 50]  # scores 1 to 5
ERRORS = [
    ("E-PASSPORT-EXPIRED", "exit_reentry", "جواز سفر المقيم منتهي الصلاحية"),
    ("E-IQAMA-EXPIRED", "iqama_renew", "إقامة المقيم منتهية"),
    ("E-TRAFFIC-VIOLATIONS", "exit_reentry", "توجد مخالفات مرورية غير مسددة"),
    ("E-BALANCE-LOW", "iqama_renew", "رصيد المنشأة غير كاف"),
    ("", "", ""),
]


def ts(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S+00")


class Command(BaseCommand):
    help = "Seed 1,000,000 Tawasul requests for make bench's scale part (COPY)."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=1_000_000)
        parser.add_argument("--users", type=int, default=10_000)
        parser.add_argument("--force", action="store_true")

    def handle(self, *args, **options):
        total, users = options["requests"], options["users"]
        marker = f"{SEED_VERSION}:{total}:{users}"
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TABLE IF NOT EXISTS bench_scale_seed "
                "(marker text PRIMARY KEY, seconds double precision, seeded_at timestamptz)"
            )
            cursor.execute("SELECT seconds FROM bench_scale_seed WHERE marker = %s", [marker])
            found = cursor.fetchone()
        if found and not options["force"]:
            self.stdout.write(json.dumps({"reused": True, "seconds": found[0], **self.counts()}))
            return
        started = time.monotonic()
        timings = self.seed(total=total, user_count=users)
        seconds = time.monotonic() - started
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM bench_scale_seed")
            cursor.execute("INSERT INTO bench_scale_seed VALUES (%s, %s, now())", [marker, seconds])
        self.stdout.write(
            json.dumps({"reused": False, "seconds": seconds, **timings, **self.counts()})
        )

    def counts(self) -> dict:
        with connection.cursor() as cursor:
            result = {}
            for table in TABLES:
                cursor.execute(f"SELECT count(*) FROM {table}")
                result[table] = cursor.fetchone()[0]
            cursor.execute(
                "SELECT status, count(*) FROM tawasul_tawasulrequest GROUP BY status ORDER BY 1"
            )
            result["by_status"] = dict(cursor.fetchall())
        return result

    # ----------------------------------------------------------------------------------------

    def seed(self, *, total: int, user_count: int) -> dict:
        rng = random.Random(20261126)  # test data, reproducible
        timings = {}
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE ratings_rating, tawasul_attachment, tawasul_reply, tawasul_statuschange, "
                "tawasul_draft, tawasul_tawasulrequest, tawasul_requestnumbercounter, "
                "notifications_outboundemail RESTART IDENTITY CASCADE"
            )
            # The agents' second-factor devices (bench.common.session_cookie) go with them.
            cursor.execute(
                "DELETE FROM otp_totp_totpdevice WHERE user_id IN "
                "(SELECT id FROM accounts_user WHERE username LIKE 'scale-%%')"
            )
            cursor.execute("DELETE FROM accounts_user WHERE username LIKE 'scale-%%'")
            cursor.execute("SELECT coalesce(max(id), 0) FROM accounts_user")
            first_user_id = cursor.fetchone()[0] + 1
            dropped = self.drop_secondary_indexes(cursor)
            cursor.execute("SET session_replication_role = replica")
            cursor.execute("SET synchronous_commit = off")
            raw = cursor.cursor  # psycopg's own cursor, for COPY

            start = time.monotonic()
            password = make_password(BENCH_PASSWORD)
            now = timezone.now()
            user_ids = list(range(first_user_id, first_user_id + user_count))
            agents = user_ids[:20]
            with raw.copy(
                "COPY accounts_user (id, password, is_superuser, username, is_staff, is_active, "
                "date_joined, full_name, national_id, mobile, email, preferred_language) "
                "FROM STDIN"
            ) as copy:
                for n, user_id in enumerate(user_ids):
                    is_agent = user_id in agents
                    copy.write(
                        f"{user_id}\t{password}\t{'t' if is_agent else 'f'}\tscale-{n:05d}\t"
                        f"{'t' if is_agent else 'f'}\tt\t{ts(now)}\tمستخدم رقم {n}\t"
                        f"{national_id(f'27{n:07d}')}\t+9665{30000000 + n}\t"
                        f"scale-{n:05d}@example.com\tar\n"
                    )
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('accounts_user', 'id'), "
                "(SELECT max(id) FROM accounts_user))"
            )
            timings["users_s"] = round(time.monotonic() - start, 1)

            start = time.monotonic()
            counters = self.copy_requests(raw, rng, total, user_ids, agents, now)
            timings["requests_s"] = round(time.monotonic() - start, 1)
            start = time.monotonic()
            self.copy_history(raw, total, agents, now)
            self.copy_ratings(raw, rng, now)
            timings["history_s"] = round(time.monotonic() - start, 1)
            for table, column in [
                ("tawasul_tawasulrequest", "id"),
                ("tawasul_reply", "id"),
                ("tawasul_statuschange", "id"),
                ("ratings_rating", "id"),
            ]:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
                    f"(SELECT max({column}) FROM {table}))"
                )
            for year, last in counters.items():
                cursor.execute(
                    "INSERT INTO tawasul_requestnumbercounter (year, last) VALUES (%s, %s)",
                    [year, last],
                )
            cursor.execute("SET session_replication_role = origin")

            start = time.monotonic()
            cursor.execute("SET maintenance_work_mem = '512MB'")
            for statement in dropped:
                cursor.execute(statement)
            timings["indexes_s"] = round(time.monotonic() - start, 1)
        start = time.monotonic()
        with connection.cursor() as cursor:
            for table in TABLES:
                cursor.execute(f"VACUUM (ANALYZE) {table}")
            # Write the loaded pages out now, not during the measurements that follow.
            cursor.execute("CHECKPOINT")
        timings["vacuum_analyze_s"] = round(time.monotonic() - start, 1)
        return timings

    def drop_secondary_indexes(self, cursor) -> list[str]:
        """Drop the plain (non-constraint) indexes of the big tables; return how to rebuild them."""
        cursor.execute(
            """
            SELECT i.relname, pg_get_indexdef(i.oid)
            FROM pg_index x
            JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_class t ON t.oid = x.indrelid
            WHERE t.relname IN ('tawasul_tawasulrequest', 'tawasul_reply', 'tawasul_statuschange',
                                'ratings_rating')
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)
            """
        )
        rows = cursor.fetchall()
        for name, _definition in rows:
            cursor.execute(f'DROP INDEX "{name}"')
        return [definition for _name, definition in rows]

    def copy_requests(self, raw, rng, total, user_ids, agents, now) -> dict[int, int]:
        """Requests in creation order over the last two years; numbers per year, as the service
        gives them. Returns the last number of each year (for the counter table)."""
        span = timedelta(days=730).total_seconds()
        begin = now - timedelta(days=730)
        statuses = list(STATUS_WEIGHTS)
        weights = list(STATUS_WEIGHTS.values())
        service_types = list(SERVICE_TYPE_SECTION)
        counters: dict[int, int] = {}
        description = "تظهر رسالة خطأ عند تنفيذ الخدمة للمقيم ولا يمكن إكمال الطلب، نرجو المساعدة."
        status_of = rng.choices(statuses, weights=weights, k=total)
        ids = [national_id(f"27{index:07d}") for index in range(len(user_ids))]
        self.status_of = status_of
        self.created_of = []
        self.answered_of: dict[int, datetime] = {}  # request index -> answered at
        self.rated_as: dict[int, tuple[str, str]] = {}  # request index -> (section, assignee)
        batch = []
        with raw.copy(
            "COPY tawasul_tawasulrequest (id, created_at, updated_at, number, requester_name, "
            "national_id, establishment_name, establishment_unified_number, mobile, email, "
            "incident_reference, service, error_code, error_message, resident_iqama, "
            "resident_name, section, service_type, description, status, assignee_id, "
            "requester_id, answer_by, answered_at) FROM STDIN"
        ) as copy:
            for n in range(total):
                created = begin + timedelta(seconds=span * n / total + rng.random() * 30)
                if created > now:
                    created = now
                self.created_of.append(created)
                year = created.year
                counters[year] = counters.get(year, 0) + 1
                number = f"TW-{year}-{counters[year]:07d}"
                user_index = rng.randrange(len(user_ids))
                requester = user_ids[user_index]
                status = status_of[n]
                service_type = service_types[n % len(service_types)]
                code, service, message = ERRORS[n % len(ERRORS)]
                assignee = str(agents[n % len(agents)]) if status != Status.NEW else "\\N"
                updated = created + timedelta(hours=len(PATHS[status]) * 6)
                if updated > now:
                    updated = now
                # About 7 working days (Sunday–Thursday) after receipt; a fifth answered late.
                answer_by = (created + timedelta(days=9)).date()
                answered = "\\N"
                if status in ANSWERED:
                    answered_at = min(created + timedelta(days=rng.uniform(0.2, 11.5)), now)
                    self.answered_of[n] = answered_at
                    self.rated_as[n] = (SERVICE_TYPE_SECTION[service_type], assignee)
                    answered = ts(answered_at)
                batch.append(
                    f"{n + 1}\t{ts(created)}\t{ts(updated)}\t{number}\tمستخدم رقم {user_index}\t"
                    f"{ids[user_index]}\tمؤسسة {user_index % 997}\t"
                    f"7{user_index % 997:09d}\t+9665{30000000 + user_index}\t"
                    f"scale-{user_index:05d}@example.com\t\t{service}\t{code}\t{message}\t"
                    f"\t\t{SERVICE_TYPE_SECTION[service_type]}\t{service_type}\t{description}\t"
                    f"{status}\t{assignee}\t{requester}\t{answer_by.isoformat()}\t{answered}\n"
                )
                if len(batch) >= 5000:
                    copy.write("".join(batch))
                    batch.clear()
            copy.write("".join(batch))
        return counters

    def copy_history(self, raw, total, agents, now) -> None:
        reply_id = 0
        change_id = 0
        replies, changes = [], []
        reply_text = "نرجو تزويدنا بصورة من جواز السفر الساري وصورة الإقامة لإكمال المعالجة."
        # Status changes first, then replies: one COPY at a time on a connection.
        with raw.copy(
            "COPY tawasul_statuschange (id, from_status, to_status, note, created_at, "
            "changed_by_id, request_id) FROM STDIN"
        ) as copy:
            for n in range(total):
                created = self.created_of[n]
                previous = ""
                for step, status in enumerate(PATHS[self.status_of[n]]):
                    change_id += 1
                    moment = min(created + timedelta(hours=6 * step), now)
                    who = "\\N" if step == 0 else str(agents[n % len(agents)])
                    changes.append(
                        f"{change_id}\t{previous}\t{status}\t\t{ts(moment)}\t{who}\t{n + 1}\n"
                    )
                    previous = status
                if len(changes) >= 10000:
                    copy.write("".join(changes))
                    changes.clear()
            copy.write("".join(changes))
        with raw.copy(
            "COPY tawasul_reply (id, body, is_staff, created_at, author_id, request_id) FROM STDIN"
        ) as copy:
            for n in range(total):
                created = self.created_of[n]
                for step in range(REPLIES[self.status_of[n]]):
                    reply_id += 1
                    moment = min(created + timedelta(hours=3 + 6 * step), now)
                    replies.append(
                        f"{reply_id}\t{reply_text}\tt\t{ts(moment)}\t{agents[n % len(agents)]}\t"
                        f"{n + 1}\n"
                    )
                if len(replies) >= 10000:
                    copy.write("".join(replies))
                    replies.clear()
            copy.write("".join(replies))

    def copy_ratings(self, raw, rng, now) -> None:
        """A share of the answered requests rated by their requesters, a day or so after."""
        rows = []
        rating_id = 0
        with raw.copy(
            "COPY ratings_rating (id, request_id, score, comment, created_at, section, "
            "assignee_id) "
            "FROM STDIN"
        ) as copy:
            for n, answered_at in self.answered_of.items():
                if rng.random() >= RATED_SHARE:
                    continue
                rating_id += 1
                score = rng.choices(range(1, 6), weights=SCORE_WEIGHTS)[0]
                moment = min(answered_at + timedelta(hours=rng.uniform(1, 48)), now)
                section, assignee = self.rated_as[n]
                rows.append(
                    f"{rating_id}\t{n + 1}\t{score}\t\t{ts(moment)}\t{section}\t{assignee}\n"
                )
                if len(rows) >= 10000:
                    copy.write("".join(rows))
                    rows.clear()
            copy.write("".join(rows))
