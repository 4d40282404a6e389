"""Every string a user can see has its Arabic; the English catalogue knows every string too."""

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"


@pytest.mark.parametrize("language", ["ar", "en"])
def test_catalogue_has_no_untranslated_or_fuzzy_message(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not missing, f"{language}: no translation for {missing[:10]}"
    assert not fuzzy, f"{language}: fuzzy (unchecked) translations for {fuzzy[:10]}"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_catalogue_is_up_to_date_with_the_source(tmp_path):
    # A string added to the code without `make messages` would show in English to Arabic users.
    root = LOCALE.parent
    catalogue = polib.pofile(str(LOCALE / "ar" / "LC_MESSAGES" / "django.po"))
    known = {entry.msgid for entry in catalogue}
    pot = tmp_path / "source.pot"
    sources = subprocess.run(
        ["git", "ls-files", "*.py", "*.html", "*.txt"], cwd=root, capture_output=True, text=True
    ).stdout.split()
    sources = [
        s
        for s in sources
        if not s.startswith(("tests/", "bench/", "scripts/")) and "/migrations/" not in s
    ]
    assert sources
    python_files = [s for s in sources if s.endswith(".py")]
    subprocess.run(
        [
            "xgettext",
            "--from-code=UTF-8",
            "--language=Python",
            "--keyword=gettext_lazy",
            "--keyword=_",
            "--keyword=gettext",
            "--keyword=pgettext_lazy:1c,2",
            "--keyword=ngettext_lazy:1,2",
            "--keyword=ngettext:1,2",
            "-o",
            str(pot),
            *python_files,
        ],
        cwd=root,
        check=True,
        capture_output=True,
    )
    extracted = {entry.msgid for entry in polib.pofile(str(pot)) if entry.msgid}
    absent = sorted(extracted - known)
    assert not absent, f"run `make messages`: not in the catalogue: {absent[:10]}"
