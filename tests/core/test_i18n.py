"""Translation catalogues: complete, consistent with the source, and used by the pages.

The source language is Chinese (msgids are Chinese); locale/en holds the English, locale/zh_Hans
repeats each msgid so that the catalogue is complete. `make messages-update` re-extracts and compiles.
"""

import contextlib
import datetime
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
BASE_DIR = Path(settings.BASE_DIR)
LOCALE_DIR = BASE_DIR / "locale"
LANGUAGES = {
    # locale directory: (Language header, Plural-Forms header)
    "en": ("en", "nplurals=2; plural=(n != 1);"),
    "zh_Hans": ("zh_Hans", "nplurals=1; plural=0;"),
}
# The same options as `make messages-update`.
MAKEMESSAGES_ARGS = ["--ignore=.venv", "--ignore=static/vendor", "--ignore=tests", "--no-obsolete"]
GETTEXT_TOOLS = ("xgettext", "msgmerge", "msguniq")

# %(name)s-style python-format placeholders, and {{ name }} / {name} template or str.format ones.
PERCENT_PLACEHOLDER = re.compile(r"%\((\w+)\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
BRACE_PLACEHOLDER = re.compile(r"\{\{\s*([\w.]+)\s*\}\}|(?<!\{)\{(\w*)\}(?!\})")


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "django.po"


def catalogue(lang: str) -> polib.POFile:
    return polib.pofile(str(po_path(lang)))


def live_entries(po: polib.POFile) -> list[polib.POEntry]:
    return [e for e in po if not e.obsolete]


def msgstrs(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def placeholders(text: str) -> set[str]:
    found = {f"%({m.group(1)}){m.group(0)[-1]}" for m in PERCENT_PLACEHOLDER.finditer(text)}
    for m in BRACE_PLACEHOLDER.finditer(text):
        found.add(f"{{{{ {m.group(1)} }}}}" if m.group(1) else f"{{{m.group(2)}}}")
    return found


def entry_key(entry: polib.POEntry) -> tuple[str, str]:
    return (entry.msgctxt or "", entry.msgid)


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogues():
    """The pages need the .mo files (git-ignored, built by `make messages`): build them if missing or
    older than their .po, then drop Django's cached translations so the fresh ones are read."""
    stale = [
        lang
        for lang in LANGUAGES
        if po_path(lang).exists()
        and (
            not po_path(lang).with_suffix(".mo").exists()
            or po_path(lang).with_suffix(".mo").stat().st_mtime < po_path(lang).stat().st_mtime
        )
    ]
    for lang in stale:
        catalogue(lang).save_as_mofile(str(po_path(lang).with_suffix(".mo")))
    if stale:
        trans_real._translations = {}
        trans_real._default = None
        # lru_cache'd in Django; guard in case a wrapper hides the cache
        getattr(trans_real.check_for_language, "cache_clear", lambda: None)()
    yield


# --- (a) the catalogues exist and are complete ------------------------------------------------


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_catalogue_exists_with_utf8_and_plural_headers(lang):
    assert po_path(lang).exists(), f"{po_path(lang)} is missing: run `make messages-update`"
    po = catalogue(lang)
    language, plural_forms = LANGUAGES[lang]
    assert po.metadata.get("Language") == language
    assert "charset=UTF-8" in po.metadata.get("Content-Type", "")
    assert po.metadata.get("Plural-Forms") == plural_forms
    assert not po.metadata_is_fuzzy, "the header is still marked fuzzy"
    assert live_entries(po), "the catalogue has no entries"


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_every_entry_translated_and_not_fuzzy(lang):
    po = catalogue(lang)
    untranslated = [e.msgid for e in live_entries(po) if not all(msgstrs(e)) or not msgstrs(e)]
    fuzzy = [e.msgid for e in live_entries(po) if "fuzzy" in e.flags]
    assert not untranslated, f"{lang}: {len(untranslated)} untranslated: {untranslated[:20]}"
    assert not fuzzy, f"{lang}: {len(fuzzy)} fuzzy (check the translation, then drop the flag): {fuzzy[:20]}"


def test_chinese_catalogue_repeats_the_source():
    wrong = [e.msgid for e in live_entries(catalogue("zh_Hans")) if any(s != e.msgid for s in msgstrs(e))]
    assert not wrong, f"zh_Hans msgstr must equal msgid: {wrong[:20]}"


def test_english_catalogue_is_english():
    cjk = re.compile(r"[\u4e00-\u9fff]")
    # A few msgstrs quote Chinese on purpose: words of the policy text, the Excel sheet name and the
    # unit values of the programme file, which are data the user types or reads in Chinese.
    quoted = re.compile(r"“[^”]*”|万元|个")
    leftover = [
        e.msgid
        for e in live_entries(catalogue("en"))
        if any(cjk.search(quoted.sub("", s)) for s in msgstrs(e))
    ]
    assert not leftover, f"English msgstrs that still contain Chinese: {leftover[:20]}"


# --- (b) placeholders survive translation -------------------------------------------------------


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_placeholders_match(lang):
    mismatched = []
    for entry in live_entries(catalogue(lang)):
        expected = placeholders(entry.msgid)
        for text in msgstrs(entry):
            if placeholders(text) != expected:
                mismatched.append((entry.msgid, sorted(expected), sorted(placeholders(text))))
    assert not mismatched, f"{lang}: placeholders differ: {mismatched[:10]}"


def test_english_python_format_strings_format():
    """Each English msgstr with named placeholders formats with them (no stray % or missing key)."""
    failures = []
    for entry in live_entries(catalogue("en")):
        names = set(PERCENT_PLACEHOLDER.findall(entry.msgid))
        if not names and "python-format" not in entry.flags:
            continue
        values = {name: 1 for name in names}
        for text in msgstrs(entry):
            try:
                text % values
            except (KeyError, ValueError, TypeError) as exc:
                failures.append((entry.msgid, repr(exc)))
    assert not failures, failures


# --- (c) no source string is missing from the catalogues ----------------------------------------
SKIP_DIRS = {
    ".venv",
    ".git",
    "node_modules",
    "__pycache__",
    "staticfiles",
    "media",
    "private_media",
    "test-artifacts",
    ".pytest_cache",
    "tests",
    "vendor",
}
SOURCE_SUFFIXES = {".py", ".html", ".txt", ".po"}


def _copy_sources(src: Path, dst: Path) -> None:
    """The .py, .html, .txt files and the catalogues of the project: what makemessages reads."""
    for dirpath, dirnames, filenames in os.walk(src):
        dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS and not d.startswith(".")]
        target = dst / Path(dirpath).relative_to(src)
        for name in filenames:
            if Path(name).suffix not in SOURCE_SUFFIXES:
                continue
            target.mkdir(parents=True, exist_ok=True)
            # A file removed while we walk is not part of the source any more.
            with contextlib.suppress(FileNotFoundError):
                shutil.copy2(Path(dirpath) / name, target / name)


def test_makemessages_finds_nothing_new(tmp_path):
    """Re-extract the strings of the current source into a copy of the project; every msgid found
    must already be in the committed catalogues. A new _("…") or {% translate %} without a
    translation fails here: run `make messages-update` and translate the new entries."""
    missing_tools = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
    if missing_tools:
        message = f"GNU gettext tools missing: {', '.join(missing_tools)} (apt-get install gettext)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)

    # A copy of the sources makemessages reads, so that the committed catalogues are never written by
    # the test (and other files changing meanwhile cannot break the copy).
    copy = tmp_path / "project"
    _copy_sources(BASE_DIR, copy)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PYTHONPATH", None)
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            *[f"-l{lang}" for lang in LANGUAGES],
            *MAKEMESSAGES_ARGS,
        ],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr

    for lang in LANGUAGES:
        extracted_po = polib.pofile(str(copy / "locale" / lang / "LC_MESSAGES" / "django.po"))
        extracted = {entry_key(e) for e in live_entries(extracted_po)}
        committed = {entry_key(e) for e in live_entries(catalogue(lang))}
        assert extracted, f"{lang}: makemessages extracted nothing (did it run in the copy?)"
        missing = sorted(extracted - committed)
        assert not missing, (
            f"{lang}: {len(missing)} source string(s) not in locale/{lang}: {[m[1] for m in missing[:20]]} — "
            "run `make messages-update` and translate them"
        )


# --- (d) the pages come in the requested language -----------------------------------------------


@pytest.mark.django_db
def test_login_page_defaults_to_chinese(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-CN">' in html
    assert "登录" in html
    assert "Sign in" not in html


@pytest.mark.django_db
def test_login_page_in_english_from_accept_language(client):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Sign in" in html
    assert "Industry Cultivation" in html
    assert "登录" not in html


@pytest.mark.django_db
def test_language_cookie_and_switcher_choose_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Sign in" in client.get(reverse("accounts:login")).content.decode()

    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
    assert "登录" in client.get(reverse("accounts:login")).content.decode()
    # The menu's language select posts to Django's set_language view.
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("accounts:login")})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "Sign in" in client.get(reverse("accounts:login")).content.decode()


@pytest.mark.django_db
def test_signed_in_pages_in_english(client_for, office_user):
    client = client_for(office_user)
    html = client.get(reverse("enterprises:list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Enterprise directory" in html  # the menu and the heading
    assert "Credit overview" in html  # another menu item (the audit log is the audit administrator's)
    assert "企业名录" not in html


def test_gettext_override():
    with translation.override("en"):
        assert translation.gettext("企业名录") == "Enterprise directory"
        assert translation.gettext("培育库") == "Cultivation pool"
    with translation.override("zh-hans"):
        assert translation.gettext("企业名录") == "企业名录"


# --- (e) dates as Chinese officials write them ---------------------------------------------------


@pytest.mark.django_db
def test_dates_formatted_per_language(client_for, office_user, enterprise):
    enterprise.established_on = datetime.date(2026, 11, 28)
    enterprise.save(update_fields=["established_on"])
    client = client_for(office_user)
    url = reverse("enterprises:detail", args=[enterprise.pk])

    assert "2026年11月28日" in client.get(url).content.decode()
    assert "28 Nov 2026" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
