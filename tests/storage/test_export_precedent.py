"""The review pack with precedent: each comment's best three from a library built of the bundled
sample letters, asked as the Precedent dock asks; none without a library; a library that cannot
be read is one warning line and the pack is written all the same; `--precedent` only for the
pack on the command line."""
from __future__ import annotations

import sqlite3
import unicodedata
from dataclasses import replace
from pathlib import Path

import pymupdf
import pytest

from storage.exports import Cancelled
from storage.exports.pack_pdf import export_pack
from storage.importer import import_letter
from storage.models import Comment
from storage.precedent.build import build
from storage.precedent.for_comment import FOLLOW_UP_WORDS, follow_up, for_comment
from storage.precedent.library import open_readonly
from storage.precedent.search import Precedent
from storage.store import Store
from storage.topics import taxonomy_for
from tests.conftest import CORPUS
from tests.storage.conftest import letter, run_export_command

TEXTS = ("Tell us whether your MNS reporting unit was at risk of failing step 1 and the "
         "percentage by which its fair value exceeded its carrying value.",
         "Explain the zebra husbandry of the aquarium.")  # no word of it in the library
MARK = "other companies’ public correspondence"


@pytest.fixture
def matter(store: Store) -> tuple[Store, str, list[Comment]]:
    result = import_letter(store, letter(texts=TEXTS), b"staff letter")
    return store, result.matter.id, store.comments(document_id=result.document.id)


def _pages(path: Path) -> list[str]:
    return [" ".join(unicodedata.normalize("NFKC", page.get_text()).split())
            for page in pymupdf.open(path)]


def _section(text: str, number: int) -> str:
    """A comment's section of the pack's text: from its title to the next comment's."""
    start = text.index(f"Comment {number} —" if f"Comment {number} —" in text
                       else f"Comment {number} ")
    end = text.find(f"Comment {number + 1} ", start)
    return text[start:end if end > 0 else None]


def test_the_pack_shows_each_comments_best_precedents(matter, sample_library: Path,
                                                      tmp_path: Path) -> None:
    store, matter_id, comments = matter
    warned: list[str] = []
    out = export_pack(store, matter_id, tmp_path / "pack.pdf", precedent=sample_library,
                      warn=warned.append)
    assert warned == []
    pages = _pages(out)
    assert "sample.rejoinder-library" in pages[0]  # the cover names where they came from
    text = " ".join(pages[3:])
    first = _section(text, 1)
    with open_readonly(sample_library) as conn:  # the dock's query finds the pack's rows
        expected = for_comment(conn, store, comments[0], limit=3)
    assert expected and expected[0].company == "21Vianet Group, Inc."
    assert f"Precedent · {MARK}" in first
    assert first.count(expected[0].company) == len(expected) <= 3
    for p in expected:
        assert p.outcome_label in first
        assert " ".join(p.text.split()[:12]) in first
    assert "Committed to future disclosure" in first
    assert "Answer filed: The Company respectfully advises the Staff" in first
    assert "Matched on " + expected[0].why(taxonomy_for(store).labels) in first
    assert "Precedent" not in _section(text, 2)  # none found: no block at all


def test_a_library_with_nothing_close_says_so_on_the_cover(store: Store, sample_library: Path,
                                                          tmp_path: Path) -> None:
    matter_id = import_letter(store, letter(texts=(TEXTS[1],)), b"zebra").matter.id
    cover = _pages(export_pack(store, matter_id, tmp_path / "pack.pdf",
                               precedent=sample_library))[0]
    assert "holds nothing close enough" in cover and "After each comment" not in cover


def test_looking_up_precedent_reports_progress_and_can_be_cancelled(matter, sample_library: Path,
                                                                    tmp_path: Path) -> None:
    store, matter_id, comments = matter
    seen: list[tuple[int, int]] = []
    export_pack(store, matter_id, tmp_path / "pack.pdf", precedent=sample_library,
                progress=lambda done, total: seen.append((done, total)) is None)
    total = 2 * len(comments) + 2
    assert {t for _, t in seen} == {total} and seen[-1] == (total, total)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert (len(comments) + 1, total) in seen  # the first comment's precedents looked up

    def stop_in_the_library(done: int, total: int) -> bool:
        return done != len(comments) + 1  # just after the first comment's look-up

    with pytest.raises(Cancelled):
        export_pack(store, matter_id, tmp_path / "cancelled.pdf", precedent=sample_library,
                    progress=stop_in_the_library)
    assert not (tmp_path / "cancelled.pdf").exists()


def test_without_a_library_the_pack_has_no_precedent(matter, tmp_path: Path) -> None:
    store, matter_id, _ = matter
    text = " ".join(_pages(export_pack(store, matter_id, tmp_path / "pack.pdf")))
    assert "Comment 1" in text and "Precedent" not in text and MARK not in text


@pytest.mark.parametrize("kind", ["damaged", "missing", "newer"])
def test_an_unreadable_library_is_one_warning_and_the_pack_is_written(
        matter, tmp_path: Path, kind: str) -> None:
    store, matter_id, _ = matter
    bad = tmp_path / "firm.rejoinder-library"
    if kind == "damaged":
        bad.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4000)
    elif kind == "newer":
        with sqlite3.connect(bad) as db:
            db.execute("PRAGMA user_version = 9")
    warned: list[str] = []
    out = export_pack(store, matter_id, tmp_path / "pack.pdf", precedent=bad,
                      warn=warned.append)
    assert len(warned) == 1 and "firm.rejoinder-library" in warned[0]
    assert "\n" not in warned[0] and "without precedent" in warned[0]
    text = " ".join(_pages(out))
    assert "Comment 1" in text and "Precedent" not in text


def test_a_follow_up_is_shortened_and_only_for_a_follow_up() -> None:
    said = " ".join(f"word{i}" for i in range(40))
    p = Precedent(1, "Xylem Inc.", "2022-08-01", "Form 10-K", None, 3, "", "text", None, None,
                  "followed_up", said, 1.0)
    assert follow_up(p).startswith("word0 word1")
    assert follow_up(p).endswith("word24 …") and "word25" not in follow_up(p)
    assert follow_up(replace(p, outcome="closed")) == ""


@pytest.mark.corpus
def test_a_real_follow_up_in_the_pack(store: Store, tmp_path: Path) -> None:
    """Xylem's comment 3 of August 2022, asked by another company: the staff came back."""
    library = tmp_path / "wide.rejoinder-library"
    build(library, [CORPUS / "wide" / "XYL_0000000000-22-008046",
                    CORPUS / "wide" / "ADM_0000000000-20-007987"])
    with open_readonly(library) as conn:
        text, said = conn.execute(
            "SELECT text, follow_up FROM precedents WHERE company = 'Xylem Inc.' AND number = 3 "
            "AND letter_date = '2022-08-01'").fetchone()
    result = import_letter(store, letter(texts=(text,)), b"staff letter")
    first = _section(" ".join(_pages(export_pack(store, result.matter.id, tmp_path / "p.pdf",
                                                 precedent=library))[3:]), 1)
    assert "Xylem Inc. · August 1, 2022" in first
    assert "Staff followed up “" + " ".join(said.split()[:FOLLOW_UP_WORDS]) in first
    assert " ".join(said.split()[:FOLLOW_UP_WORDS + 3]) not in first


def test_the_command_line_takes_precedent_for_the_pack_only(matter, workspace_path: Path,
                                                            sample_library: Path, tmp_path: Path,
                                                            capsys) -> None:
    store, _, _ = matter
    store.close()
    common = ("export", "--workspace", str(workspace_path), "--precedent", str(sample_library))
    assert run_export_command(*common, "--format", "docx", "--out", str(tmp_path / "l.docx")) == 2
    assert "--precedent is for the review pack only" in capsys.readouterr().err
    assert not (tmp_path / "l.docx").exists()
    assert run_export_command(*common, "--format", "pack", "--out", str(tmp_path / "p.pdf")) == 0
    assert capsys.readouterr().err == ""
    assert "21Vianet Group, Inc." in " ".join(_pages(tmp_path / "p.pdf"))
    assert run_export_command("export", "--workspace", str(workspace_path), "--precedent",
                str(tmp_path / "gone.lib"), "--format", "pack", "--out",
                str(tmp_path / "q.pdf")) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "warning" in err and "gone.lib" in err
    assert (tmp_path / "q.pdf").exists()
