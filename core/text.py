"""Text people type, made safe to show and to send on."""

import unicodedata

# Unicode categories dropped from a single line: format characters (bidi overrides and isolates,
# zero-width spaces and joiners, the byte-order mark), surrogates, private use, unassigned.
_INVISIBLE = {"Cf", "Cs", "Co", "Cn"}
# Categories that break a line (CR, LF, tab and the other control characters, the Unicode line and
# paragraph separators): each becomes a space.
_BREAKING = {"Cc", "Zl", "Zp"}


def single_line(value: str) -> str:
    """`value` as one line of visible text, without runs of spaces, and without control or
    invisible characters: a right-to-left override (U+202E) makes "<U+202E>fdp.exe" read as
    "exe.pdf", and a CR/LF starts a new line in an e-mail or a log. Letters, digits, marks and
    punctuation of any script are kept."""
    kept = []
    for char in value:
        category = unicodedata.category(char)
        if category in _BREAKING:
            kept.append(" ")
        elif category not in _INVISIBLE:
            kept.append(char)
    return " ".join("".join(kept).split())
