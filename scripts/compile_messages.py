"""Compile locale/*/LC_MESSAGES/*.po into .mo files with polib, for machines without GNU gettext.

`make` prefers Django's compilemessages (which needs `msgfmt`, from apt's gettext) and falls back to
this, so `make run` and `make test` work on a fresh machine with Python alone. Like msgfmt, only
translated, non-fuzzy entries go into the .mo file.
"""

from pathlib import Path

import polib


def main() -> None:
    root = Path(__file__).resolve().parent.parent / "locale"
    for po_path in sorted(root.glob("*/LC_MESSAGES/*.po")):
        catalogue = polib.pofile(str(po_path))
        catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
        print(f"compiled {po_path.relative_to(root.parent)} ({catalogue.percent_translated()}%)")


if __name__ == "__main__":
    main()
