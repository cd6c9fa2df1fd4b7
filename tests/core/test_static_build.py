"""`collectstatic` with the production storage, as the Dockerfile runs it: the vendored builds reference
source maps that are not shipped, which must not fail the build."""

import json

from django.core.management import call_command
from django.test import override_settings

PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "core.staticfiles.PortalStaticFilesStorage"},
}


def test_collectstatic_with_the_production_storage(tmp_path):
    from config.settings import base

    assert base.STORAGES["staticfiles"] == PRODUCTION_STORAGES["staticfiles"]
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=PRODUCTION_STORAGES):
        call_command("collectstatic", interactive=False, verbosity=0)

    paths = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    hashed_css = tmp_path / paths["vendor/bootstrap-icons/bootstrap-icons.min.css"]
    font = paths["vendor/bootstrap-icons/fonts/bootstrap-icons.woff2"].removeprefix("vendor/bootstrap-icons/")
    assert f'url("{font}?' in hashed_css.read_text()  # url() references are still rewritten to hashed names
    assert "vendor/bootstrap/bootstrap.bundle.min.js" in paths
    assert (tmp_path / (paths["vendor/bootstrap/bootstrap.bundle.min.js"] + ".gz")).exists()  # compressed
