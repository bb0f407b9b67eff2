"""Read a marked-up Word draft (.docx) safely: its paragraphs with their tracked changes
(insertions, deletions, moves, formatting changes; author and date), the hidden bookmarks the
Word export put round each answer, and the Word comments with their replies.

The file is untrusted: the ZIP is checked before anything is inflated (members, declared sizes,
compression ratios, and a hard cap while reading), and XML is parsed by lxml without a DTD, with
entities left unresolved and no network; a part that declares a DTD or an entity is refused
outright (no Word part has one). A part that cannot be read is skipped and named in
`DraftDocument.skipped`; the file is refused only when the document body itself cannot be read.
"""
from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from lxml import etree

from storage.errors import UnreadableFile
from storage.worddraft.styles import ListPlace, Styles, flags_of

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"

MAX_FILE = 100 * 2**20  # the .docx itself
MAX_MEMBERS = 2000
MAX_PART = 64 * 2**20  # one part, inflated
MAX_TOTAL = 256 * 2**20  # every part, inflated
MAX_RATIO = 200  # inflated / compressed, for parts over 1 MiB

State = Literal["same", "ins", "del"]
ChangeKind = Literal["insertion", "deletion", "move", "formatting", "paragraph"]


class DraftError(UnreadableFile):
    """A Word draft could not be read (not a .docx, damaged, encrypted, or hostile)."""


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


@dataclass(frozen=True)
class Piece:
    """A stretch of a paragraph's text and whether a tracked change inserted or deleted it."""

    text: str
    state: State = "same"
    author: str = ""
    date: str = ""  # UTC ISO-8601, "" when the file gives none or a bad one
    moved: bool = False
    bold: bool = False  # as it stands with tracked formatting changes accepted
    italic: bool = False
    underline: bool = False


@dataclass(frozen=True)
class Change:
    """One tracked change, as Word lists it."""

    kind: ChangeKind
    author: str
    date: str
    text: str  # the words it touches ("" for a paragraph mark)


@dataclass
class Paragraph:
    pieces: list[Piece] = field(default_factory=list)
    bookmarks: set[str] = field(default_factory=set)  # open anywhere over this paragraph
    comments: list[str] = field(default_factory=list)  # Word comment ids anchored here
    changes: list[Change] = field(default_factory=list)
    mark: State = "same"  # the paragraph mark: inserted (a split) or deleted (a join)
    bold: bool = False  # every visible run is bold
    underline: bool = False
    list_place: ListPlace | None = None  # a list item's kind, level and list

    @property
    def list_item(self) -> bool:
        return self.list_place is not None

    def text(self, accepted: bool = True) -> str:
        """The paragraph with every change accepted (or, `accepted=False`, rejected)."""
        gone = "del" if accepted else "ins"
        return "".join(p.text for p in self.pieces if p.state != gone)


@dataclass(frozen=True)
class WordComment:
    id: str
    author: str
    initials: str
    date: str
    text: str
    parent_id: str | None = None  # the comment this one replies to
    done: bool = False  # marked resolved in Word


@dataclass
class DraftDocument:
    name: str
    paragraphs: list[Paragraph]
    comments: dict[str, WordComment]
    skipped: list[str]  # what could not be read, in plain words


# -- the package --------------------------------------------------------------------------------

def read_draft(path: Path | str) -> DraftDocument:
    """Read a .docx; raise `DraftError` with a plain message when it cannot be read at all."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE:
            raise DraftError(f"{path.name} is {size // 2**20} MB; a Word draft this large is "
                             "not read. Save the letter alone as .docx and import that.")
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as error:
        raise DraftError(f"{path} could not be read ({error.strerror or error}). Check the "
                         "file and try again.") from error
    _refuse_other_formats(path, head)
    try:
        with zipfile.ZipFile(path) as package:
            return _read_package(path, package)
    except zipfile.BadZipFile as error:
        raise DraftError(f"{path.name} is damaged: its ZIP structure cannot be read ({error}). "
                         "Open it in Word, save it again as .docx, and import that.") from error


def _refuse_other_formats(path: Path, head: bytes) -> None:
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE compound file
        data = path.read_bytes()
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise DraftError(f"{path.name} is password-protected. Remove the password in "
                             "Word (File ▸ Info ▸ Protect Document), save, and import again.")
        raise DraftError(f"{path.name} is an old Word 97–2003 document (.doc). Save it as "
                         "Word Document (.docx) and import that.")
    if not head.startswith(b"PK"):
        raise DraftError(f"{path.name} is not a Word document (.docx). Save the draft from "
                         "Word as .docx and import that.")


def _read_package(path: Path, package: zipfile.ZipFile) -> DraftDocument:
    members = package.infolist()
    if len(members) > MAX_MEMBERS:
        raise DraftError(f"{path.name} holds {len(members)} parts; a Word draft has a few "
                         "dozen. It was not read.")
    total = sum(m.file_size for m in members)
    if total > MAX_TOTAL:
        raise DraftError(f"{path.name} would inflate to {total // 2**20} MB; it was refused "
                         "before inflating (a ZIP bomb, or not a letter).")
    names = {m.filename for m in members}
    if "mimetype" in names and b"opendocument" in _part(package, "mimetype", path):
        raise DraftError(f"{path.name} is an OpenDocument file (.odt). In LibreOffice choose "
                         "File ▸ Save As ▸ Word 2007–365 (.docx) and import that.")
    main = _main_part(package, path, names)
    if main is None:
        raise DraftError(f"{path.name} is a ZIP file but not a Word document (it has no "
                         "document part). Save the draft from Word as .docx.")
    skipped: list[str] = []
    body = _xml(package, main, path, skipped, required=True)
    assert body is not None
    related = _related(package, main, path, skipped)
    comments = _comments(package, related, path, skipped)
    styles = Styles.read(*(_xml(package, related[kind], path, skipped)
                           if related.get(kind) in names else None
                           for kind in ("styles", "numbering")))
    paragraphs = _Walker(styles).read(body)
    return DraftDocument(path.name, paragraphs, comments, skipped)


def _part(package: zipfile.ZipFile, name: str, path: Path) -> bytes:
    """A member's bytes, refused before inflating when its declared size or ratio is out of
    bounds, and cut off while inflating if it lied about its size."""
    info = package.getinfo(name)
    if info.file_size > MAX_PART or (info.file_size > 2**20 and info.file_size >
                                     MAX_RATIO * max(info.compress_size, 1)):
        raise DraftError(f"{path.name}: its part {name} would inflate to "
                         f"{info.file_size // 2**20} MB from {info.compress_size // 1024} KB; "
                         "it was refused before inflating (a ZIP bomb, or not a letter).")
    try:
        with package.open(info) as stream:
            data = stream.read(MAX_PART + 1)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise DraftError(f"{path.name} is damaged: its part {name} cannot be read "
                         f"({error}).") from error
    if len(data) > MAX_PART:
        raise DraftError(f"{path.name}: its part {name} inflates past "
                         f"{MAX_PART // 2**20} MB; refused (a ZIP bomb).")
    return data


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                          huge_tree=False, remove_comments=True)
_RECOVER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False, remove_comments=True, recover=True)


def _xml(package: zipfile.ZipFile, name: str, path: Path, skipped: list[str], *,
         required: bool = False) -> etree._Element | None:
    try:
        data = _part(package, name, path)
    except KeyError:
        if required:
            raise DraftError(f"{path.name} has no {name}; it is not a whole Word "
                             "document.") from None
        return None
    except DraftError:
        if required:
            raise
        skipped.append(f"{name}: could not be read, so what it holds was left out")
        return None
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise DraftError(f"{path.name}: its part {name} declares a DTD or entities, which no "
                         "Word document does; refused (an XML entity bomb, or not a letter).")
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as error:
        try:
            root = etree.fromstring(data, _RECOVER)
        except etree.XMLSyntaxError:
            root = None
        if root is None:
            if required:
                raise DraftError(f"{path.name} is damaged: {name} is not well-formed XML "
                                 f"({error}). Open it in Word, save again, and import "
                                 "that.") from error
            skipped.append(f"{name}: damaged XML ({error}); what it holds was left out")
            return None
        skipped.append(f"{name}: damaged XML ({error}); read up to the damage only")
        return root


def _main_part(package: zipfile.ZipFile, path: Path, names: set[str]) -> str | None:
    if "_rels/.rels" in names:
        rels = _xml(package, "_rels/.rels", path, [])
        if rels is not None:
            for rel in rels.iter(f"{{{REL}}}Relationship"):
                if rel.get("Type", "").endswith("/officeDocument"):
                    target = rel.get("Target", "").lstrip("/")
                    if target in names:
                        return target
    return "word/document.xml" if "word/document.xml" in names else None


def _related(package: zipfile.ZipFile, main: str, path: Path, skipped: list[str]
             ) -> dict[str, str]:
    """The main part's related parts by the last word of their type ("comments"…)."""
    folder, base = posixpath.split(main)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    if rels_name not in package.namelist():
        return {}
    rels = _xml(package, rels_name, path, skipped)
    found: dict[str, str] = {}
    for rel in [] if rels is None else rels.iter(f"{{{REL}}}Relationship"):
        kind = rel.get("Type", "").rsplit("/", 1)[-1]
        target = posixpath.normpath(posixpath.join(folder, rel.get("Target", "")))
        found[kind] = target.lstrip("/")
    return found


def word_date(value: str | None) -> str:
    """A Word date as UTC ISO-8601; "" for none or a bad one (LibreOffice writes 0-00-00)."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat()


# -- comments -----------------------------------------------------------------------------------

def _comments(package: zipfile.ZipFile, related: dict[str, str], path: Path,
              skipped: list[str]) -> dict[str, WordComment]:
    name = related.get("comments")
    if not name or name not in package.namelist():
        return {}
    root = _xml(package, name, path, skipped)
    if root is None:
        return {}
    extended = _extended(package, related, path, skipped)
    by_para: dict[str, str] = {}
    raw: list[tuple[etree._Element, str]] = []
    for element in root.iter(_w("comment")):
        comment_id = element.get(_w("id"), "")
        paragraphs = element.findall(f".//{_w('p')}")
        if paragraphs:
            para_id = paragraphs[-1].get(f"{{{W14}}}paraId", "")
            if para_id:
                by_para[para_id] = comment_id
        raw.append((element, comment_id))
    out: dict[str, WordComment] = {}
    for element, comment_id in raw:
        paragraphs = element.findall(f".//{_w('p')}")
        text = "\n".join(_plain(p) for p in paragraphs).strip()
        para_id = paragraphs[-1].get(f"{{{W14}}}paraId", "") if paragraphs else ""
        parent_para, done = extended.get(para_id, ("", False))
        out[comment_id] = WordComment(
            comment_id, element.get(_w("author"), "") or "Unknown",
            element.get(_w("initials"), ""), word_date(element.get(_w("date"))), text,
            by_para.get(parent_para) if parent_para else None, done)
    return out


def _extended(package: zipfile.ZipFile, related: dict[str, str], path: Path,
              skipped: list[str]) -> dict[str, tuple[str, bool]]:
    """commentsExtended: a comment's paragraph id → (its parent's paragraph id, done)."""
    name = related.get("commentsExtended")
    if not name or name not in package.namelist():
        return {}
    root = _xml(package, name, path, skipped)
    if root is None:
        return {}
    return {e.get(f"{{{W15}}}paraId", ""): (e.get(f"{{{W15}}}paraIdParent", ""),
                                             e.get(f"{{{W15}}}done") in ("1", "true"))
            for e in root.iter(f"{{{W15}}}commentEx")}


def _plain(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(_w("t"), _w("delText")))


# -- the body -----------------------------------------------------------------------------------

_MARKS = {_w("ins"): "ins", _w("del"): "del", _w("moveTo"): "ins", _w("moveFrom"): "del"}


class _Walker:
    """The body's paragraphs in reading order (tables' and content controls' included), with
    the bookmarks open over each."""

    def __init__(self, styles: Styles) -> None:
        self.styles = styles
        self.paragraphs: list[Paragraph] = []
        self.open: dict[str, str] = {}  # bookmark id → name

    def read(self, root: etree._Element) -> list[Paragraph]:
        body = root.find(_w("body"))
        self._walk(root if body is None else body)
        return self.paragraphs

    def _walk(self, element: etree._Element) -> None:
        for child in element:
            tag = child.tag
            if tag == _w("p"):
                self.paragraphs.append(self._paragraph(child))
            elif tag == _w("bookmarkStart"):
                self.open[child.get(_w("id"), "")] = child.get(_w("name"), "")
            elif tag == _w("bookmarkEnd"):
                self._close(child)
            elif isinstance(tag, str) and tag != _w("sectPr"):
                self._walk(child)

    def _close(self, end: etree._Element) -> None:
        """End a bookmark, and any other start of the same name: LibreOffice writes an
        answer's bookmark that ends in a bulleted list as two starts and one end."""
        name = self.open.pop(end.get(_w("id"), ""), None)
        for mark in [k for k, v in self.open.items() if name is not None and v == name]:
            del self.open[mark]

    def _paragraph(self, p: etree._Element) -> Paragraph:
        para = Paragraph(bookmarks=set(self.open.values()))
        properties = p.find(_w("pPr"))
        para.list_place = self.styles.list_place(properties)
        style = properties.find(_w("pStyle")) if properties is not None else None
        base = self.styles.flags(style.get(_w("val"), "") if style is not None else "")
        if properties is not None:
            self._paragraph_properties(para, properties)
        visible: list[tuple[bool, bool]] = []
        for element in p.iter():
            tag = element.tag
            if tag == _w("bookmarkStart"):
                name = element.get(_w("name"), "")
                self.open[element.get(_w("id"), "")] = name
                para.bookmarks.add(name)
            elif tag == _w("bookmarkEnd"):
                self._close(element)
            elif tag in (_w("commentRangeStart"), _w("commentReference")):
                comment_id = element.get(_w("id"), "")
                if comment_id not in para.comments:
                    para.comments.append(comment_id)
            elif tag == _w("r"):
                self._run(para, element, p, visible, base)
        if visible:
            para.bold = all(b for b, _ in visible)
            para.underline = all(u for _, u in visible)
        return para

    def _paragraph_properties(self, para: Paragraph, properties: etree._Element) -> None:
        mark = properties.find(_w("rPr"))
        if mark is not None:
            for kind in ("ins", "del"):
                found = mark.find(_w(kind))
                if found is not None:
                    para.mark = kind  # type: ignore[assignment]
                    para.changes.append(Change("paragraph", found.get(_w("author"), ""),
                                               word_date(found.get(_w("date"))), ""))
        changed = properties.find(_w("pPrChange"))
        if changed is not None:
            para.changes.append(Change("formatting", changed.get(_w("author"), ""),
                                       word_date(changed.get(_w("date"))), ""))

    def _run(self, para: Paragraph, run: etree._Element, p: etree._Element,
             visible: list[tuple[bool, bool]], base: dict[str, bool]) -> None:
        state, author, date, moved = "same", "", "", False
        parent = run.getparent()
        while parent is not None and parent is not p:
            if parent.tag in _MARKS:
                state = _MARKS[parent.tag]
                author = parent.get(_w("author"), "")
                date = word_date(parent.get(_w("date")))
                moved = parent.tag in (_w("moveTo"), _w("moveFrom"))
                break
            parent = parent.getparent()
        text = "".join(_run_text(child) for child in run)
        if not text:
            return
        if state != "same":
            kind: ChangeKind = "move" if moved else (
                "insertion" if state == "ins" else "deletion")
            para.changes.append(Change(kind, author, date, text))
        properties = run.find(_w("rPr"))
        if properties is not None:
            changed = properties.find(_w("rPrChange"))
            if changed is not None:
                para.changes.append(Change("formatting", changed.get(_w("author"), ""),
                                           word_date(changed.get(_w("date"))), text))
            if state != "del" and text.strip():
                visible.append((_on(properties, "b"), _on(properties, "u")))
        elif state != "del" and text.strip():
            visible.append((False, False))
        look = self._look(properties, base)
        piece = Piece(text, state, author, date, moved, *look)  # type: ignore[arg-type]
        last = para.pieces[-1] if para.pieces else None
        if last is not None and replace(last, text="") == replace(piece, text=""):
            para.pieces[-1] = replace(last, text=last.text + text)
        else:
            para.pieces.append(piece)

    def _look(self, properties: etree._Element | None, base: dict[str, bool]
              ) -> tuple[bool, bool, bool]:
        """A run's bold, italic and underline: its paragraph's style, then its character
        style, then its own properties (as they are now: a tracked formatting change's old
        properties sit apart, in w:rPrChange)."""
        flags = dict(base)
        style = properties.find(_w("rStyle")) if properties is not None else None
        if style is not None:
            flags.update(self.styles.flags(style.get(_w("val"), "")))
        flags.update(flags_of(properties))
        return flags.get("b", False), flags.get("i", False), flags.get("u", False)


def _run_text(child: etree._Element) -> str:
    tag = child.tag
    if tag in (_w("t"), _w("delText")):
        return child.text or ""
    if tag in (_w("tab"), _w("ptab")):
        return "\t"
    if tag in (_w("br"), _w("cr")):
        return " "
    if tag == _w("noBreakHyphen"):
        return "-"
    return ""


def _on(properties: etree._Element, name: str) -> bool:
    found = properties.find(_w(name))
    if found is None:
        return False
    return found.get(_w("val"), "true").lower() not in ("0", "false", "none")
