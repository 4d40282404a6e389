"""`muqeem.settings.bench` with BENCH_DRAWN_FRESH=1: the page and fragment caches keep nothing
(every page drawn as on a first visit), while sessions and user snapshots stay as in production."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.core.cache import caches
kept = {}
for alias in ("pages", "fragments"):
    caches[alias].set("probe", "drawn")
    kept[alias] = caches[alias].get("probe")
print(json.dumps({"kept": kept, "auth": settings.CACHES["auth"]["BACKEND"],
                  "sessions": settings.SESSION_ENGINE}))
"""


def _bench_settings(**extra: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"BENCH_DRAWN_FRESH", "DJANGO_SETTINGS_MODULE", "CACHE_URL"}
    }
    env.update(DJANGO_SETTINGS_MODULE="muqeem.settings.bench", **extra)
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_drawn_fresh_switches_off_the_page_and_fragment_caches_only():
    fresh = _bench_settings(BENCH_DRAWN_FRESH="1")
    served = _bench_settings()
    assert fresh["kept"] == {"pages": None, "fragments": None}
    # Sessions and user snapshots: the same as without the switch, and a real cache.
    assert (fresh["auth"], fresh["sessions"]) == (served["auth"], served["sessions"])
    assert "Dummy" not in fresh["auth"]


def test_without_the_switch_the_bench_serves_pages_as_production_does():
    served = _bench_settings()
    assert served["kept"] == {"pages": "drawn", "fragments": "drawn"}
