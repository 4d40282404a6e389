"""What every part of a run is handed: the report, the bench's Redis, the seeded pages database."""

from __future__ import annotations

from dataclasses import dataclass, field

from bench.harness.config import PAGES_DB
from bench.harness.services import bench_env
from bench.report import Report


@dataclass
class Run:
    report: Report
    redis_url: str
    # What `bench_seed` printed: the pages with their cookies, the log-in, the forms' paths.
    seed: dict = field(default_factory=dict)

    def env(self, database: str = PAGES_DB, **extra: str) -> dict[str, str]:
        """The portal's environment on `database` (the pages database by default)."""
        return bench_env(database, self.redis_url, **extra)

    @property
    def urls(self) -> dict[str, str]:
        return self.seed["urls"]
