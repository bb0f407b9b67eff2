"""Split a letter's lines into numbered comments, their headings and (in responses) answers.

The rules are the ones SEC letters follow: comments are numbered 1, 2, 3 … at the start of a
line; the headings of a comment are the short non-sentence lines stacked right above its number;
a response recites the comment (often in bold or italics) and answers after a "Response" label
or, without one, where the emphasis ends; the letter closes with boilerplate ("We remind you…",
"If you have any questions…", "* * *", "Sincerely").
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from storage.errors import NotALetter, UnreadableFile
from storage.ingest.anchors import anchors_for, render
from storage.ingest.furniture import strip_furniture
from storage.ingest.kinds import answered_letter_date, cited_letter_dates, understand
from storage.ingest.lines import Line
from storage.ingest.meta import SIGNOFF, Meta, former_names, read_meta
from storage.ingest.model import ParsedComment, ParsedLetter, Recital
from storage.ingest.patterns import (
    BULLET,
    CLOSING,
    ends_sentence,
    heading_like,
    heading_texts,
    label_of,
    number_of,
    numbered_title,
    style,
)
from storage.ingest.recitals import locate, pair, recitals_of, words
from storage.ingest.refs import prior_refs
from storage.ingest.source import Source, read_source

Para = list[Line]
_SEC = re.compile(r"Securities and Exchange Commission|Division of Corporation Finance|"
                  r"\bFile No|\bthe Staff\b|comment letter|\bForm (?:10-K|10-Q|20-F|8-K|S-\d|F-\d)",
                  re.I)
_LONG_WORDS = 700


@dataclass
class Piece:
    """One comment as found: its lines and its answer's lines."""
    number: int
    headings: list[str]
    first: Line
    text: list[Line] = field(default_factory=list)
    answer: list[Line] | None = None
    shares_first: bool = False  # text[0] is the rest of `first`, after its number
    unnumbered: bool = False  # the letter's whole request, given number 1


OCR_DOUBT = ("This letter is a scan: its words were read by OCR (Tesseract) and may hold "
             "misread words, numbers or dates. Check the split and the letter's details.")


def parse_bytes(data: bytes, name: str, password: str | None = None,
                recitals: Sequence[Recital | str] | None = None) -> ParsedLetter:
    try:
        return _parse(data, name, password, recitals_of(recitals))
    except UnreadableFile:
        raise
    except (RuntimeError, ValueError, IndexError, KeyError, TypeError, MemoryError) as error:
        raise UnreadableFile(f"{name} could not be read as a letter ({type(error).__name__}: "
                             f"{error}). Check that the file is complete.") from error


def _parse(data: bytes, name: str, password: str | None, recitals: list[Recital]
           ) -> ParsedLetter:
    source = read_source(data, name, password)
    body, furniture = strip_furniture(source.lines, source.heights or None)
    if not _SEC.search(" ".join(line.text for line in source.lines[:400])):
        raise NotALetter(f"{name} does not read as SEC correspondence (no Commission, staff, "
                         "file number or filing named in it). Choose a staff comment letter or "
                         "a response letter.")
    meta = read_meta(body, furniture, source.form_type)
    pieces, warnings = split(body, meta, source.fmt)
    text = "\n".join(line.text for line in body)
    opening = _opening(body, meta)
    what = understand(meta.kind, text, opening, bool(pieces), meta.letter_date)
    if recitals and what.letter_kind == "response":
        pieces, warnings = recited_split(body, meta, source.fmt, (pieces, warnings), recitals)
    answers = meta.answers_letter_date
    if meta.kind == "response":
        answers = answered_letter_date(opening, meta.letter_date) or answers
    if not pieces and what.letter_kind in ("supplemental_request", "comment_letter"):
        pieces = whole_request(body, meta, source.fmt, what.letter_kind == "comment_letter")
    display, page_count, locate = render(source, data)
    comments = tuple(_comment(piece, meta, source, locate) for piece in pieces)
    return ParsedLetter(
        source_name=name, source_format=source.fmt, kind=meta.kind,  # type: ignore[arg-type]
        letter_date=meta.letter_date, company=meta.company, file_numbers=meta.file_numbers,
        filings=meta.filings, comments=comments, page_count=page_count, display_pdf=display,
        answers_letter_date=answers,
        warnings=tuple(warnings + list(what.doubts) + _doubts(comments, meta, what.letter_kind)
                       + ([OCR_DOUBT] if source.ocr else [])),
        letter_kind=what.letter_kind,  # type: ignore[arg-type]
        extension_until=what.extension_until,
        cited_letter_dates=cited_letter_dates(" ".join(line.text for line in body),
                                              meta.letter_date),
        former_names=former_names(" ".join(line.text for line in body[:120]), meta.company),
        cik=meta.cik)


def _opening(body: list[Line], meta: Meta) -> str:
    """The first paragraphs after the salutation (or the letter's start), where a letter says
    what it is for."""
    start = meta.salutation + 1 if meta.salutation >= 0 else 0
    return " ".join(line.text for line in body[start: start + 40])[:2500]


def _comment(piece: Piece, meta: Meta, source: Source, locate: object) -> ParsedComment:
    text = join_text(piece.text)
    answer = join_text(piece.answer) if piece.answer is not None else None
    return ParsedComment(
        number=piece.number, headings=tuple(piece.headings), text=text,
        page=piece.first.page + 1 if source.fmt == "pdf" else None,
        prior_refs=prior_refs(text), response=answer if meta.kind == "response" else None,
        anchors=anchors_for(locate, [piece.first] + piece.text[piece.shares_first:]),
        response_anchors=anchors_for(locate, piece.answer or []), unnumbered=piece.unnumbered)


def join_text(lines: list[Line]) -> str:
    """The lines as running text: paragraphs on their own lines, wrapped lines re-joined."""
    out = ""
    for line in lines:
        text = line.text
        if not out:
            out = text
        elif line.para:
            out += "\n" + text
        elif out.endswith("-") and text[:1].isalnum() and not out.endswith(" -"):
            out += text
        else:
            out += " " + text
    return out.strip()


# -- paragraphs ---------------------------------------------------------------------------------

def paragraphs(lines: list[Line], fmt: str) -> list[Para]:
    """Group lines into paragraphs; a numbered line, a label or a bullet always opens one."""
    paras: list[Para] = []
    for index, line in enumerate(lines):
        opens = line.para or number_of(line.text) is not None or label_of(line.text) is not None \
            or bool(BULLET.match(line.text))
        if opens and paras and index and lines[index - 1].page != line.page \
                and _continues(paras[-1], line, fmt):
            opens = False
        if opens or not paras:
            line.para = True
            paras.append([line])
        else:
            line.para = False
            paras[-1].append(line)
    return paras


def _continues(para: Para, line: Line, fmt: str) -> bool:
    """Does `line`, first on its page, carry on the sentence that ended the previous page?"""
    last = para[-1].text
    if ends_sentence(last) or number_of(line.text) or label_of(line.text) is not None:
        return False
    if line.text[:1].islower():
        return True
    return fmt == "pdf" and len(para) > 1 and not line.text[:1].isdigit() and \
        para[-1].rect is not None and para[-2].rect is not None and \
        para[-1].rect[2] > para[-2].rect[2] - 60


# -- comments -----------------------------------------------------------------------------------

def split(lines: list[Line], meta: Meta, fmt: str) -> tuple[list[Piece], list[str]]:
    paras = paragraphs(lines, fmt)
    begin = _after_salutation(paras, lines, meta)
    end = _signoff(paras, begin)
    starts = _starts(paras, begin, end, fmt)
    warnings: list[str] = []
    pieces: list[Piece] = []
    styled = fmt == "html"
    heads, _ = _take_headings(paras[begin: starts[0][0]] if starts else [], styled, fmt)
    for k, (at, number) in enumerate(starts):
        stop = starts[k + 1][0] if k + 1 < len(starts) else _closing(paras, at + 1, end)
        region = paras[at:stop]
        next_heads, region = _take_headings(region, styled, fmt) if k + 1 < len(starts) \
            else ([], region)
        heads, region = _headings_below(heads, region, styled, fmt)
        piece = Piece(number, heads, paras[at][0])
        _fill(piece, region, meta.kind)
        pieces.append(piece)
        heads = next_heads
    if meta.kind == "response" and _unanswered(pieces) and not _answers_a_letter(paras, begin):
        warnings.append(f"{len(pieces)} numbered paragraphs follow one another with no answer "
                        "between them, so they were read as a list (table footnotes, say), not "
                        "as recited comments. Split them by hand if they are comments.")
        return [], warnings
    if meta.kind == "response" and _outline(pieces):
        warnings.append(f"{len(pieces)} numbered lines are short titles with no sentence, so "
                        "they were read as headings inside an answer, not as recited comments. "
                        "Split them by hand if they are comments.")
        return [], warnings
    return pieces, warnings


def _outline(pieces: list[Piece]) -> bool:
    """A recited staff comment is a request, written in sentences. Several numbered lines in a
    row that are each one short title and no sentence are the company's own outline of an
    answer ("1. Monthly Sales Reporting Reflects Sales By Our Dealers"), not comments."""
    def title(piece: Piece) -> bool:
        text = join_text(piece.text)
        return bool(text) and "\n" not in text and len(text.split()) <= 25 \
            and not ends_sentence(text)

    return len(pieces) >= 2 and all(title(piece) for piece in pieces)


def _answers_a_letter(paras: list[Para], begin: int) -> bool:
    """Does the response's opening cite the staff letter it answers?"""
    opening = " ".join(line.text for para in paras[begin: begin + 3] for line in para)
    return answered_letter_date(opening, None) is not None


def _unanswered(pieces: list[Piece]) -> bool:
    """A response answers each comment it recites: numbered paragraphs with no answer between
    any two of them, and no answer label anywhere, are a list (table footnotes, the
    undertakings of an exchange offer), not the recited comments, unless the letter says which
    staff letter it answers (then they are comments answered together)."""
    if len(pieces) < 2:
        return False
    return not any(piece.answer for piece in pieces[:-1]) and \
        not any(label_of(line.text) is not None for piece in pieces
                for line in piece.text + (piece.answer or []))


def _headings_below(heads: list[str], region: list[Para], styled: bool, fmt: str
                    ) -> tuple[list[str], list[Para]]:
    """A number standing alone ("Comment #1:") may stand above the comment's headings: they
    are headings still, not the comment's first words."""
    first = region[0]
    hit = number_of(first[0].text)
    if len(first) > 1 or not hit or hit[1]:
        return heads, region
    below = 1
    while below < len(region) - 1 and heading_like(region[below], styled):
        below += 1
    found = [h for para in region[1:below] for h in heading_texts(para, wrapped=fmt == "pdf")]
    return heads + found, [first] + region[below:]


# -- a response split on the comments it recites -------------------------------------------------

def recited_split(lines: list[Line], meta: Meta, fmt: str,
                  own: tuple[list[Piece], list[str]], recitals: list[Recital]
                  ) -> tuple[list[Piece], list[str]]:
    """A response split where it recites the comments of the staff letter it answers, or its
    own split (`own`) when that pairs with as many of the comments. Either way, a doubt names
    each staff comment that no item of the split answers."""
    paras = paragraphs(lines, fmt)
    begin = _after_salutation(paras, lines, meta)
    end = _signoff(paras, begin)
    spans = locate([_plain_words(para) for para in paras[begin:end]], recitals)
    found = [(j, begin + span[0], begin + span[1]) for j, span in enumerate(spans) if span]
    mine = _recited_pieces(paras, found, recitals, begin, end, fmt)

    def paired(pieces: list[Piece]) -> dict[int, int]:
        return pair([(p.number, join_text(p.text)) for p in pieces], recitals)

    chosen, doubts = own
    if len(paired(mine)) > len(paired(own[0])):
        chosen, doubts = mine, []
    answered = set(paired(chosen).values())
    missing = [r for j, r in enumerate(recitals) if j not in answered]
    return chosen, doubts + ([unanswered_doubt(missing)] if missing else [])


def unanswered_doubt(missing: list[Recital]) -> str:
    """The doubt that names the staff comments a response's split answers nowhere."""
    if len(missing) == 1:
        start = " ".join(missing[0].text.split()[:8])
        return (f"Comment {missing[0].number} of the staff letter (“{start} …”) was not found "
                "in this response: it may be answered in another letter, or the split missed "
                "it. Check the split.")
    numbers = ", ".join(str(r.number) for r in missing)
    return (f"Comments {numbers} of the staff letter were not found in this response: they may "
            "be answered in another letter, or the split missed them. Check the split.")


def _plain_words(para: Para) -> list[str]:
    """A paragraph's words without a comment number or label before them."""
    hit = number_of(para[0].text)
    first = hit[1] if hit else para[0].text
    return words(COMMENT_LABEL.sub("", " ".join([first] + [line.text for line in para[1:]]),
                                   count=1))


def _recited_pieces(paras: list[Para], found: list[tuple[int, int, int]],
                    recitals: list[Recital], begin: int, end: int, fmt: str) -> list[Piece]:
    """Pieces from the recitals found, (recital index, first paragraph, last paragraph) each:
    the headings above a recital, its words, and the answer after it up to the next one's
    headings (the last, up to the letter's closing paragraphs)."""
    styled = fmt == "html"
    pieces: list[Piece] = []
    region = paras[begin: found[0][1]] if found else []
    for k, (j, first, last) in enumerate(found):
        region, number = _bare_number(region)
        heads, _ = _take_headings(region, styled, fmt)
        stop = found[k + 1][1] if k + 1 < len(found) else _closing(paras, last + 1, end)
        hit = number_of(paras[first][0].text)
        piece = Piece(hit[0] if hit else number or recitals[j].number, heads, paras[first][0])
        _fill(piece, paras[first: last + 1], "staff")
        if piece.text and COMMENT_LABEL.match(piece.text[0].text):
            piece.text[0].text = COMMENT_LABEL.sub("", piece.text[0].text, count=1)
        answer = paras[last + 1: stop]
        if k + 1 < len(found):
            answer, _ = _bare_number(answer)
            _, answer = _take_headings(answer, styled, fmt)
        piece.answer = _answer_lines(answer)
        pieces.append(piece)
        region = paras[last + 1: stop]
    return pieces


def _bare_number(region: list[Para]) -> tuple[list[Para], int | None]:
    """A number standing alone at the end of a region ("1.", "Comment No. 1:"), taken off."""
    if region and len(region[-1]) == 1:
        hit = number_of(region[-1][0].text)
        if hit and not hit[1]:
            return region[:-1], hit[0]
    return region, None


def _answer_lines(answer: list[Para]) -> list[Line]:
    """An answer's lines, its "Response:" label taken off."""
    out = [line for para in answer for line in para]
    if out and (label := label_of(out[0].text)) is not None:
        first = out[0]
        lead = [Line(label, first.page, para=True, rect=first.rect, x0=first.x0)] if label \
            else []
        out = lead + out[1:]
    return out


def whole_request(lines: list[Line], meta: Meta, fmt: str, headed: bool) -> list[Piece]:
    """A staff letter without numbered comments: its request is one comment, numbered 1 and
    marked unnumbered. A request letter's body, from the salutation to the closing boilerplate,
    is the comment; a comment letter with a single unnumbered comment ("we have the following
    comment") opens with its usual paragraphs, and the comment follows the headings after them."""
    paras = paragraphs(lines, fmt)
    begin = _after_salutation(paras, lines, meta)
    stop = _closing(paras, begin, _signoff(paras, begin))
    heads: list[str] = []
    if headed:
        first = next((i for i in range(begin + 1, stop) if heading_like(paras[i], False)), None)
        if first is not None:
            last = first
            while last + 1 < stop and heading_like(paras[last + 1], False):
                last += 1
            heads = [h for para in paras[first:last + 1]
                     for h in heading_texts(para, wrapped=fmt == "pdf")]
            begin = last + 1
    if stop <= begin:
        return []
    piece = Piece(1, heads, paras[begin][0], unnumbered=True)
    piece.text = [line for para in paras[begin:stop] for line in para]
    return [piece]


def _after_salutation(paras: list[Para], lines: list[Line], meta: Meta) -> int:
    if meta.salutation < 0:
        return 0
    target = lines[meta.salutation]
    for index, para in enumerate(paras):
        if any(line is target for line in para):
            return index + 1
    return 0


def _signoff(paras: list[Para], begin: int) -> int:
    for index in range(begin, len(paras)):
        if SIGNOFF.match(paras[index][0].text):
            return index
    return len(paras)


def _starts(paras: list[Para], begin: int, end: int, fmt: str) -> list[tuple[int, int]]:
    """(paragraph index, number) of each comment, numbers running on by one.

    A letter's comments are numbered from 1, and numbered items inside a comment or an answer
    restart at 1: the run opened by the first plausible paragraph numbered 1 holds the
    comments, so a numbered note heading ("7. Policy Liabilities, page 139") above the first
    comment does not open it, nor does a list in an answer. Without any 1, the first plausible
    number does."""
    numbered = [(index, hit[0], hit[1]) for index in range(begin, end)
                if (hit := number_of(paras[index][0].text))]
    for k, (index, number, rest) in enumerate(numbered):
        if number == 1 and _plausible_first(paras, index, rest) \
                and not numbered_title(paras[index][0].text):
            return _run(paras, numbered[k:], fmt)
    for k, (index, number, rest) in enumerate(numbered):
        if number <= 30 and _plausible_first(paras, index, rest):
            return _run(paras, numbered[k:], fmt)
    return []


def _run(paras: list[Para], numbered: list[tuple[int, int, str]], fmt: str
         ) -> list[tuple[int, int]]:
    """The run of paragraphs numbered on by one from the first of `numbered`, aligned with it.

    Numbered items inside a comment or its answer restart at 1, and the items after that
    continue the inner list: a "2." after an inner "1." is the list's, not comment 2, unless it
    is marked as the comments are and the list is not (its marker "Comment No. 2:" or "(2)",
    its emphasis, or in a PDF its margin). In a PDF a comment's number stands at the first
    comment's margin or hangs left of its own wrapped lines."""
    x0 = paras[numbered[0][0]][0].x0
    mark = _mark(paras[numbered[0][0]][0], fmt, x0)
    found = [(numbered[0][0], numbered[0][1])]
    inner: tuple[int, tuple[object, ...]] | None = None  # the inner list's last number, mark
    for index, number, _ in numbered[1:]:
        line = paras[index][0]
        aligned = fmt != "pdf" or abs(line.x0 - x0) <= 14 or _hanging(paras[index])
        if number == 1:
            inner = (1, _mark(line, fmt, x0))
            continue
        if inner is not None and number == inner[0] + 1:
            own = _mark(line, fmt, x0)
            if not (own == mark != inner[1] and aligned and number == found[-1][1] + 1):
                inner = (number, inner[1])
                continue
        if number != found[-1][1] + 1 or not aligned:
            continue
        found.append((index, number))
        inner = None
    return found


def _mark(line: Line, fmt: str, x0: float) -> tuple[object, ...]:
    """How a numbered paragraph is marked: the shape of its number ("#.", "(#)", "comment no.
    #:"), its emphasis, and in a PDF whether it stands at the comments' margin."""
    match = re.match(r"\W*(?:[a-z.'’ ]*?)\(?\d{1,3}\s*[.):]?", line.text, re.I)
    shape = re.sub(r"\d+", "#", match.group(0).lower()) if match else ""
    return (shape.strip(), round(line.bold), round(line.italic), round(line.underline),
            fmt == "pdf" and abs(line.x0 - x0) <= 14)


def _hanging(para: Para) -> bool:
    """A PDF paragraph whose number hangs left of its wrapped lines: a numbered paragraph's
    own start, wherever the letter's margin puts it (a wrapped line is never outdented)."""
    return len(para) > 1 and para[1].page == para[0].page and para[1].x0 - para[0].x0 >= 10


def _plausible_first(paras: list[Para], index: int, rest: str) -> bool:
    """The first comment has words: on its line, or, when the number stands alone ("Comment
    #1:"), in the next paragraphs, below a heading or two."""
    if rest:
        return len(rest.split()) >= 3 or index + 1 < len(paras)
    return any(len(para[0].text.split()) >= 3 for para in paras[index + 1: index + 4])


def _closing(paras: list[Para], start: int, end: int) -> int:
    for index in range(start, end):
        if CLOSING.match(paras[index][0].text):
            return index
    return end


def _take_headings(region: list[Para], styled: bool, fmt: str) -> tuple[list[str], list[Para]]:
    """Split the heading stack off the end of a region: (headings, the region before them).
    A bare "Comment:" label between the headings and the comment belongs to neither."""
    end = len(region)
    while end > 0 and _BARE_LABEL.match(" ".join(line.text for line in region[end - 1])):
        end -= 1
    cut = end
    while cut > 1 and heading_like(region[cut - 1], styled):
        cut -= 1
    if cut == 1 and region and heading_like(region[0], styled) and number_of(region[0][0].text) \
            is None:
        cut = 0
    heads = [h for para in region[cut:end] for h in heading_texts(para, wrapped=fmt == "pdf")]
    return heads, region[:cut]


_BARE_LABEL = re.compile(r"^\s*(?:the\s+)?(?:(?:staff|sec|commission)'?s?\s+)?comments?"
                         r"\s*[:.\-–—]?\s*$", re.I)


def _fill(piece: Piece, region: list[Para], kind: str) -> None:
    """Share the region's lines between the comment's text and (responses) its answer."""
    first = region[0][0]
    hit = number_of(first.text)
    rest = hit[1] if hit else first.text
    opening: list[Line] = []
    if rest:
        opening = [Line(rest, first.page, para=True, bold=first.bold, italic=first.italic,
                        underline=first.underline, rect=first.rect, x0=first.x0)]
    piece.shares_first = bool(opening)
    body = opening + region[0][1:]
    paras = [body] + region[1:] if body else region[1:]
    if kind != "response":
        piece.text = [line for para in paras for line in para]
        return
    cut, answer_start = _answer_cut(paras)
    piece.text = [line for para in paras[:cut] for line in para]
    answer = [line for para in paras[cut + 1:] for line in para]
    if cut < len(paras):
        if answer_start is None:
            answer = [line for para in paras[cut:] for line in para]
        else:
            head = paras[cut]
            lead = [Line(answer_start, head[0].page, para=True, rect=head[0].rect,
                         x0=head[0].x0)] if answer_start else []
            answer = lead + head[1:] + answer
    piece.answer = answer
    if piece.text and COMMENT_LABEL.match(piece.text[0].text):
        piece.text[0].text = COMMENT_LABEL.sub("", piece.text[0].text, count=1)


COMMENT_LABEL = re.compile(r"^\s*(?:the\s+)?(?:staff'?s?\s+)?comments?\s*[:.\-–—]\s*", re.I)


def _answer_cut(paras: list[Para]) -> tuple[int, str | None]:
    """(index of the paragraph where the answer begins, the words after its label or None)."""
    for index in range(1, len(paras)):
        label = label_of(paras[index][0].text)
        if label is not None:
            return index, label
    if not paras:
        return 0, None
    bold, italic, underline = style(paras[0])
    if max(bold, italic) >= 0.5:
        for index, para in enumerate(paras[1:], start=1):
            b, i, u = style(para)
            if (bold >= 0.5 and b < 0.5) or (italic >= 0.5 and i < 0.5):
                return index, None
            # an answer may open with a heading of its own, marked otherwise than the recital
            if (b >= 0.5, u >= 0.5) != (bold >= 0.5, underline >= 0.5) \
                    and heading_like(para, True):
                return index, None
        return len(paras), None
    return min(1, len(paras)), None


def _doubts(comments: tuple[ParsedComment, ...], meta: Meta, letter_kind: str) -> list[str]:
    doubts: list[str] = []
    if letter_kind == "response" and not comments:
        doubts.append("No numbered comments were found in this response: it may answer in "
                      "running prose, or its comments were missed. Check the split.")
    numbers = [c.number for c in comments]
    for before, after in zip(numbers, numbers[1:], strict=False):
        if after != before + 1:
            doubts.append(f"Comment numbers go from {before} to {after}: a comment may have been "
                          "missed or split wrongly. Check the split around them.")
    for comment in comments:
        inner = [int(n) for n in re.findall(r"(?m)^\s*(\d{1,3})[.)]\s+[A-Z]", comment.text)]
        skipped = [n for n in inner if n > comment.number + 1] if 1 not in inner else []
        if skipped:
            doubts.append(f"Comment {comment.number} has a paragraph numbered {skipped[0]}, out "
                          "of sequence: it may be a comment of its own. Split it if so.")
        if len(comment.text.split()) > _LONG_WORDS:
            doubts.append(f"Comment {comment.number} is unusually long; its end may have been "
                          "missed.")
        if meta.kind == "response" and not comment.response:
            doubts.append(f"No answer was found for comment {comment.number}.")
    return doubts
