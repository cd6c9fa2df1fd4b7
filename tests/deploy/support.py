"""What the deploy tests share: the documented production environment, and a refusal to skip in CI."""

import os
import re
import secrets
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PORTAL = ROOT / "bin" / "portal"
README = ROOT / "README.md"
VENV_BIN = Path(sys.executable).parent
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

# What the README's "Production environment" section asks an operator to set; every other variable keeps
# its documented default.
REQUIRED_PRODUCTION_VARIABLES = (
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "DJANGO_CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "REDIS_URL",
    "AUDIT_HMAC_KEY",
)


def production_env(**values: str) -> dict[str, str]:
    """A process environment holding only the documented production variables (plus PATH and the like),
    so nothing of the test run's own settings (DJANGO_SETTINGS_MODULE=config.settings.test, DATABASE_URL)
    leaks into the processes under test."""
    env = {
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(ROOT),
        "PYTHONUNBUFFERED": "1",
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "portal.example.gov.cn,localhost,127.0.0.1",
        "DJANGO_CSRF_TRUSTED_ORIGINS": "https://portal.example.gov.cn",
        "DATABASE_URL": "postgres://portal@127.0.0.1:5432/portal",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "AUDIT_HMAC_KEY": secrets.token_urlsafe(32),
    }
    env.update(values)
    return env


def readme_section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, flags=re.S | re.M)
    assert match, f"README.md has no section '## {title}'"
    return match.group(1)


def skip_or_fail(message: str):
    """Outside CI a missing service skips the test; in CI (.ci/run starts PostgreSQL and Redis) it fails."""
    if IN_CI:
        pytest.fail(f"{message} (CI must start it, see .ci/run)", pytrace=False)
    pytest.skip(message)
