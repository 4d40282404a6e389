"""What a PDF may carry: pages, text, images, bookmarks, links to its own pages. Nothing that acts.

A PDF viewer runs actions from many places: the document's open action and the chain of actions
that follows each one (`/Next`, a dictionary or an array), bookmarks, pages, annotations, form
fields at every level of their tree, and the additional-actions dictionaries (`/AA`) of the
document, its pages, annotations and fields. Every one of them is walked here and every action but
an internal jump (`/GoTo`) is refused: scripts, launching programs, opening other files or web
addresses (a `javascript:` URI, a Windows share that leaks the reader's password hash), submitting
forms, playing media.

Cost stays bounded whatever the file claims: the page tree's `/Count` is read before any page, the
walk stops one page past the limit (a `/Count` can lie), no object is walked more than once in the
same role (cycles in `/Next`, `/Kids` or `/Parent` end there), and at most `max_objects` objects
are read from the file.
pypdf decodes names, so `/J#61vaScript` is `/JavaScript` here.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NullObject

# The only action kept: a jump to a page of the same document (bookmarks, table of contents).
ALLOWED_ACTION = "/GoTo"
# Actions that run code or content; any other action is a link out (web, file, form post).
SCRIPT_ACTIONS = {
    "/JavaScript",
    "/Launch",
    "/ImportData",
    "/Rendition",
    "/GoToE",
    "/RichMediaExecute",
    "/Movie",
    "/Sound",
}
# Annotations that carry files, media or 3D content with scripts of its own.
REFUSED_ANNOTATIONS = {"/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia", "/3D"}
# Entries of the document's name tree that hold scripts or files.
REFUSED_NAMES = {"/JavaScript", "/EmbeddedFiles", "/AlternatePresentations", "/Renditions"}


class PdfRefused(Exception):
    """The PDF is refused; `code` is a key of tawasul.uploads.MESSAGES."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


class _Walk:
    """One pass over a document. `seen` is kept per role: an object met as a bookmark is still
    checked as an action when something also uses it as one."""

    def __init__(self, reader: PdfReader, max_pages: int, max_objects: int):
        self.reader = reader
        self.max_pages = max_pages
        self.max_objects = max_objects
        self.visited = 0
        self.seen: dict[str, set[tuple[int, int]]] = {}

    def first_time(self, ref, role: str) -> bool:
        """True the first time the object `ref` points to is met in `role` (direct objects have
        no identity: they are always new, and cannot form a cycle)."""
        if not isinstance(ref, IndirectObject):
            return True
        seen = self.seen.setdefault(role, set())
        key = (ref.idnum, ref.generation)
        if key in seen:
            return False
        seen.add(key)
        return True

    def resolve(self, obj, role: str | None = None):
        """The object behind `obj`; None when it is null, or was already walked in `role`."""
        if role is not None and not self.first_time(obj, role):
            return None
        if isinstance(obj, IndirectObject):
            # Reading an object from the file is what costs (a direct one came with its holder).
            self.visited += 1
            if self.visited > self.max_objects:
                raise PdfRefused("pdf_complex")
            obj = obj.get_object()
        if obj is None or isinstance(obj, NullObject):
            return None
        return obj

    def dictionary(self, obj, role: str | None = None) -> DictionaryObject | None:
        obj = self.resolve(obj, role)
        return obj if isinstance(obj, DictionaryObject) else None

    def actions(self, start) -> None:
        """Refuse unless `start` (an action, or an array of them) and every action chained after
        it by `/Next` is an internal jump."""
        stack = [start]
        while stack:
            item = self.resolve(stack.pop(), "action")
            if isinstance(item, ArrayObject):
                stack.extend(item)
                continue
            if not isinstance(item, DictionaryObject):
                continue
            kind = self.resolve(item.get("/S"))
            if kind != ALLOWED_ACTION:
                script = isinstance(kind, str) and kind in SCRIPT_ACTIONS
                raise PdfRefused("pdf_active" if script else "pdf_links")
            if "/Next" in item:
                stack.append(item.get("/Next"))

    def triggers(self, holder: DictionaryObject) -> None:
        """The action (`/A`) and the additional actions (`/AA`: on open, close, keystroke…) of a
        document, page, annotation or field."""
        if "/A" in holder:
            self.actions(holder.get("/A"))
        additional = self.dictionary(holder.get("/AA"))
        if additional is not None:
            for trigger in additional.values():
                self.actions(trigger)

    def pages(self, catalog: DictionaryObject) -> Iterator[DictionaryObject]:
        """Each page once, after refusing a tree that claims or holds more than `max_pages`."""
        root = self.dictionary(catalog.get("/Pages"))
        if root is None:
            raise PdfRefused("pdf_broken")
        claimed = self.resolve(root.get("/Count"))
        if not isinstance(claimed, int) or claimed < 1:
            raise PdfRefused("pdf_broken")
        if claimed > self.max_pages:
            raise PdfRefused("pdf_pages")
        counted = 0
        stack = [catalog.get("/Pages")]
        while stack:
            ref = stack.pop()
            node = self.dictionary(ref)
            if node is None:
                continue
            if "/Kids" in node:
                # An inner node met twice is a cycle: stop there.
                if not self.first_time(ref, "page_tree"):
                    continue
                kids = self.resolve(node.get("/Kids"))
                if isinstance(kids, ArrayObject):
                    stack.extend(reversed(kids))
                continue
            # A page listed twice is shown twice: it counts twice, and is looked at once.
            counted += 1
            if counted > self.max_pages:
                raise PdfRefused("pdf_pages")
            if self.first_time(ref, "page"):
                yield node
        if counted == 0:
            raise PdfRefused("pdf_broken")

    def annotations(self, page: DictionaryObject) -> None:
        annotations = self.resolve(page.get("/Annots"))
        if not isinstance(annotations, ArrayObject):
            return
        for ref in annotations:
            annotation = self.dictionary(ref, "annotation")
            if annotation is None:
                continue
            if self.resolve(annotation.get("/Subtype")) in REFUSED_ANNOTATIONS:
                raise PdfRefused("pdf_active")
            self.triggers(annotation)
            # A widget's field is its parent: its actions run for the widget too, whether or not
            # the field is listed in the form.
            if "/Parent" in annotation:
                self.fields([annotation.get("/Parent")])

    def fields(self, start: list) -> None:
        """Form fields, up (`/Parent`) and down (`/Kids`) their tree, each once."""
        stack = list(start)
        while stack:
            field = self.dictionary(stack.pop(), "field")
            if field is None:
                continue
            self.triggers(field)
            kids = self.resolve(field.get("/Kids"))
            if isinstance(kids, ArrayObject):
                stack.extend(kids)
            if "/Parent" in field:
                stack.append(field.get("/Parent"))

    def outlines(self, catalog: DictionaryObject) -> None:
        """Bookmarks: the tree of `/First` children and `/Next` siblings, each item once."""
        root = self.dictionary(catalog.get("/Outlines"))
        if root is None:
            return
        stack = [root.get("/First")]
        while stack:
            item = self.dictionary(stack.pop(), "outline")
            if item is None:
                continue
            if "/A" in item:
                self.actions(item.get("/A"))
            stack.extend(item.get(key) for key in ("/First", "/Next") if key in item)

    def document(self) -> None:
        catalog = self.dictionary(self.reader.trailer.get("/Root"))
        if catalog is None:
            raise PdfRefused("pdf_broken")
        # The page count first: what it costs to walk the rest depends on it.
        pages = self.pages(catalog)
        first_page = next(pages)  # reads /Count; the generator refuses an empty tree itself
        names = self.dictionary(catalog.get("/Names"))
        if names is not None and REFUSED_NAMES.intersection(names):
            raise PdfRefused("pdf_active")
        form = self.dictionary(catalog.get("/AcroForm"))
        if form is not None:
            if "/XFA" in form:
                raise PdfRefused("pdf_active")
            fields = self.resolve(form.get("/Fields"))
            if isinstance(fields, ArrayObject):
                self.fields(list(fields))
        open_action = self.resolve(catalog.get("/OpenAction"))
        # An array is a destination (the page to open at); a dictionary is an action.
        if isinstance(open_action, DictionaryObject):
            self.actions(catalog.get("/OpenAction"))
        self.triggers(catalog)
        self.outlines(catalog)
        for page in itertools.chain([first_page], pages):
            self.triggers(page)
            self.annotations(page)


def pdf_check_structure(reader: PdfReader, *, max_pages: int, max_objects: int) -> None:
    """Raise PdfRefused unless the document has 1 to `max_pages` pages and no action but internal
    jumps, no scripts, embedded files, media or XFA form anywhere, found reading at most
    `max_objects` objects."""
    _Walk(reader, max_pages, max_objects).document()
