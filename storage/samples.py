"""The bundled sample matter: a response letter, and the staff letter it answers, rebuilt.

EDGAR keeps the company's response but the program ships only one corpus file, so the staff letter
the response answers is rebuilt here from the comments the response recites, in the layout of a
Division of Corporation Finance comment letter, and marked on every page as a reconstruction.
Every fact printed comes from the parsed response or its text; what cannot be found is left as a
bracketed placeholder. The output is deterministic: the same response gives the same bytes.

    python -m storage.samples      regenerates resources/samples/…_staff_reconstructed.pdf
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pymupdf

from storage.ingest.model import ParsedComment, ParsedLetter

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "resources" / "samples"
RESPONSE_NAME = "21vianet_2017-08-30_response.txt"
STAFF_NAME = "21vianet_2017-08-16_staff_reconstructed.pdf"

FOOTER = "Reconstructed by Rejoinder \u2014 not an SEC document"

# Page geometry in points (US Letter), copied from Word-made staff letters of 2016-2017.
PAGE_W, PAGE_H = 612.0, 792.0
LEFT, RIGHT, BOTTOM = 72.0, 540.0, 712.0
LEAD = 13.8  # Times 12 pt, single spaced
SIZE = 12.0
NUMBER_X, TEXT_X, BULLET_X, BULLET_TEXT_X = 90.0, 108.0, 132.0, 144.0
RE_LABEL_X, RE_TEXT_X, DATE_X, SIGN_X, SIGN_RIGHT = 108.0, 144.0, 360.0, 360.0, 576.0
FIRST_INDENT = 36.0
HEADER_Y, FOOTER_Y = 54.0, 766.0

FONTS = {name: pymupdf.Font(name) for name in ("tiro", "tibo", "helv", "hebo")}

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
MONTH_DATE = rf"(?:{'|'.join(MONTHS)})\s+\d{{1,2}},\s+\d{{4}}"
TITLE_WORD = (r"(?:Senior|Assistant|Associate|Deputy|Special|Staff|Chief|Accounting|Legal|Branch|"
              r"Accountant|Attorney(?:-Advis[eo]r)?|Advis[eo]r|Director|Counsel|Examiner|Analyst)")
PERSON = re.compile(rf"((?:[A-Z][\w.'\-]*\s+){{1,3}}[A-Z][\w'\-]*),\s+({TITLE_WORD}"
                    rf"(?:\s+{TITLE_WORD})*)")
OFFICE = re.compile(r"Office of [A-Z][\w&,' ]*?(?=\s+(?:Division|U\.\s?S\.|Securities|100 F)|$)")
BULLET_CHARS = r"(?:[-\u2013\u2014*\u2022\u00b7\u25aa\u25cf\uf0b7]\s*)+"
BULLET = re.compile(rf"^{BULLET_CHARS}(?=\S)")
INLINE_BULLET = re.compile(r"\s+(?=[\u2022\u00b7\u25aa\u25cf\uf0b7]\s)")


@dataclass(frozen=True)
class Person:
    name: str
    title: str


@dataclass(frozen=True)
class Facts:
    """What the rebuilt letter prints, each found in the response (or a placeholder)."""

    date: str
    response_date: str
    company: str
    addressee: Person | None
    address: tuple[str, ...]
    salutation: str
    re_lines: tuple[str, ...]
    signer: Person | None
    contacts: tuple[Person, ...]
    office: str
    follow_up: bool


@dataclass(frozen=True)
class Block:
    """A paragraph to flow: its lines wrap between `x` (first line `first_x`) and `right`."""

    text: str
    x: float = LEFT
    first_x: float | None = None
    label: str = ""  # printed at label_x on the first line ("1.", "•", "Re:")
    label_x: float = LEFT
    font: str = "tiro"
    right: float = RIGHT
    underline: bool = False
    space_before: float = LEAD  # white space above the first line: one blank line
    keep_with_next: bool = False
    together: bool = False


# ---------------------------------------------------------------- facts from the response


def long_date(iso: str | None) -> str | None:
    """'2017-08-16' → 'August 16, 2017'; None stays None."""
    if not iso:
        return None
    day = date.fromisoformat(iso)
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"  # not %B: that follows the locale


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _answered_date(response: ParsedLetter, text: str) -> str | None:
    if response.answers_letter_date:
        return long_date(response.answers_letter_date)
    found = re.search(rf"letters?\s+dated\s+({MONTH_DATE})", text)
    return re.sub(r"\s+", " ", found.group(1)) if found else None


def _head_and_addressees(text: str) -> tuple[list[str], str]:
    """The response's letterhead lines (before its date) and its address block (date to Re:)."""
    lines = _lines(text)
    at_date = next((i for i, line in enumerate(lines) if re.fullmatch(MONTH_DATE, line)), None)
    if at_date is None:
        return [], ""
    at_re = next((i for i in range(at_date, len(lines))
                  if re.match(r"re\s*:", lines[i], re.IGNORECASE)), len(lines))
    return lines[:at_date], " ".join(lines[at_date + 1:at_re])


def _company_address(head: list[str], company: str) -> tuple[str, ...]:
    """The address lines under the company's name in the letterhead, if the name is there."""
    if not any(line.lower().startswith(company.lower()) for line in head):
        return ()
    lines = []
    for line in head:
        if line.lower().startswith(company.lower()):
            line = line[len(company):].lstrip(" ,")
        if line:
            lines.append(line)
    return tuple(lines)


def _signature(text: str) -> Person | None:
    """Who signed the response: the name after '/s/' and the title line under it."""
    lines = _lines(text)
    at = next((i for i, line in enumerate(lines) if line.startswith("/s/")), None)
    if at is None:
        return None
    name = re.sub(r"\s+for$", "", lines[at][3:].strip())
    rest = [line for line in lines[at + 1:at + 4] if line != name]
    title = rest[0] if rest and len(rest[0]) < 80 and not rest[0].lower().startswith("cc") else ""
    return Person(name, title) if name else None


def _staff(block: str) -> tuple[tuple[Person, ...], str]:
    """The staff people the response is addressed to, and their office."""
    people = tuple(Person(re.sub(r"^(?:Mr|Ms|Mrs|Dr)\.\s+", "", m.group(1)), m.group(2))
                   for m in PERSON.finditer(block))
    office = OFFICE.search(block)
    return people, (office.group(0).strip(" ,") if office else "")


def _pick_signer(people: tuple[Person, ...]) -> tuple[Person | None, tuple[Person, ...]]:
    """Staff letters are signed by the most senior reader: a chief, director or counsel."""
    senior = [p for p in people if re.search(r"Chief|Director|Counsel", p.title)]
    signer = senior[0] if senior else (people[0] if people else None)
    return signer, tuple(p for p in people if p != signer)


def _salutation(person: Person | None, text: str) -> str:
    if person is None:
        return "Ladies and Gentlemen:"
    surname = person.name.split()[-1]
    honorific = re.search(rf"\b(Mr|Ms|Mrs|Dr)\.?\s+(?:[A-Z][\w.]*\s+)?{re.escape(surname)}\b",
                          text)
    return f"Dear {honorific.group(1)}. {surname}:" if honorific else f"Dear {person.name}:"


def _filing_lines(filing: str, text: str) -> list[str]:
    """A filing as staff print it: its name, then 'Filed <date>' (from the response's Re: block
    when the parsed filing stops before it)."""
    filing = re.sub(r"\s*File\s+Nos?\.?.*$", "", filing, flags=re.IGNORECASE)
    lines = [part.strip() for part in re.split(r"\s+(?=Filed\s)", filing) if part.strip()]
    if len(lines) == 1:
        filed = re.search(rf"{re.escape(filing)}[\s,]*(Filed\s+{MONTH_DATE})", text)
        if filed:
            lines.append(" ".join(filed.group(1).split()))
    return lines


def _re_lines(response: ParsedLetter, company: str, text: str) -> tuple[str, ...]:
    """Company, each filing ('… / Filed …' on two lines), each file number, as staff print them."""
    lines = [company]
    for filing in response.filings or ("[filing under review]",):
        lines.extend(_filing_lines(filing, text))
    numbers = response.file_numbers or ("[file number]",)
    lines.extend(f"File No. {number}" for number in numbers)
    return tuple(lines)


def _is_follow_up(comments: tuple[ParsedComment, ...]) -> bool:
    return any(c.prior_refs or re.search(r"\bprior comments?\b", c.text) for c in comments)


def gather_facts(response: ParsedLetter, text: str) -> Facts:
    """Everything the letter prints outside the comments, found in the response and its text."""
    company = response.company or "[company]"
    head, addressed = _head_and_addressees(text)
    addressee = _signature(text)
    staff, office = _staff(addressed)
    signer, contacts = _pick_signer(staff)
    return Facts(
        date=_answered_date(response, text) or "[date of the staff letter]",
        response_date=long_date(response.letter_date) or "[date of the response]",
        company=company,
        addressee=addressee,
        address=_company_address(head, company) or ("[address of the company]",),
        salutation=_salutation(addressee, text),
        re_lines=_re_lines(response, company, text),
        signer=signer,
        contacts=contacts,
        office=office,
        follow_up=_is_follow_up(response.comments),
    )


# ---------------------------------------------------------------- the letter as blocks


def _opening(facts: Facts) -> list[Block]:
    reviewed = ("We have reviewed your response to our comment letter and have the following "
                "comments." if facts.follow_up else
                "We have reviewed your filing and have the following comments.")
    paragraphs = (
        f"{reviewed} In some of our comments, we may ask you to provide us with information so we "
        "may better understand your disclosure.",
        "Please respond to this letter within ten business days by providing the requested "
        "information or advise us as soon as possible when you will respond. If you do not "
        "believe our comments apply to your facts and circumstances, please tell us why in your "
        "response.",
        "After reviewing your response to these comments, we may have additional comments.",
    )
    return [Block(p, first_x=LEFT + FIRST_INDENT) for p in paragraphs]


def _address_blocks(facts: Facts) -> list[Block]:
    who = [facts.addressee.name, facts.addressee.title] if facts.addressee else []
    lines = [line for line in (*who, facts.company, *facts.address) if line]
    re_first, *re_rest = facts.re_lines
    return [
        Block(facts.date, x=DATE_X),
        Block("\n".join(lines), space_before=2 * LEAD, together=True),
        Block("\n".join([re_first, *re_rest]), x=RE_TEXT_X, label="Re:", label_x=RE_LABEL_X,
              font="tibo", together=True),
        Block(facts.salutation),
    ]


def comment_parts(text: str) -> list[tuple[bool, str]]:
    """A comment's paragraphs as (is_bullet, text), bullets found at line starts or inline."""
    parts: list[tuple[bool, str]] = []
    for raw in text.splitlines():
        for piece in INLINE_BULLET.split(raw.strip()):
            marker = BULLET.match(piece)
            if re.fullmatch(BULLET_CHARS, piece):
                continue  # a stray marker before an inline bullet ("- · text")
            if marker:
                parts.append((True, piece[marker.end():].strip()))
            elif piece.strip():
                parts.append((False, piece.strip()))
    return parts


def _comment_blocks(comment: ParsedComment) -> list[Block]:
    blocks = [Block(h, font="tibo" if h.startswith("Form ") else "tiro", underline=True,
                    keep_with_next=True) for h in comment.headings]
    for i, (bullet, part) in enumerate(comment_parts(comment.text)):
        if i == 0:
            blocks.append(Block(part, x=TEXT_X, label=f"{comment.number}.", label_x=NUMBER_X))
        elif bullet:
            blocks.append(Block(part, x=BULLET_TEXT_X, label="\u2022", label_x=BULLET_X))
        else:
            blocks.append(Block(part, x=TEXT_X))
    return blocks


def _contact_sentence(facts: Facts) -> str:
    names = [f"{p.name}, {p.title}," for p in facts.contacts]
    who = " or ".join([*names, "me"]) if facts.signer else " or ".join(names) or "the staff"
    accounting = facts.signer is None or re.search(r"Account", facts.signer.title)
    topic = ("if you have questions regarding comments on the financial statements and related "
             "matters." if accounting else "if you have any questions regarding our comments.")
    return f"You may contact {who} {topic}"


def _closing(facts: Facts) -> list[Block]:
    signer = facts.signer or Person("[name of the staff signatory]", "[title]")
    signature = ["Sincerely,", "", f"/s/ {signer.name}", "", signer.name, signer.title,
                 facts.office or "[office]"]
    widest = max(FONTS["tiro"].text_length(line, fontsize=SIZE) for line in signature)
    x = min(SIGN_X, SIGN_RIGHT - widest)
    return [
        Block("We remind you that the company and its management are responsible for the accuracy "
              "and adequacy of their disclosures, notwithstanding any review, comments, action or "
              "absence of action by the staff.", first_x=LEFT + FIRST_INDENT),
        Block(_contact_sentence(facts), first_x=LEFT + FIRST_INDENT, keep_with_next=True),
        Block("\n".join(signature), x=x, right=SIGN_RIGHT, space_before=2 * LEAD, together=True),
    ]


def letter_blocks(response: ParsedLetter, facts: Facts) -> list[Block]:
    """The body of the staff letter, from the date to the signature."""
    blocks = _address_blocks(facts) + _opening(facts)
    for comment in response.comments:
        blocks.extend(_comment_blocks(comment))
    return blocks + _closing(facts)


# ---------------------------------------------------------------- layout


def wrap(text: str, font: str, width: float, first_width: float | None = None,
         size: float = SIZE) -> list[str]:
    """Greedy line breaking at spaces; '\\n' forces a break (an empty line stays empty)."""
    measure = FONTS[font]
    lines: list[str] = []
    for para in text.split("\n"):
        line = ""
        for word in para.split():
            room = first_width if (first_width is not None and not lines) else width
            trial = f"{line} {word}" if line else word
            if line and measure.text_length(trial, fontsize=size) > room:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return lines


def block_lines(block: Block) -> list[str]:
    first_x = block.x if block.first_x is None else block.first_x
    return wrap(block.text, block.font, block.right - block.x, block.right - first_x)


def lines_needed(block: Block, after: list[Block]) -> int:
    """Lines that must fit on the page for `block` to start on it: all of it when it is kept
    together, and through a chain of keep-with-next blocks, two lines of the block that ends it."""
    if not block.keep_with_next:
        return len(block_lines(block)) if block.together else 1
    need = len(block_lines(block))
    for following in after:
        need += round(following.space_before / LEAD) + 1
        if not following.keep_with_next:
            return need + (len(block_lines(following)) - 1 if following.together else 1)
        need += len(block_lines(following)) - 1
    return need


@dataclass
class Flow:
    """Lays blocks down the pages of a new document, one baseline after another."""

    header: list[str]  # the running header of pages 2 on, above "Page N"
    doc: pymupdf.Document = field(default_factory=pymupdf.open)
    writers: list[pymupdf.TextWriter] = field(default_factory=list)
    underlines: list[list[pymupdf.Rect]] = field(default_factory=list)
    y: float = 0.0

    def new_page(self) -> None:
        """Begins a page with its running header (pages 2 on) and the footer, first in the
        page's text so that readers in stream order meet them where they stand."""
        page = self.doc.new_page(width=PAGE_W, height=PAGE_H)
        self.writers.append(pymupdf.TextWriter(page.rect))
        self.underlines.append([])
        number = len(self.writers)
        if number > 1:
            for i, line in enumerate([*self.header, f"Page {number}"]):
                self.text(LEFT, HEADER_Y + i * LEAD, line)
        size = 7.5
        self.text((PAGE_W - FONTS["helv"].text_length(FOOTER, fontsize=size)) / 2, FOOTER_Y,
                  FOOTER, "helv", size)
        self.y = HEADER_Y + (len(self.header) + 2) * LEAD

    def finish(self) -> None:
        """Writes each page's text, underlines and footer rule."""
        for page, writer, underlines in zip(self.doc.pages(), self.writers, self.underlines,
                                            strict=True):
            writer.write_text(page)
            for rect in underlines:
                page.draw_rect(rect, color=None, fill=(0, 0, 0))
            page.draw_line((LEFT, FOOTER_Y - 10), (RIGHT, FOOTER_Y - 10), color=(0.35,) * 3,
                           width=0.4)

    def text(self, x: float, y: float, s: str, font: str = "tiro", size: float = SIZE) -> float:
        """Writes one line with its baseline at y; returns its width."""
        self.writers[-1].append((x, y), s, font=FONTS[font], fontsize=size)
        return FONTS[font].text_length(s, fontsize=size)

    def room(self, lines: int) -> bool:
        return self.y + (lines - 1) * LEAD <= BOTTOM

    def place(self, block: Block, after: list[Block]) -> None:
        """Lays `block` down; `after` are the blocks that follow it (for keep-with-next)."""
        lines = block_lines(block)
        self.y += LEAD + block.space_before
        if not self.room(lines_needed(block, after)):
            self.new_page()
        first_x = block.x if block.first_x is None else block.first_x
        for i, line in enumerate(lines):
            if i and not self.room(1):
                self.new_page()
            if i == 0 and block.label:
                self.text(block.label_x, self.y, block.label, block.font)
            x = first_x if i == 0 else block.x
            width = self.text(x, self.y, line, block.font)
            if block.underline and line:
                self.underlines[-1].append(pymupdf.Rect(x, self.y + 1.6, x + width, self.y + 2.2))
            self.y += LEAD
        self.y -= LEAD  # y stays on the last baseline; space_before makes the gaps


def _letterhead(flow: Flow) -> None:
    center = 338.0
    for text, font, size, y in (("UNITED STATES", "hebo", 8.5, 46.0),
                                ("SECURITIES AND EXCHANGE COMMISSION", "hebo", 11.5, 59.0),
                                ("WASHINGTON, D.C. 20549", "hebo", 8.5, 71.0)):
        flow.text(center - FONTS[font].text_length(text, fontsize=size) / 2, y, text, font, size)
    for text, y in (("DIVISION OF", 108.0), ("CORPORATION FINANCE", 116.0)):
        flow.text(103.0 - FONTS["helv"].text_length(text, fontsize=6.5) / 2, y, text, "helv", 6.5)


def _seal_outline(page: pymupdf.Page) -> None:
    """Two faint rings where the Commission's seal stands; the seal itself is not reproduced."""
    for radius in (30.0, 24.0):
        page.draw_circle((103.0, 64.0), radius, color=(0.7, 0.7, 0.7), width=0.6)


def _notice(flow: Flow, facts: Facts, top: float) -> float:
    """The boxed reconstruction notice; returns the y under the box."""
    text = (f"RECONSTRUCTION \u2014 rebuilt by Rejoinder from the comments recited in "
            f"{facts.company}\u2019s response of {facts.response_date}; not the staff\u2019s "
            "original letter. The comments are quoted from the response; the rest of the letter "
            "follows the staff\u2019s usual form.")
    size, pad, lead = 9.0, 6.0, 11.0
    lines = wrap(text, "hebo", RIGHT - LEFT - 2 * pad, size=size)
    box = pymupdf.Rect(LEFT, top, RIGHT, top + 2 * pad + len(lines) * lead)
    shape = flow.doc[0].new_shape()
    shape.draw_rect(box)
    shape.finish(color=(0.55, 0.1, 0.1), fill=(1.0, 0.97, 0.93), width=1.0)
    shape.commit(overlay=False)
    for i, line in enumerate(lines):
        font = "hebo" if i == 0 else "helv"
        flow.text(LEFT + pad, top + pad + size + i * lead - 1, line, font, size)
    return box.y1


def _metadata(facts: Facts, iso_date: str | None) -> dict[str, str]:
    stamp = f"D:{(iso_date or '2000-01-01').replace('-', '')}120000Z"
    return {
        "title": f"{facts.company} \u2014 SEC staff comment letter of {facts.date} "
                 "(reconstruction)",
        "author": "Rejoinder",
        "subject": f"Reconstruction of the staff letter from the comments recited in "
                   f"{facts.company}'s response of {facts.response_date}; not an SEC document",
        "keywords": "reconstruction, SEC comment letter",
        "creator": "Rejoinder",
        "producer": "Rejoinder",
        "creationDate": stamp,
        "modDate": stamp,
    }


def source_text_of(response: ParsedLetter) -> str:
    """The response's words, read back from its display PDF."""
    with pymupdf.open("pdf", response.display_pdf) as doc:
        return "\n".join(page.get_text() for page in doc.pages())


def reconstruct_staff_letter(response: ParsedLetter, source_text: str | None = None) -> bytes:
    """The staff letter `response` answers, rebuilt as a PDF marked as a reconstruction.

    `source_text` is the response's plain text (its letterhead, address block and signature);
    by default it is read from the response's display PDF.
    """
    text = source_text if source_text is not None else source_text_of(response)
    facts = gather_facts(response, text)
    who = [facts.addressee.name] if facts.addressee else []
    flow = Flow(header=[*who, facts.company, facts.date])
    flow.new_page()
    _letterhead(flow)
    _seal_outline(flow.doc[0])
    flow.y = _notice(flow, facts, 130.0) + LEAD
    blocks = letter_blocks(response, facts)
    for i, block in enumerate(blocks):
        flow.place(block, blocks[i + 1:])
    flow.finish()
    iso = response.answers_letter_date or response.letter_date
    flow.doc.set_metadata(_metadata(facts, iso))
    flow.doc.subset_fonts()
    data: bytes = flow.doc.tobytes(garbage=4, deflate=True, no_new_id=True)
    flow.doc.close()
    return data


# ---------------------------------------------------------------- the shipped sample


def build_sample_pdf(out_path: Path | None = None) -> Path:
    """Rebuilds the sample staff letter from the shipped response; returns where it was written."""
    from storage.ingest import parse_file

    response_path = SAMPLES_DIR / RESPONSE_NAME
    response = parse_file(response_path)
    pdf = reconstruct_staff_letter(response, response_path.read_text(encoding="utf-8"))
    target = Path(out_path) if out_path is not None else SAMPLES_DIR / STAFF_NAME
    target.write_bytes(pdf)
    return target


def main() -> int:
    print(build_sample_pdf())
    return 0


if __name__ == "__main__":
    sys.exit(main())
