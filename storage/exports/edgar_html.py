"""The response letter as EDGAR HTML, for filing as CORRESP.

EDGAR accepts a restricted HTML: no scripts, no external references (no links out, no images
from elsewhere), no style sheets but inline styles, and ASCII text (anything else as a numeric
character entity). `ALLOWED_TAGS` and `ALLOWED_ATTRIBUTES` are what this writer uses; a test
checks every file against them."""
from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from storage.exports import ALL, ExportError, Progress, Selection, report, write_atomic
from storage.exports.letter import Entry, Letter, build_letter, enclosure_line, list_item
from storage.exports.richtext import Block, Run
from storage.exports.sent import record_sent

if TYPE_CHECKING:
    from storage.store import Store

ALLOWED_TAGS = frozenset({
    "html", "head", "title", "body", "p", "br", "b", "i", "u", "div", "span", "table", "tr",
    "td", "th", "ul", "ol", "li", "font", "center", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
    "sup", "sub", "a", "strong", "em", "tbody", "thead", "caption", "blockquote", "pre"})
ALLOWED_ATTRIBUTES = frozenset({"style", "align", "valign", "width", "colspan", "rowspan",
                                "name", "border", "cellpadding", "cellspacing", "size", "face",
                                "color", "type", "start"})
BODY = "font-family: 'Times New Roman', Times, serif; font-size: 12pt; color: #000000"
JUSTIFY = "margin: 0 0 12pt 0; text-align: justify"
PLAIN = "margin: 0 0 12pt 0"


def export_edgar_html(store: Store, matter_id: str, path: Path | str,
                      selection: Selection = ALL, *, document_id: str | None = None,
                      progress: Progress | None = None) -> Path:
    """Write the matter's response letter as EDGAR-ready HTML to `path`."""
    letter = build_letter(store, matter_id, selection, document_id)
    text = render(letter, progress)
    preflight(text)
    data = text.encode("ascii")

    def writer(out: BinaryIO) -> None:
        out.write(data)

    written = write_atomic(path, writer)
    record_sent(store, matter_id, letter, "html")  # what the next redline compares with
    return written


class EdgarRefused(ExportError):
    """The letter breaks a rule of the EDGAR Filer Manual; nothing was written."""


def preflight(text: str) -> None:
    """Check the letter against EDGAR's rules for HTML correspondence before it is written
    (storage.exports.edgar_check); raise `EdgarRefused` naming each finding."""
    from storage.exports.edgar_check import check_text

    findings = check_text(text, "letter.htm")
    if findings:
        shown = "\n".join(f"  {f}" for f in findings[:12])
        more = f"\n  … and {len(findings) - 12} more" if len(findings) > 12 else ""
        raise EdgarRefused("The EDGAR letter was not written: it breaks EDGAR's rules for "
                           f"HTML correspondence.\n{shown}{more}\nFix the answers named and "
                           "export again.")


def render(letter: Letter, progress: Progress | None = None) -> str:
    parts = [f"<html>\n<head>\n<title>{_text(letter.company)} - Response to Staff Comments"
             f"</title>\n</head>\n<body style=\"{BODY}\">\n"]
    parts += _opening(letter)
    total = len(letter.entries)
    for done, entry in enumerate(letter.entries):
        report(progress, done, total)
        parts += _entry(entry)
    parts += _closing(letter)
    parts.append("</body>\n</html>\n")
    report(progress, total, total)
    return "".join(parts)


def _text(text: str) -> str:
    """Escaped, and ASCII only: everything else becomes a numeric character entity."""
    return escape(text, quote=True).encode("ascii", "xmlcharrefreplace").decode("ascii")


def _lines(lines: tuple[str, ...] | list[str]) -> str:
    return "<br>\n".join(_text(line) for line in lines)


def _p(content: str, style: str = PLAIN) -> str:
    return f"<p style=\"{style}\">{content}</p>\n"


def _opening(letter: Letter) -> list[str]:
    settings = letter.settings
    out = []
    if settings.letterhead:
        head = [f"<b><span style=\"font-size: 14pt\">{_text(settings.letterhead[0])}</span></b>",
                *(f"<span style=\"font-size: 10pt\">{_text(line)}</span>"
                  for line in settings.letterhead[1:])]
        out.append(f"<div style=\"text-align: center; margin-bottom: 24pt\">"
                   f"{'<br>'.join(head)}</div>\n")
    out.append(_p(_text(letter.date), "margin: 0 0 24pt 0"))
    out.append(_p(_lines(settings.addressee), "margin: 0 0 18pt 0"))
    if settings.re_lines:
        out.append("<table style=\"margin: 0 0 18pt 36pt; border-collapse: collapse\">"
                   "<tr><td valign=\"top\" style=\"width: 36pt; padding: 0\"><b>Re:</b></td>"
                   f"<td valign=\"top\" style=\"padding: 0\"><b>{_lines(settings.re_lines)}</b>"
                   "</td></tr></table>\n")
    out.append(_p(_text(settings.salutation)))
    out.append(_p(_text(letter.opening), JUSTIFY))
    return out


def _entry(entry: Entry) -> list[str]:
    out = []
    if entry.group:
        out.append(_p(f"<b><u>{_text(entry.group)}</u></b>",
                      "margin: 12pt 0 12pt 0; text-align: center"))
    out += [_p(f"<b><u>{_text(heading)}</u></b>") for heading in entry.headings]
    listing = False
    for index, text in enumerate(entry.comment):
        item = list_item(text) if index else None
        if listing and item is None:
            out.append("</ul>\n")
        if item is not None and not listing:
            out.append("<ul style=\"margin: 0 0 12pt 36pt\">\n")
        listing = item is not None
        if index == 0:
            out.append(_p(f"<b>{entry.number}.&nbsp;&nbsp;&nbsp;{_text(text)}</b>",
                          "margin: 0 0 12pt 36pt; text-indent: -36pt; text-align: justify"))
        elif item is not None:
            out.append(f"<li style=\"margin: 0 0 6pt 0; text-align: justify\"><b>{_text(item)}"
                       "</b></li>\n")
        else:
            out.append(_p(f"<b>{_text(text)}</b>", "margin: 0 0 12pt 36pt; text-align: justify"))
    if listing:
        out.append("</ul>\n")
    out.append(_p("<b><u>Response:</u></b>"))
    out.append(blocks_html(entry.answer))
    if entry.enclosures:
        out.append(_p(f"<i>{_text(enclosure_line(entry.enclosures))}</i>"))
    return out


def blocks_html(answer: tuple[Block, ...] | list[Block]) -> str:
    """An answer's paragraphs and lists as HTML (inline styles, ASCII)."""
    out: list[str] = []
    open_lists: list[tuple[str, int]] = []  # (tag, list id), outermost first
    for block in answer:
        depth = block.level + 1 if block.list_kind else 0
        while len(open_lists) > depth or \
                (open_lists and len(open_lists) == depth and open_lists[-1][1] != block.list_id):
            out.append(f"</{open_lists.pop()[0]}>\n")
        if not block.list_kind:
            out.append(_p(_runs(block.runs), PLAIN if "\n" in block.text else JUSTIFY))
            continue
        while len(open_lists) < block.level + 1:
            tag = block.list_kind
            out.append(f"<{tag} style=\"margin: 0 0 12pt 0\">\n")
            open_lists.append((tag, block.list_id))
        out.append(f"<li style=\"margin: 0 0 6pt 0\">{_runs(block.runs)}</li>\n")
    out += [f"</{tag}>\n" for tag, _ in reversed(open_lists)]
    return "".join(out)


def _runs(runs: tuple[Run, ...]) -> str:
    out = []
    for run in runs:
        if run.text == "\n":
            out.append("<br>")
            continue
        text = _text(run.text)
        for flag, tag in ((run.underline, "u"), (run.italic, "i"), (run.bold, "b")):
            if flag:
                text = f"<{tag}>{text}</{tag}>"
        out.append(text)
    return "".join(out)


def _closing(letter: Letter) -> list[str]:
    settings = letter.settings
    out = [_p(_text(settings.closing), "margin: 12pt 0 12pt 0; text-align: justify"),
           _p(_text(settings.sign_off), "margin: 0 0 36pt 0")]
    names = [n for n in (settings.signatory, settings.signatory_title,
                         settings.signatory_company) if n]
    if names:
        out.append(_p(_lines(names)))
    if settings.cc:
        out.append(_p("cc:&nbsp;&nbsp;" + _lines(settings.cc), "margin: 12pt 0 0 0"))
    return out
