"""EDGAR pre-flight: check a response letter against the EDGAR Filer Manual's rules for
correspondence before it is filed (`rejoinder check-edgar FILE`, and before the EDGAR HTML
export is written). Written from the rules (Filer Manual, Volume II, chapter 5: file naming,
ASCII documents, HTML documents), not from another tool's code. Each finding names the line and
the rule:

- `file-name`: 32 characters or fewer, starting with a letter or digit, only letters, digits,
  ".", "-" and "_", ending .htm (HTML) or .txt (ASCII);
- `tag`: only the HTML 3.2 tags EDGAR lists (`ALLOWED_TAGS`); and by name, because they are the
  usual offenders: `script`, `style-block`, `form`, `frame`, `object`, `ins-del` (tracked
  changes left in);
- `active-content`: no `on…` event attributes, no `javascript:` addresses;
- `external-link`: no reference outside the submission (links, images, style `url(…)`),
  except links to EDGAR's own archive (https://www.sec.gov/Archives/edgar/data/…);
- `ascii`: ASCII characters only; anything else written as a numeric character reference
  (`&#8220;`);
- `line-length`: in an ASCII (.txt) document, lines of 80 characters or fewer;
- `nested-table`: no table inside another table.
"""
from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

ALLOWED_TAGS = frozenset({
    "a", "address", "b", "big", "blockquote", "body", "br", "caption", "center", "cite",
    "code", "dd", "dfn", "dir", "div", "dl", "dt", "em", "font", "h1", "h2", "h3", "h4", "h5",
    "h6", "head", "hr", "html", "i", "img", "kbd", "li", "menu", "meta", "ol", "p", "pre",
    "samp", "small", "span", "strike", "strong", "sub", "sup", "table", "tbody", "td", "tfoot",
    "th",
    "thead", "title", "tr", "tt", "u", "ul", "var"})
NAMED = {"script": "script", "noscript": "script", "style": "style-block", "form": "form",
         "input": "form", "select": "form", "textarea": "form", "button": "form",
         "option": "form", "frame": "frame", "frameset": "frame", "iframe": "frame",
         "noframes": "frame", "object": "object", "applet": "object", "embed": "object",
         "param": "object", "ins": "ins-del", "del": "ins-del"}
# EDGAR's own SGML envelope round a disseminated document (<DOCUMENT><TYPE>CORRESP…<TEXT>):
# what EDGAR adds, not what the filer wrote.
ENVELOPE = frozenset({"document", "type", "sequence", "filename", "description", "text"})
EDGAR_ARCHIVE = re.compile(r"^https?://www\.sec\.gov/Archives/edgar/data/", re.I)
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.(?:htm|txt)$")
MAX_NAME, MAX_LINE = 32, 80


@dataclass(frozen=True)
class Finding:
    line: int  # 1-based; 0 for the file as a whole (its name)
    rule: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "file"
        return f"{where}: [{self.rule}] {self.message}"


def check_name(name: str) -> list[Finding]:
    out = []
    if len(name) > MAX_NAME:
        out.append(Finding(0, "file-name", f"the name {name!r} has {len(name)} characters; "
                           f"EDGAR takes {MAX_NAME} or fewer"))
    if not _NAME.match(name):
        out.append(Finding(0, "file-name", f"the name {name!r} must start with a letter or "
                           "digit, hold only letters, digits, '.', '-' and '_' (no spaces), "
                           "and end .htm or .txt"))
    return out


def check_text(data: bytes | str, name: str = "letter.htm") -> list[Finding]:
    """Every finding in a document's content (`name` says HTML or ASCII by its suffix)."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
    else:
        text = data
    findings = _ascii(text)
    if name.lower().endswith((".htm", ".html")):
        checker = _Checker()
        checker.feed(text)
        checker.close()
        findings += checker.findings
    else:
        findings += [Finding(n, "line-length", f"{len(line)} characters; ASCII documents take "
                             f"{MAX_LINE} or fewer a line")
                     for n, line in enumerate(text.splitlines(), 1) if len(line) > MAX_LINE]
    return sorted(findings, key=lambda f: (f.line, f.rule))


def check_file(path: Path | str) -> list[Finding]:
    path = Path(path)
    return check_name(path.name) + check_text(path.read_bytes(), path.name)


def _ascii(text: str) -> list[Finding]:
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        bad = sorted({c for c in line if ord(c) > 126 or (ord(c) < 32 and c not in "\t\f")})
        if bad:
            shown = ", ".join(f"{c!r} (write &#{ord(c)};)" for c in bad[:4])
            out.append(Finding(number, "ascii", f"characters outside ASCII: {shown}"))
    return out


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[Finding] = []
        self.tables = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag in ENVELOPE:
            return
        if tag in NAMED:
            self.findings.append(Finding(line, NAMED[tag], f"<{tag}> is not allowed in EDGAR "
                                         "HTML" + (" (tracked changes left in?)"
                                                   if tag in ("ins", "del") else "")))
        elif tag not in ALLOWED_TAGS:
            self.findings.append(Finding(line, "tag", f"<{tag}> is not among the tags EDGAR "
                                         "accepts"))
        if tag == "table":
            if self.tables:
                self.findings.append(Finding(line, "nested-table", "a table inside a table"))
            self.tables += 1
        for name, value in attrs:
            self._attribute(line, tag, name, value or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "table":
            self.tables -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self.tables:
            self.tables -= 1

    def _attribute(self, line: int, tag: str, name: str, value: str) -> None:
        if name.startswith("on"):
            self.findings.append(Finding(line, "active-content",
                                         f"the event attribute {name}= on <{tag}>"))
            return
        if value.strip().lower().startswith(("javascript:", "vbscript:")):
            self.findings.append(Finding(line, "active-content",
                                         f"a script address in {name}= on <{tag}>"))
            return
        if name in ("href", "src", "background", "action", "data", "codebase", "cite") and \
                _external(value) and not (name == "href" and EDGAR_ARCHIVE.match(value)):
            self.findings.append(Finding(line, "external-link",
                                         f"{name}={value[:60]!r} on <{tag}> points outside "
                                         "the submission"))
        if name == "style" and re.search(r"url\s*\(", value, re.I):
            self.findings.append(Finding(line, "external-link",
                                         f"a url(…) in the style of <{tag}>"))


def _external(value: str) -> bool:
    value = value.strip().lower()
    return bool(re.match(r"^[a-z][a-z0-9+.-]*:", value)) or value.startswith("//")


# -- rejoinder check-edgar ----------------------------------------------------------------------

def add_parser(commands: Any) -> None:
    check = commands.add_parser(
        "check-edgar", help="check a letter against EDGAR's rules before filing",
        description="Check an HTML (.htm) or ASCII (.txt) letter against the EDGAR Filer "
        "Manual's rules for correspondence: allowed tags, no active content or external "
        "links, ASCII only, the file name, line length (ASCII), no nested tables. Exit status "
        "0 when it passes, 1 when it does not (each finding names its line and rule).")
    check.add_argument("files", nargs="+", type=Path, metavar="FILE")
    check.set_defaults(run=cmd_check_edgar)


def cmd_check_edgar(args: argparse.Namespace) -> int:
    failed = 0
    for path in args.files:
        try:
            findings = check_file(path)
        except OSError as error:
            print(f"rejoinder check-edgar: {path} could not be read ({error.strerror or error})",
                  file=sys.stderr)
            failed += 1
            continue
        for finding in findings:
            print(f"{path}:{finding.line}: [{finding.rule}] {finding.message}")
        print(f"{path}: " + ("passes EDGAR's rules for correspondence" if not findings else
                             f"{len(findings)} finding{'' if len(findings) == 1 else 's'}"))
        failed += bool(findings)
    return 1 if failed else 0
