"""The precedent library on real letters of ../shared/corpus/wide: built, resumed, outcomes
read, and the ranking's order, repeats and exclusions; bad libraries refused in one line."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storage.precedent.build import build
from storage.precedent.library import LibraryError, open_readonly
from storage.precedent.search import Filters, similar
from storage.topics import load_taxonomy
from tests.conftest import CORPUS

WIDE = CORPUS / "wide"
# A few reviews; the Waste Management review of 2016 is held out to query with.
FOLDERS = ("ADM_0000000000-20-007987", "ADM_0000000000-24-005934", "CCI_0000000000-25-005508",
           "MDLZ_0000000000-19-004694", "NCLH_0000000000-17-009157", "PODD_0000000000-16-082809",
           "LHX_0000000000-23-014012", "XYL_0000000000-22-008046",
           "SBUX_0000000000-19-008093",
           "COF_0000000000-23-014108", "OXY_0000000000-16-081784")
HELD_OUT = "WM_0000000000-16-086446"
GOODWILL = ("Please tell us whether you have any reporting units with material goodwill at risk "
            "of failing step one of the goodwill impairment test under ASC 350-20-35. Disclose "
            "the percentage by which fair value exceeded carrying value.")


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("precedent") / "library.rejoinder-library"
    build(out, [WIDE / f for f in FOLDERS])
    return out


@pytest.fixture
def conn(library: Path) -> sqlite3.Connection:
    return open_readonly(library)


def _ask(conn: sqlite3.Connection, text: str, **kw: object) -> list:
    return similar(conn, text, load_taxonomy().tag(text), **kw)  # type: ignore[arg-type]


@pytest.mark.corpus
def test_build_resumes_and_add_skips_what_is_in(library: Path, tmp_path: Path) -> None:
    seen: list[str] = []
    again = build(library.parent / "again.lib", [WIDE / FOLDERS[0]],
                  lambda d, t, p, w: seen.append(w))
    assert again.read == len(seen) and again.comments > 0
    resumed = build(library.parent / "again.lib", [WIDE / FOLDERS[0], WIDE / FOLDERS[1]])
    assert resumed.already == again.read and resumed.read > 0
    assert library.stat().st_size <= 1.5 * sum(p.stat().st_size for f in FOLDERS
                                               for p in (WIDE / f).iterdir())


@pytest.mark.corpus
def test_outcomes_read_from_the_thread(conn: sqlite3.Connection) -> None:
    rows = {(r[0], r[1]): r[2:] for r in conn.execute(
        "SELECT company, number, outcome, follow_up, answer FROM precedents "
        "WHERE company LIKE 'Xylem%' AND letter_date = '2022-08-01'")}
    outcome, follow_up, answer = rows[("Xylem Inc.", 3)]
    assert outcome == "followed_up" and follow_up.startswith("We note from your response to "
                                                             "prior comment 3")
    assert answer  # the filed answer, from the response letter
    assert rows[("Xylem Inc.", 1)][0] == "closed"
    assert rows[("Xylem Inc.", 2)][0] == "committed"


@pytest.mark.corpus
def test_ranking_order_repeats_and_other_companies(conn: sqlite3.Connection) -> None:
    found = _ask(conn, GOODWILL, limit=8, least=0.0)
    assert [p.score for p in found] == sorted((p.score for p in found), reverse=True)
    assert len({p.id for p in found}) == len(found)
    assert len({" ".join(p.text.split()) for p in found}) == len(found)
    top = found[:3]  # the three asking for the cushion of reporting units at risk
    assert all("exceeded carrying value" in " ".join(p.text.split()) for p in top)
    assert any("ASC 350" in p.why() for p in top)
    mdlz = _ask(conn, GOODWILL, company_key="mondelez international", least=0.0)
    assert mdlz and all(not p.company.startswith("Mondelez") for p in mdlz)


@pytest.mark.corpus
def test_only_the_same_question_is_shown(conn: sqlite3.Connection) -> None:
    """Crown Castle cites the same ASC 350-20-35 and speaks of goodwill impairment, but asks
    about the test of long-lived assets: under the least similarity, it is not shown."""
    everything = _ask(conn, GOODWILL, limit=8, least=0.0)
    shown = _ask(conn, GOODWILL, limit=8)
    assert "Crown Castle Inc." in {p.company for p in everything}
    assert [p.id for p in shown] == [p.id for p in everything[:3]]
    assert _ask(conn, "Please disclose that securities not yet accepted for payment after the "
                "expiration of forty business days from the commencement of the offer may "
                "always be withdrawn. See Rule 13e-4(f)(2)(ii).", least=0.0)
    assert not _ask(conn, "Please disclose that securities not yet accepted for payment after "
                    "the expiration of forty business days from the commencement of the offer "
                    "may always be withdrawn. See Rule 13e-4(f)(2)(ii).")


@pytest.mark.corpus
def test_a_held_out_letter_finds_its_question(conn: sqlite3.Connection) -> None:
    from storage.ingest import parse_file

    letter = parse_file(next((WIDE / HELD_OUT).glob("0000000000-16-086446*")))
    first = letter.comments[0]
    found = _ask(conn, "\n".join([*first.headings, first.text]), limit=5)
    assert len(found) >= 2 and all("goodwill" in p.text.lower() for p in found)


@pytest.mark.corpus
def test_a_comment_finds_itself_first_and_once(conn: sqlite3.Connection) -> None:
    for pid, heading, text in conn.execute(
            "SELECT id, heading, text FROM precedents ORDER BY id LIMIT 12").fetchall():
        found = _ask(conn, f"{heading}\n{text}", limit=5)
        assert found[0].id == pid
        assert [p.id for p in found].count(pid) == 1


@pytest.mark.corpus
def test_filters(conn: sqlite3.Connection) -> None:
    closed = _ask(conn, GOODWILL, filters=Filters(outcome="closed"), least=0.0)
    assert closed and {p.outcome for p in closed} == {"closed"}
    recent = _ask(conn, GOODWILL, filters=Filters(year_from=2023), least=0.0)
    assert recent and all((p.letter_date or "") >= "2023" for p in recent)
    tagged = _ask(conn, GOODWILL, filters=Filters(topic="goodwill"), least=0.0)
    assert tagged and all("goodwill" in p.text.lower() or p.shared_tags for p in tagged)
    office = conn.execute("SELECT office FROM precedents WHERE office IS NOT NULL").fetchone()[0]
    assert {p.office for p in _ask(conn, GOODWILL, filters=Filters(office=office),
                                   least=0.0)} <= {office}


def test_bad_libraries_are_refused_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(LibraryError, match="missing"):
        open_readonly(tmp_path / "none.lib")
    damaged = tmp_path / "damaged.lib"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x07" * 3000)
    with pytest.raises(LibraryError) as error:
        open_readonly(damaged)
    assert "\n" not in str(error.value)
    newer = tmp_path / "newer.lib"
    with sqlite3.connect(newer) as db:
        db.execute("PRAGMA user_version = 99")
        db.execute("CREATE TABLE t (x)")
    with pytest.raises(LibraryError, match="newer Rejoinder"):
        open_readonly(newer)
    before = newer.read_bytes()
    with pytest.raises(LibraryError):
        open_readonly(newer)
    assert newer.read_bytes() == before


def test_the_library_cannot_be_written_through_the_readonly_connection(tmp_path: Path) -> None:
    out = tmp_path / "empty.lib"
    build(out, [])
    conn = open_readonly(out)
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("DELETE FROM precedents")


@pytest.mark.corpus
def test_a_comment_held_twice_is_shown_once(library: Path, tmp_path: Path) -> None:
    twice = tmp_path / "twice.lib"
    twice.write_bytes(library.read_bytes())
    with sqlite3.connect(twice) as db:
        db.execute("INSERT INTO precedents (letter, seq, review, company, company_key, "
                   "letter_date, year, filing, office, number, heading, text, answer, "
                   "answer_date, outcome, follow_up, follow_up_date, cites, tags) "
                   "SELECT letter, seq, 'again', 'Another Co', 'another', letter_date, year, "
                   "filing, office, number, heading, text, answer, answer_date, outcome, "
                   "follow_up, follow_up_date, cites, tags FROM precedents")
        db.execute("INSERT INTO precedent_fts (precedent_fts) VALUES ('rebuild')")
    found = _ask(open_readonly(twice), GOODWILL, limit=10, least=0.0)
    texts = [" ".join(p.text.split()) for p in found]
    assert len(found) == 10 and len(set(texts)) == 10
