"""Every entry point (manage.py, the Celery app, WSGI) falls back to the production settings: a
process started without DJANGO_SETTINGS_MODULE never runs with DEBUG on and a key everyone knows.
`make run`, `make test`, the bench and the test worker name their settings module themselves."""

import os
import subprocess
import sys

import pytest

from tests.muqeem.test_production_settings import PRODUCTION_ENV, ROOT

SHOW_SETTINGS = (
    "from django.conf import settings; "
    "print(settings.SETTINGS_MODULE, settings.DEBUG, settings.SECRET_KEY == {key!r})"
).format(key=PRODUCTION_ENV["DJANGO_SECRET_KEY"])
ENTRY_POINTS = {
    "manage.py": f"import sys; sys.argv = ['manage.py', 'shell', '-c', {SHOW_SETTINGS!r}]; "
    "import runpy; runpy.run_path('manage.py', run_name='__main__')",
    "celery": f"import muqeem.celery; {SHOW_SETTINGS}",
    "wsgi": f"import muqeem.wsgi; {SHOW_SETTINGS}",
}
# What production provides, except the settings module: the entry point picks that by itself.
WITHOUT_MODULE = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SETTINGS_MODULE"}


def python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # A clean environment: the test run's own DJANGO_SETTINGS_MODULE must not leak in.
    base = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**base, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("entry_point", ENTRY_POINTS)
def test_without_a_settings_module_every_entry_point_runs_production(entry_point):
    result = python(ENTRY_POINTS[entry_point], env=WITHOUT_MODULE)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-3:] == ["muqeem.settings.production", "False", "True"]


@pytest.mark.parametrize("entry_point", ENTRY_POINTS)
def test_without_settings_or_secrets_every_entry_point_refuses_to_start(entry_point):
    # Not a development fallback with DEBUG on and a published key: no start at all.
    result = python(ENTRY_POINTS[entry_point], env={})

    assert result.returncode != 0
    assert "Set the DJANGO_SECRET_KEY environment variable" in result.stderr
