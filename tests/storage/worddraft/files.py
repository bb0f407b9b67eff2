"""Marked-up Word drafts for the import tests, made three ways — none only by our exporter:

- `libreoffice_edit`: LibreOffice itself records counsel's edits as tracked changes (a Basic
  macro, `counsel_edits.xba`, run by headless soffice in a throwaway profile whose user is
  "Carla Counsel") and adds a dated Word comment; `lo_tracked.docx` is one such file, kept.
- `word_style`: our export edited in Word's own markup, by hand through lxml: a move
  (w:moveFrom/w:moveTo), a formatting change (w:rPrChange), an insertion and a deletion by two
  authors, a deleted paragraph mark (two paragraphs joined), and a Word comment with a reply
  (comments.xml and commentsExtended.xml, w14:paraId / w15:paraIdParent) marked done.
- `retyped`: a letter typed afresh in python-docx, with no tags: "Response to Comment N"
  headings, one heading numbered wrong (the recital decides), one without a number.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import docx
from lxml import etree

HERE = Path(__file__).resolve().parent
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
TEXTS = ("Tell us how you tested goodwill of the MNS reporting unit for impairment and whether "
         "it was at risk of failing step one.",
         "Explain the income tax effect of the reorganization for the year and where you "
         "disclosed it.",
         "Describe your reportable segments and how the chief operating decision maker "
         "reviews their results.")
DRAFTS = ("The unit passed step 1 by a wide margin.",
          "The tax effect for the year was immaterial.",
          "The Company has one reportable segment. The chief operating decision maker reviews "
          "consolidated results.")


def have_soffice() -> bool:
    return shutil.which("soffice") is not None


def _profile_free(profile: Path, wait_s: float = 30) -> None:
    """Wait for an earlier soffice on `profile` to let go of it: a second one started while it
    is still ending hands the macro over to it and exits, and the macro is lost with it (the
    "LibreOffice did not write the edited draft" seen about one run in four)."""
    lock = profile / "user" / ".lock"
    deadline = time.monotonic() + wait_s
    while lock.exists() and time.monotonic() < deadline:
        time.sleep(0.2)


def libreoffice_edit(source: Path, out: Path, profile: Path) -> Path:
    """Run the macro on `source` in LibreOffice, as Carla Counsel; write `out` (.docx)."""
    if not (profile / "user" / "basic" / "Standard").is_dir():
        subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
                        "--terminate_after_init"], capture_output=True, timeout=180,
                       check=True)
    shutil.copy(HERE / "counsel_edits.xba", profile / "user/basic/Standard/Module1.xba")
    registry = profile / "user" / "registrymodifications.xcu"
    text = registry.read_text("utf-8")
    if "Carla" not in text:
        names = "".join(
            f'<item oor:path="/org.openoffice.UserProfile/Data"><prop oor:name="{key}" '
            f'oor:op="fuse"><value>{value}</value></prop></item>\n'
            for key, value in (("givenname", "Carla"), ("sn", "Counsel"), ("initials", "CC")))
        registry.write_text(text.replace("</oor:items>", names + "</oor:items>"), "utf-8")
    for attempt in range(6):  # a fresh profile's first macro runs may end early
        _profile_free(profile)
        subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
                        f'macro:///Standard.Module1.Edit("{source}","{out}","Carla Counsel")'],
                       capture_output=True, timeout=180)
        if out.exists():
            break
        time.sleep(1 + attempt)
    if not out.exists():
        raise RuntimeError("LibreOffice did not write the edited draft")
    return out


def _q(name: str, ns: str = W) -> str:
    return f"{{{ns}}}{name}"


def _mark(kind: str, author: str, date: str, rev: int) -> etree._Element:
    element = etree.Element(_q(kind))
    element.set(_q("id"), str(rev))
    element.set(_q("author"), author)
    element.set(_q("date"), date)
    return element


def _run(text: str, deleted: bool = False) -> etree._Element:
    run = etree.Element(_q("r"))
    body = etree.SubElement(run, _q("delText" if deleted else "t"))
    body.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    body.text = text
    return run


def word_style(source: Path, out: Path) -> Path:
    """Edit the exported `source` in Word's markup (see the module docstring)."""
    with zipfile.ZipFile(source) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    answers = [p for p in root.iter(_q("p"))
               if any(b.get(_q("name"), "").startswith("_rj") for b in p.iter(_q("bookmarkStart")))]
    first, second, third = answers[:3]
    # 1: "wide margin" → "margin of 38%" by Dana (a deletion and an insertion); "passed" bolded
    _replace_in(first, "wide margin", [("del", "Dana Partner", "wide margin"),
                                       ("ins", "Dana Partner", "margin of 38%")])
    _bold_change(first, "passed", "Dana Partner")
    # 2: Ed deletes " for the year"; a comment by Dana with a reply by Ed, marked done
    _replace_in(second, " for the year", [("del", "Ed Auditor", " for the year")])
    _comment_on(second, "0")
    # 3: the second sentence moved in front of the first, and the paragraph split in two
    _move_sentence(third, "The chief operating decision maker reviews consolidated results. ",
                   "Ed Auditor")
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                                standalone=True)
    _add_comments(parts)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return out


_REV = iter(range(900, 10_000))
DATE1, DATE2 = "2026-11-30T09:15:00Z", "2026-12-01T16:40:00Z"


def _split_runs_at(p: etree._Element, phrase: str) -> tuple[etree._Element, etree._Element]:
    """Split the run holding `phrase` so that it is a run of its own; (before it, it)."""
    for run in p.iter(_q("r")):
        t = run.find(_q("t"))
        if t is None or not t.text or phrase not in t.text:
            continue
        head, tail = t.text.split(phrase, 1)
        t.text = head
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        middle, after = _run(phrase), _run(tail)
        properties = run.find(_q("rPr"))
        for new in (middle, after):
            if properties is not None:
                new.insert(0, etree.fromstring(etree.tostring(properties)))
        run.addnext(middle)
        middle.addnext(after)
        return run, middle
    raise ValueError(phrase)


def _replace_in(p: etree._Element, phrase: str, edits: list[tuple[str, str, str]]) -> None:
    _, middle = _split_runs_at(p, phrase)
    anchor = middle
    for kind, author, text in edits:
        mark = _mark(kind, author, DATE1 if author == "Dana Partner" else DATE2, next(_REV))
        mark.append(_run(text, deleted=kind == "del"))
        anchor.addnext(mark)
        anchor = mark
    middle.getparent().remove(middle)


def _bold_change(p: etree._Element, phrase: str, author: str) -> None:
    _, middle = _split_runs_at(p, phrase)
    properties = middle.find(_q("rPr"))
    if properties is None:
        properties = etree.Element(_q("rPr"))
        middle.insert(0, properties)
    etree.SubElement(properties, _q("b"))
    change = _mark("rPrChange", author, DATE1, next(_REV))
    etree.SubElement(change, _q("rPr"))
    properties.append(change)


def _comment_on(p: etree._Element, comment_id: str) -> None:
    runs = [r for r in p.iter(_q("r")) if r.getparent() is p]
    start = etree.Element(_q("commentRangeStart"))
    start.set(_q("id"), comment_id)
    runs[0].addprevious(start)
    end = etree.Element(_q("commentRangeEnd"))
    end.set(_q("id"), comment_id)
    runs[-1].addnext(end)
    reference = etree.Element(_q("r"))
    etree.SubElement(reference, _q("commentReference")).set(_q("id"), comment_id)
    end.addnext(reference)


def _move_sentence(p: etree._Element, sentence: str, author: str) -> None:
    """Move `sentence` to the start of the paragraph, and split the paragraph after it (an
    inserted paragraph mark)."""
    text = "".join(t.text or "" for t in p.iter(_q("t")))
    kept = text.replace(sentence.strip(), "").strip()
    for child in [c for c in p if c.tag in (_q("r"),)]:
        p.remove(child)
    bookmark = p.find(_q("bookmarkStart"))
    moved_to = _mark("moveTo", author, DATE2, next(_REV))
    moved_to.append(_run(sentence.strip()))
    moved_from = _mark("moveFrom", author, DATE2, next(_REV))
    moved_from.append(_run(" " + sentence.strip()))
    # a new paragraph holds the moved sentence; its mark is an inserted one
    new_p = etree.Element(_q("p"))
    properties = etree.SubElement(new_p, _q("pPr"))
    mark_props = etree.SubElement(properties, _q("rPr"))
    mark_props.append(_mark("ins", author, DATE2, next(_REV)))
    new_p.append(moved_to)
    p.addprevious(new_p)
    if bookmark is not None:
        new_p.insert(1, bookmark)
    p.append(_run(kept))
    p.append(moved_from)
    end = p.find(_q("bookmarkEnd"))
    if end is not None:
        p.remove(end)
        p.append(end)


def _add_comments(parts: dict[str, bytes]) -> None:
    ns = (f'xmlns:w="{W}" xmlns:w14="{W14}" xmlns:w15="{W15}"')
    parts["word/comments.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments {ns}>'
        f'<w:comment w:id="0" w:author="Dana Partner" w:initials="DP" w:date="{DATE1}">'
        '<w:p w14:paraId="1A2B3C4D"><w:r><w:t>Is the rate reconciliation consistent?</w:t>'
        '</w:r></w:p></w:comment>'
        f'<w:comment w:id="1" w:author="Ed Auditor" w:initials="EA" w:date="{DATE2}">'
        '<w:p w14:paraId="5E6F7A8B"><w:r><w:t>Yes; tied out to note 12.</w:t></w:r></w:p>'
        '</w:comment></w:comments>').encode()
    parts["word/commentsExtended.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w15:commentsEx {ns}>'
        '<w15:commentEx w15:paraId="1A2B3C4D" w15:done="1"/>'
        '<w15:commentEx w15:paraId="5E6F7A8B" w15:paraIdParent="1A2B3C4D" w15:done="1"/>'
        '</w15:commentsEx>').encode()
    rels = parts["word/_rels/document.xml.rels"].decode()
    base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    rels = rels.replace("</Relationships>",
                        f'<Relationship Id="rIdC1" Type="{base}/comments" Target="comments.xml"/>'
                        '<Relationship Id="rIdC2" Type="http://schemas.microsoft.com/office/'
                        '2011/relationships/commentsExtended" Target="commentsExtended.xml"/>'
                        "</Relationships>")
    parts["word/_rels/document.xml.rels"] = rels.encode()
    types = parts["[Content_Types].xml"].decode()
    word = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    types = types.replace("</Types>",
                          '<Override PartName="/word/comments.xml" '
                          f'ContentType="{word}.comments+xml"/>'
                          '<Override PartName="/word/commentsExtended.xml" ContentType='
                          f'"{word}.commentsExtended+xml"/></Types>')
    parts["[Content_Types].xml"] = types.encode()


def retyped(out: Path) -> Path:
    """The letter typed afresh: no tags; headings "Comment N."; comment 3's heading says 4 (its
    recital says which it is); the tax answer has no number and a paraphrased recital (fuzzy);
    a ninth comment that the staff never made cannot be mapped."""
    word = docx.Document()
    word.add_paragraph("Ladies and Gentlemen:")
    for number, text, answer in ((1, TEXTS[0], "The unit passed step one by 38 percent."),
                                 (4, TEXTS[2], "The Company has two reportable segments.")):
        word.add_paragraph().add_run(f"Comment {number}.").bold = True
        word.add_paragraph().add_run(text).bold = True
        word.add_paragraph().add_run("Response to Comment " + str(number) + ":").bold = True
        word.add_paragraph(answer)
    word.add_paragraph().add_run("Explain the tax effect of your reorganization in fiscal 2016 "
                                 "and where it is disclosed.").bold = True
    word.add_paragraph().add_run("Response:").bold = True
    word.add_paragraph("The tax effect was immaterial to fiscal 2016.")
    word.add_paragraph().add_run("Other matters").bold = True
    word.add_paragraph().add_run("Comment 9. Tell us about the weather in Washington.").bold = \
        True
    word.add_paragraph().add_run("Response:").bold = True
    word.add_paragraph("It was sunny, and the price of tea was steady.")
    word.add_paragraph("Sincerely,")
    word.save(str(out))
    return out


def strip_bookmarks(source: Path, out: Path) -> Path:
    with zipfile.ZipFile(source) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    text = parts["word/document.xml"].decode()
    text = re.sub(r"<w:bookmark(?:Start|End)[^>]*/>", "", text)
    parts["word/document.xml"] = text.encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return out
