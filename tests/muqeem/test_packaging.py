"""A wheel built from pyproject.toml carries every app the settings install, with all its parts."""

import tomllib
from fnmatch import fnmatchcase
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def packages_under(top: str) -> list[str]:
    """Every Python package of the project folder `top`, dotted (accounts, accounts.migrations…)."""
    return sorted(
        ".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / top).rglob("__init__.py")
    )


def test_every_installed_app_of_the_project_is_in_the_wheel():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    include = pyproject["tool"]["setuptools"]["packages"]["find"]["include"]
    # Apps whose folder sits at the top of the checkout; Django's and the libraries' live elsewhere.
    ours = [app for app in apps.get_app_configs() if Path(app.path).parent == ROOT]
    tops = {app.name.split(".")[0] for app in ours}
    tops.add(settings.ROOT_URLCONF.split(".")[0])  # the configuration: settings, URLs, Celery
    packages = [package for top in sorted(tops) for package in packages_under(top)]
    left_out = [p for p in packages if not any(fnmatchcase(p, pattern) for pattern in include)]
    assert "notifications.migrations" in packages  # the walk sees the apps' sub-packages
    assert left_out == []
