"""docker-compose.yml and the Dockerfile run bin/portal's subcommands and nothing else, the ones
the stack of tests/deploy/conftest.py runs: the tested commands and the deployed ones cannot drift apart."""

import re
import subprocess

import yaml

from tests.deploy.support import PORTAL, ROOT

IMAGE_PORTAL = "/app/bin/portal"


def test_every_compose_service_of_the_portal_runs_bin_portal():
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]

    for name in ("web", "worker", "beat"):
        assert services[name]["command"] == [IMAGE_PORTAL, name]
        assert services[name]["healthcheck"]["test"] == ["CMD", IMAGE_PORTAL, "healthcheck", name]


def test_the_image_builds_and_starts_through_bin_portal():
    dockerfile = (ROOT / "Dockerfile").read_text()

    assert re.search(r"^\s+&& DJANGO_SECRET_KEY=\S+ bin/portal build \\$", dockerfile, flags=re.M)
    assert 'CMD ["/app/bin/portal", "web"]' in dockerfile
    assert "gunicorn" not in dockerfile.split("CMD", 1)[1]


def test_an_unknown_subcommand_is_refused_with_the_usage():
    result = subprocess.run([str(PORTAL), "serve"], capture_output=True, text=True, timeout=30)

    assert result.returncode == 2
    assert "bin/portal web [ARGS]" in result.stderr
