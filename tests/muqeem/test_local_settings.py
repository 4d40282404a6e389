"""Local settings: django-debug-toolbar's panels (the SQL panel) when a developer asks for them,
and never otherwise."""

from tests.muqeem.test_production_settings import manage

SHOW_LOGIN_PAGE = (
    "from django.test import Client; "
    "page = Client().get('/accounts/login/').content.decode(); "
    "print('djDebug' in page, 'تسجيل الدخول' in page)"
)
LOCAL_ENV = {"DJANGO_SETTINGS_MODULE": "muqeem.settings.local", "DATABASE_URL": "sqlite://:memory:"}


def test_the_debug_toolbar_shows_when_asked_for():
    result = manage("shell", "-c", SHOW_LOGIN_PAGE, env={**LOCAL_ENV, "DJANGO_DEBUG_TOOLBAR": "1"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["True", "True"]


def test_the_demo_has_no_debug_toolbar():
    result = manage("shell", "-c", SHOW_LOGIN_PAGE, env=LOCAL_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["False", "True"]
