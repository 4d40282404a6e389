"""The bench's report: each page in two columns (as served, drawn fresh), each marked against its
own target, so a page fast only because it is cached cannot pass for fast when drawn fresh."""

from bench.parts.pages import CACHED_TARGET, FRESH_TARGETS
from bench.report import Column, PageResult, Report


def _column(target, *ratios, errors=0):
    column = Column(target=target)
    for ratio in ratios:
        column.add(ratio * 1000, 1000, 0)
    column.errors = errors
    return column


def _login_row(report: Report) -> list[str]:
    line = next(line for line in report.pages_table().splitlines() if "| log-in page |" in line)
    return [cell.strip() for cell in line.strip("|").split("|")]


def test_a_page_cached_fast_but_drawn_fresh_slow_meets_one_target_and_misses_the_other():
    report = Report(bare_rps={"cached": 4700, "fresh": 4650})
    report.add_page(
        PageResult(
            key="login",
            name="log-in page",
            cached=_column(CACHED_TARGET, 0.74, 0.71, 0.80),
            fresh=_column(FRESH_TARGETS["login"], 0.30, 0.36, 0.20),
        )
    )
    _name, cached, cached_target, cached_met, fresh, fresh_target, fresh_met = _login_row(report)
    assert cached.startswith("**0.74**")
    assert (cached_target, cached_met) == ("≥ 0.70", "yes")
    assert fresh.startswith("**0.30**")  # the median of the rounds, not the best one
    assert (fresh_target, fresh_met) == ("≥ 0.35", "**NO**")
    assert report.outcomes() == [True, False]


def test_a_ratio_exactly_at_its_target_meets_it():
    column = _column(0.25, 0.25, 0.25, 0.25)
    assert column.ok is True


def test_errors_under_load_miss_the_target_whatever_the_speed():
    column = _column(0.22, 0.9, 0.9, 0.9, errors=3)
    assert column.ok is False
    assert "3 errors" in column.cell()


def test_the_bare_views_throughput_heads_both_columns():
    report = Report(bare_rps={"cached": 4770, "fresh": 4610})
    report.add_page(PageResult("login", "log-in page", _column(0.7, 0.8), _column(0.35, 0.4)))
    assert "| bare view (yardstick) | 4770 req/s | | | 4610 req/s | | |" in report.pages_table()


def test_a_page_read_by_but_not_targeted_counts_neither_way():
    report = Report()
    report.add_page(PageResult("bare_user", "(logged-in floor)", _column(None, 0.86)))
    assert report.outcomes() == [None]
    assert "| (logged-in floor) | **0.86**" in report.pages_table()


def test_the_drawn_fresh_targets_are_the_issues():
    assert FRESH_TARGETS == {
        "login": 0.35,
        "subscription_form": 0.25,
        "request_create": 0.25,
        "my_requests": 0.22,
        "request_detail": 0.15,
    }
    assert CACHED_TARGET == 0.70
