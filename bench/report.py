"""The results: one table of the pages (cached and drawn fresh, each against the bare view) and one
of the other parts, printed and written to bench/results/<date>.md and bench/results/latest.md."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from bench.harness.config import RESULTS, log

MET = {True: "yes", False: "**NO**", None: ""}


@dataclass
class Row:
    """One measurement of a part other than the pages."""

    part: str
    measurement: str
    value: str
    target: str = ""
    ok: bool | None = None


@dataclass
class Column:
    """One page measured on one server: its throughput and its ratio to the bare view measured
    just before it on the same server, per round; the median ratio is what counts."""

    target: float | None = None  # the least ratio to the bare view; None: to read by
    rps: list[float] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)
    errors: int = 0

    def add(self, page_rps: float, bare_rps: float, errors: int) -> None:
        self.rps.append(page_rps)
        self.ratios.append(page_rps / bare_rps if bare_rps else 0.0)
        self.errors += errors

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios) if self.ratios else 0.0

    @property
    def ok(self) -> bool | None:
        if self.target is None:
            return None
        return bool(self.ratios) and self.ratio >= self.target and not self.errors

    def cell(self) -> str:
        if not self.ratios:
            return "—"
        text = (
            f"**{self.ratio:.2f}** ({statistics.median(self.rps):.0f} req/s; rounds "
            f"{min(self.ratios):.2f}–{max(self.ratios):.2f})"
        )
        return text + (f", {self.errors} errors" if self.errors else "")

    def target_text(self) -> str:
        return f"≥ {self.target:.2f}" if self.target is not None else ""


@dataclass
class PageResult:
    """A page in both columns: as served (page and fragment caches on) and drawn fresh."""

    key: str
    name: str
    cached: Column
    fresh: Column | None = None  # None: measured cached only
    note: str = ""  # e.g. the ratio to the logged-in floor


@dataclass
class Report:
    pages: list[PageResult] = field(default_factory=list)
    bare_rps: dict[str, float] = field(default_factory=dict)  # column name → req/s
    rows: list[Row] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, *args, **kwargs) -> None:
        row = Row(*args, **kwargs)
        self.rows.append(row)
        log(f"{row.part} | {row.measurement} | {row.value} | {row.target} {MET[row.ok]}")

    def add_page(self, page: PageResult) -> None:
        self.pages.append(page)
        fresh = page.fresh.cell() if page.fresh else "—"
        log(f"pages | {page.name} | cached {page.cached.cell()} | drawn fresh {fresh}")

    def outcomes(self) -> list[bool | None]:
        """Every target's outcome: True met, False missed (None: nothing to meet)."""
        found = [row.ok for row in self.rows]
        for page in self.pages:
            found.append(page.cached.ok)
            if page.fresh is not None:
                found.append(page.fresh.ok)
        return found

    def pages_table(self) -> str:
        if not self.pages:
            return ""
        lines = [
            "| page | cached (as served), × bare | target | met "
            "| drawn fresh (page and fragment caches off), × bare | target | met |",
            "|---|---|---|---|---|---|---|",
        ]
        bare = [f"{self.bare_rps[c]:.0f} req/s" if c in self.bare_rps else "—" for c in COLUMNS]
        lines.append(f"| bare view (yardstick) | {bare[0]} | | | {bare[1]} | | |")
        for page in self.pages:
            cells = []
            for column in (page.cached, page.fresh):
                if column is None:
                    cells += ["—", "", ""]
                else:
                    cells += [column.cell(), column.target_text(), MET[column.ok]]
            cells[0] += f"; {page.note}" if page.note else ""
            lines.append(f"| {page.name} | " + " | ".join(cells) + " |")
        return "\n".join(lines)

    def parts_table(self) -> str:
        if not self.rows:
            return ""
        lines = ["| part | measurement | value | target | met |", "|---|---|---|---|---|"]
        for row in self.rows:
            lines.append(
                f"| {row.part} | {row.measurement} | {row.value} | {row.target} | {MET[row.ok]} |"
            )
        return "\n".join(lines)

    def tables(self) -> str:
        return "\n\n".join(table for table in (self.pages_table(), self.parts_table()) if table)


COLUMNS = ("cached", "fresh")


def write_results(
    report: Report,
    info: dict[str, str],
    found: dict[str, str],
    elapsed: float,
    wrk_runs: list[int],
    when: dt.datetime,
) -> Path:
    """The results file: machine, versions, both tables, how it was measured, the details."""
    load_at_end = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    header = [
        f"# `make bench` — {when:%Y-%m-%d %H:%M} UTC",
        "",
        "Machine: "
        + ", ".join(f"{key} {value}" for key, value in info.items())
        + f"; load average at end {load_at_end}.",
        "",
        "Versions: " + ", ".join(f"{key} {value}" for key, value in found.items()) + ".",
        "",
        f"Total run time: {elapsed / 60:.1f} min; {sum(wrk_runs):,} requests sent by "
        f"{len(wrk_runs)} wrk runs. Settings `muqeem.settings.bench` (production settings: DEBUG "
        "off, WhiteNoise, PostgreSQL, Redis cache and broker, cached_db sessions; "
        "SECURE_SSL_REDIRECT off for plain http on loopback; bench-only URL conf with the bare "
        "view). The drawn-fresh column comes from a second gunicorn with `BENCH_DRAWN_FRESH=1`: "
        "the `pages` and `fragments` caches are Django's DummyCache, sessions and user snapshots "
        "as in production.",
        "",
        report.tables(),
        "",
    ]
    if report.notes:
        header += ["## How it was measured", "", *[f"- {note}" for note in report.notes], ""]
    text = "\n".join(header + report.sections) + "\n"
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{when:%Y-%m-%d-%H%M}.md"
    path.write_text(text, encoding="utf-8")
    (RESULTS / "latest.md").write_text(text, encoding="utf-8")
    return path
