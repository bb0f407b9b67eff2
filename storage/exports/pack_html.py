"""The review pack's pages as HTML + CSS, laid out by pymupdf.Story in pack_pdf.

Elements with an id are found again after layout: `chart` (where the bar chart is drawn),
`c-N` (the N-th comment's section: bookmarks and links)."""
from __future__ import annotations

from collections import Counter
from datetime import date
from html import escape

from storage.due import describe_due, is_overdue
from storage.exports import Selection
from storage.exports.edgar_html import blocks_html
from storage.exports.gather import (
    Bundle,
    Item,
    describe_event,
    long_date,
    when,
)
from storage.exports.pack_images import Picture
from storage.exports.pack_precedent import Found
from storage.exports.richtext import blocks
from storage.models import STATUS_LABELS, STATUS_TINTS, STATUSES, Annotation
from storage.precedent.for_comment import first_words, follow_up
from storage.precedent.search import Precedent

CHART_HEIGHT = 150  # points
BODY_WIDTH = 504  # points between the margins of a Letter page
LAST_CHANGES = 6
PRECEDENT_WORDS = 60  # of a precedent's comment, and of its answer
OUTCOME_TINTS = {"closed": "#d3f9d8", "followed_up": "#ffec99", "committed": "#d0ebff",
                 "unknown": "#e9ecef"}

CSS = """
body { font-family: sans-serif; font-size: 9.5pt; color: #212529; margin: 0; }
h1 { font-size: 18pt; color: #1f3864; margin: 0 0 8pt 0; }
h2 { font-size: 12.5pt; color: #1f3864; margin: 0 0 3pt 0; }
h3 { font-size: 9pt; color: #1f3864; margin: 12pt 0 4pt 0; }
p { margin: 0 0 6pt 0; }
ul, ol { margin: 0 0 6pt 0; }
li { margin: 0 0 2pt 0; }
.kicker { font-size: 9pt; color: #868e96; letter-spacing: 1pt; margin: 0 0 4pt 0; }
.title { font-size: 22pt; font-weight: bold; color: #1f3864; margin: 0 0 6pt 0; }
.sub { font-size: 11pt; color: #495057; margin: 0 0 2pt 0; }
.meta { font-size: 8.5pt; color: #495057; margin: 0 0 6pt 0; }
.path { font-size: 8.5pt; color: #868e96; margin: 0 0 2pt 0; }
.muted { color: #868e96; }
table { width: 100%; margin: 0 0 8pt 0; }
th { text-align: left; font-size: 8pt; color: #ffffff; background-color: #1f3864;
     padding: 2pt 4pt 2pt 4pt; }
td { font-size: 8.5pt; padding: 2pt 4pt 2pt 4pt; border-bottom: 0.5pt solid #dee2e6;
     vertical-align: top; }
.num { text-align: right; }
.quote { background-color: #f1f3f5; border-left: 2pt solid #1f3864; padding: 6pt;
         margin: 0 0 6pt 0; }
.answer { margin: 0 0 4pt 0; }
.note { border-left: 2pt solid #adb5bd; padding: 2pt 0 2pt 6pt; margin: 0 0 5pt 0; }
.reply { margin-left: 18pt; }
.who { font-weight: bold; }
.resolved { color: #868e96; }
.change { font-size: 8.5pt; margin: 0 0 2pt 0; }
a { color: #1f3864; text-decoration: none; }
.precedent { border-left: 2pt solid #c77700; padding: 1pt 0 1pt 6pt; margin: 0 0 5pt 0;
             font-size: 8pt; }
.precedent p { margin: 0 0 1.5pt 0; }
.outcome { font-weight: bold; }
.why { color: #868e96; }
"""


def _e(text: str | None) -> str:
    return escape(text or "")


Pictures = dict[int, list[Picture]]  # by the comment's index in the bundle


Chunk = tuple[str, str, bool]  # (its head, never left alone at a page's foot; all of it;
#                               whether it starts a comment: a rule above it)


def parts(bundle: Bundle, selection: Selection, made_by: str, images: Pictures,
          today: date | None = None, precedent: Found | None = None) -> list[list[Chunk]]:
    """The pack in parts that each start a page — cover, summary, table, the comments — and
    each part in chunks that flow one after the other."""
    sections: list[Chunk] = []
    for index, item in enumerate(bundle.items):
        sections += section(bundle, index, item, images.get(index, []), today,
                            precedent.by_item.get(index, []) if precedent else [])
    return [[("", cover(bundle, selection, made_by, precedent), False)],
            [("", summary(bundle, today), False)], [("", table(bundle, today), False)],
            sections]


def _head(*columns: tuple[str, int]) -> str:
    """A table's header row; widths in percent of the page, given to MuPDF in points (it
    takes percentages as a minimum and shares the rest out unevenly)."""
    space = BODY_WIDTH - 10 * len(columns) - 10  # less each cell's padding and rules
    return "<tr>" + "".join(f'<th style="width: {space * width / 100:.0f}pt">{_e(title)}</th>'
                            for title, width in columns) + "</tr>"


# -- cover ---------------------------------------------------------------------------------------

def cover(bundle: Bundle, selection: Selection, made_by: str,
          precedent: Found | None = None) -> str:
    matter = bundle.matter
    numbers = ", ".join(matter.file_numbers)
    out = ['<p class="kicker">REVIEW PACK</p>', f'<p class="title">{_e(matter.title)}</p>',
           f'<p class="sub">{_e(matter.company)}'
           + (f" · File No. {_e(numbers)}" if numbers else "") + "</p>"]
    if matter.filings:
        out.append("<h3>Filings reviewed</h3><ul>"
                   + "".join(f"<li>{_e(f)}</li>" for f in matter.filings) + "</ul>")
    out.append(_letters(bundle))
    out.append(_reviewers(bundle))
    out.append("<h3>This pack</h3>"
               f"<p>{_e(_contents(bundle, selection))}</p>"
               f"<p>Made {_e(when(_now()))}" + (f" by {_e(made_by)}" if made_by else "")
               + ".</p>" + (_precedent_source(precedent) if precedent else ""))
    return "".join(out)


def _precedent_source(precedent: Found) -> str:
    if not any(precedent.by_item.values()):
        return (f"<p>The precedent library {_e(precedent.library)} was asked for each comment; "
                "it holds nothing close enough to any of them to show.</p>")
    return (f"<p>After each comment, up to three precedents from the library "
            f"{_e(precedent.library)}: the most similar comments the staff made to other "
            "companies, from their public correspondence, with the answers those companies "
            "filed and what came of them.</p>")


def _now() -> str:
    from storage.ids import now

    return now()


def _contents(bundle: Bundle, selection: Selection) -> str:
    count = len(bundle.items)
    noun = "comment" if count == 1 else "comments"
    if selection.only == "open":
        return f"The {count} open {noun} (not yet approved or filed)."
    if selection.only == "ids":
        return f"{count} selected {noun}."
    return f"All {count} {noun} of the matter."


def _letters(bundle: Bundle) -> str:
    counts = Counter(item.document.id for item in bundle.items)
    rows = "".join(
        f"<tr><td>{_e(d.label)}</td><td>{_e(d.name)}</td><td class='num'>{d.round}</td>"
        f"<td class='num'>{d.page_count}</td><td class='num'>{counts.get(d.id, 0) or ''}</td>"
        "</tr>" for d in bundle.letters())
    head = _head(("Letter", 28), ("File", 42), ("Round", 10), ("Pages", 10),
                 ("In this pack", 10))
    return f"<h3>Letters</h3><table>{head}{rows}</table>"


def _reviewers(bundle: Bundle) -> str:
    owned = Counter(item.response.owner_id for item in bundle.items)
    rows = "".join(
        f"<tr><td><span style='color: {r.color}'>■</span> {_e(r.name)}</td>"
        f"<td>{_e(r.initials)}</td><td class='num'>{owned.get(r.id, 0) or ''}</td></tr>"
        for r in bundle.reviewers.values())
    if not rows:
        return ""
    head = _head(("Name", 50), ("Initials", 20), ("Comments owned", 30))
    return f"<h3>Reviewers</h3><table>{head}{rows}</table>"


# -- summary and table ---------------------------------------------------------------------------

def summary(bundle: Bundle, today: date | None = None) -> str:
    items = bundle.items
    counts = Counter(item.response.status for item in items)
    overdue = sum(is_overdue(i.response.due_date, i.response.status, today) for i in items)
    notes = sum(len(i.unresolved) for i in items)
    rows = "".join(
        f"<tr><td style='background-color: {STATUS_TINTS[s]}'>{STATUS_LABELS[s]}</td>"
        f"<td class='num'>{counts.get(s, 0)}</td>"
        f"<td class='num'>{_share(counts.get(s, 0), len(items))}</td></tr>" for s in STATUSES)
    return (f'<h1>Status summary</h1><div id="chart" style="height: {CHART_HEIGHT}pt"></div>'
            f"<table>{_head(('Status', 50), ('Comments', 25), ('Share', 25))}"
            f"{rows}<tr><td><b>Total</b></td><td class='num'><b>{len(items)}</b></td><td></td>"
            "</tr></table>"
            f"<p><b>{overdue}</b> overdue · <b>{notes}</b> unresolved notes</p>"
            + _by_owner(bundle, today) + by_topic(bundle))


def _share(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else ""


def _by_owner(bundle: Bundle, today: date | None) -> str:
    owners: dict[str, Counter[str]] = {}
    for item in bundle.items:
        name = bundle.name(item.response.owner_id) or "Unassigned"
        counter = owners.setdefault(name, Counter())
        counter[item.response.status] += 1
        counter["overdue"] += is_overdue(item.response.due_date, item.response.status, today)
    head = _head(("Owner", 40), *((STATUS_LABELS[s], 10) for s in STATUSES), ("Overdue", 10))
    rows = "".join(
        f"<tr><td>{_e(name)}</td>" + "".join(f"<td class='num'>{c.get(s, 0) or ''}</td>"
                                             for s in (*STATUSES, "overdue")) + "</tr>"
        for name, c in sorted(owners.items()))
    return f"<h3>By owner</h3><table>{head}{rows}</table>"


def by_topic(bundle: Bundle) -> str:
    """Comments per topic tag, by status; those with no tag on a last row."""
    topics: dict[str, Counter[str]] = {}
    for item in bundle.items:
        for tag in item.tags or ("",):
            topics.setdefault(tag, Counter())[item.response.status] += 1
    if not topics:
        return ""
    order = [t for t in bundle.topic_labels if t in topics] + ([""] if "" in topics else [])
    head = _head(("Topic", 40), *((STATUS_LABELS[s], 10) for s in STATUSES), ("Total", 10))
    rows = "".join(
        f"<tr><td>{_e(bundle.topic_labels.get(t, t) or 'No topic')}</td>"
        + "".join(f"<td class='num'>{topics[t].get(s, 0) or ''}</td>" for s in STATUSES)
        + f"<td class='num'>{sum(topics[t].values())}</td></tr>" for t in order)
    return f"<h3>By topic</h3><table>{head}{rows}</table>"


def table(bundle: Bundle, today: date | None = None) -> str:
    rows = []
    for index, item in enumerate(bundle.items):
        response = item.response
        late = is_overdue(response.due_date, response.status, today)
        due = _e(response.due_date or "") + (" <b style='color: #c92a2a'>late</b>"
                                             if late else "")
        rows.append(
            f"<tr><td class='num'><a href='#c-{index}'>{item.comment.number}</a></td>"
            f"<td>{_e(item.document.label)}</td><td>{_e(_heading(item))}</td>"
            f"<td class='num'>{item.comment.page or ''}</td>"
            f"<td style='background-color: {STATUS_TINTS.get(response.status, '#fff')}'>"
            f"{_e(item.status_label)}</td><td>{_e(bundle.name(response.owner_id))}</td>"
            f"<td>{due}</td></tr>")
    head = _head(("No.", 5), ("Letter", 16), ("Heading", 37), ("Page", 6), ("Status", 11),
                 ("Owner", 12), ("Due", 13))
    return f"<h1>Comments</h1><table>{head}{''.join(rows)}</table>"


def _heading(item: Item) -> str:
    return item.comment.heading_path[-1] if item.comment.heading_path else ""


def bookmark(item: Item) -> str:
    heading = _heading(item)
    return f"{item.comment.number}. {heading}" if heading else f"Comment {item.comment.number}"


# -- one comment ---------------------------------------------------------------------------------

def section(bundle: Bundle, index: int, item: Item, images: list[Picture],
            today: date | None = None, precedents: list[Precedent] | None = None
            ) -> list[Chunk]:
    """A comment's chunks: its head (title, where it stands, its text, its picture), then its
    answer, notes, precedent and last changes, each kept with its title."""
    response = item.response
    due = (f" · due {long_date(response.due_date)} ({describe_due(response.due_date, today)})"
           if response.due_date and response.status not in ("approved", "filed") else "")
    owner = bundle.name(response.owner_id)
    out = [f'<h2 id="c-{index}">Comment {item.comment.number}'
           + (f" — {_e(_heading(item))}" if _heading(item) else "") + "</h2>",
           f'<p class="path">{_e(" / ".join(item.comment.heading_path[:-1]))}</p>'
           if len(item.comment.heading_path) > 1 else "",
           f'<p class="meta">{_e(item.document.label)}'
           + (f" · page {item.comment.page}" if item.comment.page else "")
           + f" · <span style='background-color: {STATUS_TINTS.get(response.status, '#fff')}'>"
           f"&#160;{_e(item.status_label)}&#160;</span>"
           + (f" · {_e(owner)}" if owner else " · unassigned") + _e(due) + "</p>",
           '<div class="quote">' + "".join(f"<p>{_e(p)}</p>" for p in
                                           item.comment.text.split("\n") if p.strip())
           + "</div>"]
    head = "".join(out)
    pictures = "".join(f'<p id="{p.name}"><img src="{p.name}.png" width="{p.width:.1f}"/></p>'
                       for p in images)
    chunks = [(head, head + pictures, True)]
    for title, body in (_answer(item), _attachments(item), _notes(bundle, item),
                        _precedents(bundle, precedents or []), _changes(bundle, item)):
        if body:
            chunks.append((title, title + body, False))
    return chunks


def _answer(item: Item) -> tuple[str, str]:
    title = {"draft": "Answer (current draft)", "filed": "Answer (as filed)",
             "none": "Answer"}[item.answer_source]
    if item.answer_source == "none":
        return f"<h3>{title}</h3>", '<p class="muted">No answer drafted yet.</p>'
    return f"<h3>{title}</h3>", f'<div class="answer">{blocks_html(blocks(item.answer))}</div>'


def _attachments(item: Item) -> tuple[str, str]:
    """Every file attached, with its Rule 83 mark; in the pack, never in the filed letter."""
    if not item.attachments:
        return "", ""
    rows = "".join(f"<li>{_e(a.label)}" + (" — attached to the comment"
                                           if a.target == "comment" else "") + "</li>"
                   for a in item.attachments)
    return f"<h3>Attachments ({len(item.attachments)})</h3>", f"<ul>{rows}</ul>"


def _notes(bundle: Bundle, item: Item) -> tuple[str, str]:
    if not item.notes:
        return "", ""
    ids = {n.id for n in item.notes}
    roots = [n for n in item.notes if n.parent_id not in ids]
    out = []
    for root in roots:
        out.append(_note(bundle, root, reply=False))
        out += [_note(bundle, n, reply=True) for n in item.notes if n.parent_id == root.id]
    return f"<h3>Notes ({len(item.unresolved)} unresolved)</h3>", "".join(out)


def _note(bundle: Bundle, note: Annotation, reply: bool) -> str:
    who = bundle.name(note.author_id) or "Unknown"
    state = (f" · <span class='resolved'>resolved {_e(when(note.resolved_at))}</span>"
             if note.resolved_at else "")
    where = {"response": " on the answer", "region": " on the letter"}.get(note.target, "")
    quote = f"<br/><i>“{_e(note.quote)}”</i>" if note.quote else ""
    css = "note reply" if reply else "note"
    return (f'<div class="{css}"><span class="who">{_e(who)}</span>'
            f'<span class="muted"> · {_e(when(note.created_at))}{where}</span>{state}'
            f"{quote}<br/>{_e(note.body)}</div>")


def _precedents(bundle: Bundle, found: list[Precedent]) -> tuple[str, str]:
    """Other companies' comments like this one, so a reader never takes them for the matter's
    own: marked as such, with a bar of their own colour."""
    if not found:
        return "", ""
    title = ("<h3>Precedent <span class='muted'>· other companies’ public correspondence, "
             "not this matter</span></h3>")
    return title, "".join(_precedent(bundle, p) for p in found)


def _precedent(bundle: Bundle, p: Precedent) -> str:
    where = " · ".join(_e(part) for part in (long_date(p.letter_date), p.filing) if part)
    tint = OUTCOME_TINTS.get(p.outcome, OUTCOME_TINTS["unknown"])
    answer = (_e(first_words(p.answer, PRECEDENT_WORDS)) if p.answer
              else "<span class='muted'>none in the library</span>")
    why = p.why(bundle.topic_labels)
    came_back = follow_up(p)
    return (f'<div class="precedent"><p><b>{_e(p.company)}</b> · {where}</p>'
            f"<p><span class='outcome' style='background-color: {tint}'>&#160;"
            f"{_e(p.outcome_label)}&#160;</span>"
            + (f" <i>“{_e(came_back)}”</i>" if came_back else "") + "</p>"
            f"<p><span class='muted'>Comment {p.number}:</span> "
            f"{_e(first_words(p.text, PRECEDENT_WORDS))}</p>"
            f"<p><span class='muted'>Answer filed:</span> {answer}</p>"
            + (f"<p class='why'>Matched on {_e(why)}</p>" if why else "") + "</div>")


def _changes(bundle: Bundle, item: Item) -> tuple[str, str]:
    if not item.events:
        return "", ""
    recent = list(reversed(item.events[-LAST_CHANGES:]))
    rows = "".join(f'<p class="change"><span class="muted">{_e(when(e.at))}</span> · '
                   f"{_e(bundle.name(e.author_id) or 'Unknown')} · "
                   f"{_e(describe_event(e, bundle))}</p>" for e in recent)
    more = len(item.events) - len(recent)
    tail = f'<p class="change muted">… and {more} earlier</p>' if more > 0 else ""
    return "<h3>Last changes</h3>", rows + tail
