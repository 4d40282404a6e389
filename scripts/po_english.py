"""Complete the English catalogue: message ids are English, so each empty msgstr takes its msgid.

Run by `make messages` after makemessages, so the English catalogue is always complete and a
reviewer can still override any wording there.
"""

from pathlib import Path

import polib

PATH = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


def main() -> None:
    catalogue = polib.pofile(str(PATH), wrapwidth=0)
    # A fuzzy entry holds msgmerge's guess from a similar message: replace it too.
    for entry in catalogue.untranslated_entries() + catalogue.fuzzy_entries():
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    catalogue.save(str(PATH))


if __name__ == "__main__":
    main()
