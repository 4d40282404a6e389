"""Fill translations into a catalogue: `python scripts/po_fill.py ar < mapping.json`.

The JSON maps each English msgid to its translation (for plurals, a list of forms). Entries given
are written and un-fuzzied; everything else in the catalogue is left as it is.
"""

import json
import re
import sys
from pathlib import Path

import polib


def main() -> None:
    language = sys.argv[1]
    locale = Path(__file__).resolve().parent.parent / "locale"
    path = locale / language / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(path), wrapwidth=0)
    mapping = json.load(sys.stdin)
    plural_forms = catalogue.metadata.get("Plural-Forms", "")
    match = re.search(r"nplurals=(\d+)", plural_forms)
    nplurals = int(match.group(1)) if match else 0
    filled = 0
    for entry in catalogue:
        if entry.msgid not in mapping:
            continue
        value = mapping[entry.msgid]
        if entry.msgid_plural:
            forms = value if isinstance(value, list) else [value]
            # As many forms as the catalogue's header declares (six for Arabic), even where an
            # older entry was saved with fewer.
            count = max(nplurals, len(entry.msgstr_plural)) or len(forms)
            entry.msgstr_plural = {i: forms[min(i, len(forms) - 1)] for i in range(count)}
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        filled += 1
    catalogue.save(str(path))
    missing = [m for m in mapping if catalogue.find(m) is None]
    print(f"{filled} filled in {path.name} ({language}); not in catalogue: {missing[:10]}")


if __name__ == "__main__":
    main()
