"""Production settings behind a TLS proxy: `manage.py check --deploy` is clean with the environment the README
documents, each HTTPS setting follows its variable, and the README lists every variable production reads."""

import json
import re
import subprocess
import sys

from tests.deploy.support import PORTAL, REQUIRED_PRODUCTION_VARIABLES, ROOT, production_env, readme_section

SETTINGS_FILES = (ROOT / "config/settings/base.py", ROOT / "config/settings/production.py")
ENV_READ = re.compile(r"""\benv(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]+)["']""")
SCRIPT_VARIABLE = re.compile(r"\$\{([A-Z][A-Z0-9_]+)[:}]")


def manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def production_settings(*names: str, **variables: str) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}, default=str))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=production_env(**variables),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_check_deploy_is_clean_with_the_documented_environment():
    env = production_env()

    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stderr


def test_check_deploy_warns_when_https_is_turned_off():
    env = production_env(
        DJANGO_SECURE_SSL_REDIRECT="false", DJANGO_HSTS_SECONDS="0", DJANGO_SECURE_COOKIES="false"
    )

    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr, result.stderr


def test_production_defaults_are_https_only_behind_the_proxy():
    values = production_settings(
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_PROXY_SSL_HEADER",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_REDIRECT_EXEMPT",
        "DEBUG",
    )

    assert values == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_REDIRECT_EXEMPT": ["^health/"],
        "DEBUG": False,
    }


def test_each_https_setting_follows_its_variable():
    values = production_settings(
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_PROXY_SSL_HEADER",
        "SESSION_COOKIE_SECURE",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_HSTS_SECONDS="600",
        DJANGO_PROXY_SSL_HEADER="X-Forwarded-Scheme",
        DJANGO_SECURE_COOKIES="false",
    )
    without_proxy = production_settings("SECURE_PROXY_SSL_HEADER", DJANGO_PROXY_SSL_HEADER="")

    assert values == {
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 600,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_SCHEME", "https"],
        "SESSION_COOKIE_SECURE": False,
    }
    assert without_proxy == {"SECURE_PROXY_SSL_HEADER": None}


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["DJANGO_SECRET_KEY"]

    result = manage("check", env=env)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_the_readme_lists_every_production_variable():
    read_by_settings = {name for path in SETTINGS_FILES for name in ENV_READ.findall(path.read_text())}
    read_by_script = set(SCRIPT_VARIABLE.findall(PORTAL.read_text()))
    section = readme_section("Production environment")
    documented = set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", section, flags=re.M))

    missing = (read_by_settings | read_by_script | set(REQUIRED_PRODUCTION_VARIABLES)) - documented

    assert {"DJANGO_SECURE_SSL_REDIRECT", "DJANGO_HSTS_SECONDS", "DJANGO_REQUIRE_2FA"} <= documented
    assert not missing, f"document these in the README's 'Production environment' table: {sorted(missing)}"
