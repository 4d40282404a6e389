"""Production settings: refuse to start without secrets, pass Django's deployment checklist, and
build the static files WhiteNoise serves."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "muqeem.settings.production",
    "DJANGO_SECRET_KEY": "k3v!x9-production-secret-for-the-test-only-Zq7#mW2pL8rT4yN6bH1cF5dJ0sA",
    "DJANGO_ALLOWED_HOSTS": "muqeem.example.sa",
    "DATABASE_URL": "postgres://muqeem:secret@db.internal:5432/muqeem",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.sa:587",
    "AWS_STORAGE_BUCKET_NAME": "muqeem-documents",
    "AWS_S3_ENDPOINT_URL": "https://s3.example.sa",
    "SMS_GATEWAY_URL": "https://sms.example.sa/v1/messages",
    "SMS_GATEWAY_TOKEN": "gateway-token-for-the-test-only",
}


def manage(*args: str, env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess:
    # A clean environment: nothing from the test run (its settings module, a developer's
    # DATABASE_URL) may leak into what production would see.
    base = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env={**base, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_deployment_checklist_is_clean_with_the_required_environment():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stderr


def test_deployment_checklist_flags_a_weak_secret_key():
    # The same check would also catch a weakened setting: here, a short secret.
    result = manage("check", "--deploy", env={**PRODUCTION_ENV, "DJANGO_SECRET_KEY": "short"})

    assert "security.W009" in result.stderr


@pytest.mark.parametrize(
    "missing",
    [
        "DJANGO_SECRET_KEY",
        "DJANGO_ALLOWED_HOSTS",
        "DATABASE_URL",
        "REDIS_URL",
        "EMAIL_URL",
        "SMS_GATEWAY_URL",
        "SMS_GATEWAY_TOKEN",
        "AWS_STORAGE_BUCKET_NAME",
    ],
)
def test_production_refuses_to_start_without_a_required_variable(missing):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}

    result = manage("check", env=env)

    assert result.returncode != 0
    assert f"Set the {missing} environment variable" in result.stderr


def test_collectstatic_builds_the_hashed_compressed_files_whitenoise_serves(tmp_path):
    env = {**PRODUCTION_ENV, "DJANGO_STATIC_ROOT": str(tmp_path)}

    result = manage("collectstatic", "--noinput", env=env, timeout=300)

    assert result.returncode == 0, result.stdout + result.stderr
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    for name in (
        "css/portal.css",
        "vendor/bootstrap/css/bootstrap.rtl.min.css",
        "vendor/bootstrap/js/bootstrap.bundle.min.js",
        "vendor/ibm-plex-sans-arabic/files/ibm-plex-sans-arabic-arabic-400-normal.woff2",
    ):
        hashed = tmp_path / manifest[name]
        assert hashed.exists()
    assert (tmp_path / (manifest["css/portal.css"] + ".gz")).exists()
