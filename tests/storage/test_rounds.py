"""Round-aware splitting: a response split on the comments it recites when the staff letter it
answers is known (the parser's `recitals`, and the workspace, which splits an imported response
again when its staff letter arrives), and answers paired with comments by text, then number."""
from __future__ import annotations

from pathlib import Path

import pytest

from storage import corrections, ingest
from storage.importer import import_file, import_letter
from storage.ingest import Recital, isolated, parse_file, parse_letter
from storage.ingest.recitals import similarity, words
from storage.rounds import CORRECTED_DOUBT
from storage.store import Store
from tests.conftest import CORPUS, LETTERS
from tests.storage.conftest import letter

WIDE = CORPUS / "wide"
HAVE_WIDE = WIDE.is_dir()
wide = pytest.mark.skipif(not HAVE_WIDE, reason="needs ../shared/corpus/wide")

# Ford, 2017: the staff's one comment is not numbered, and the response recites it, then answers
# under numbered headings of its own ("1. Monthly Sales Reporting …").
FORD_STAFF = "F_0000000000-17-029248/0000000000-17-039400__filename1.pdf"
FORD_RESPONSE = "F_0000000000-17-029248/0000037996-17-000104__filename1.htm"
# Casey's, 2023: the response recites the four comments without their numbers.
CASY_STAFF = "CASY_0000000000-23-001432/0000000000-23-001432__filename1.pdf"
CASY_RESPONSE = "CASY_0000000000-23-001432/0001387131-23-002744__filename1.htm"
# ADM, 2024: the staff's third comment only says a response is still being evaluated; the
# response answers the first two.
ADM_STAFF = "ADM_0000000000-24-005934/0000000000-24-010044__filename1.pdf"
ADM_RESPONSE = "ADM_0000000000-24-005934/0001193125-24-228530__filename1.htm"


def recitals_of(name: str) -> list[Recital]:
    return [Recital(c.number, c.text) for c in parse_file(WIDE / name).comments]


def parse_wide(name: str, hint: list[Recital] | None) -> ingest.ParsedLetter:
    return parse_letter((WIDE / name).read_bytes(), Path(name).name, recitals=hint)


# -- the parser ----------------------------------------------------------------------------------

@pytest.mark.corpus
@wide
def test_numbered_headings_in_an_answer_give_way_to_the_recited_comment() -> None:
    alone = parse_wide(FORD_RESPONSE, None)
    assert alone.comments == ()
    assert any("read as headings inside an answer" in w for w in alone.warnings)
    response = parse_wide(FORD_RESPONSE, recitals_of(FORD_STAFF))
    (only,) = response.comments
    assert only.text.startswith("We have reviewed your response to prior comment 2.")
    assert only.text.endswith("the overall disclosure objective of ASC 606-10-50-1.")
    assert only.response and only.response.startswith("The vast majority of our sales")
    assert "Monthly sales reporting is comprised of" in only.response
    assert only.headings == ("Form 10-Q for the Fiscal Quarter Ended June 30, 2017",
                             "Notes to the Financial Statements", "Note 3, Revenue, page 10")
    assert not [w for w in response.warnings if "staff letter" in w]


@pytest.mark.corpus
@wide
def test_comments_recited_without_numbers_are_found_by_their_words() -> None:
    assert parse_wide(CASY_RESPONSE, None).comments == ()
    staff = recitals_of(CASY_STAFF)
    response = parse_wide(CASY_RESPONSE, staff)
    assert [c.number for c in response.comments] == [1, 2, 3, 4]
    for recital, comment in zip(staff, response.comments, strict=True):
        assert similarity(words(comment.text), words(recital.text)) >= 0.95
        assert comment.response
    assert response.comments[1].headings == ("Consolidated Statements of Income, page 35",)
    assert response.comments[1].response.startswith("We acknowledge the Staff’s comment")


@pytest.mark.corpus
@wide
def test_a_comment_the_response_does_not_answer_is_named_in_a_doubt() -> None:
    response = parse_wide(ADM_RESPONSE, recitals_of(ADM_STAFF))
    assert [c.number for c in response.comments] == [1, 2]
    (doubt,) = [w for w in response.warnings if "of the staff letter" in w]
    assert doubt.startswith("Comment 3 of the staff letter (“Please note, we are evaluating")


@pytest.mark.corpus
@wide
def test_recitals_as_plain_texts_and_staff_letters_ignore_them() -> None:
    texts = [r.text for r in recitals_of(FORD_STAFF)]
    assert len(parse_wide(FORD_RESPONSE, texts).comments) == 1  # type: ignore[arg-type]
    staff = parse_wide(ADM_STAFF, recitals_of(FORD_STAFF))
    assert [c.number for c in staff.comments] == [1, 2, 3]
    assert not [w for w in staff.warnings if "of the staff letter" in w]


@pytest.mark.corpus
@pytest.mark.skipif(not LETTERS.is_dir(), reason="needs ../shared/corpus/letters")
@pytest.mark.parametrize("staff_name,response_name", [
    ("agilent_2016-09-14_upload.pdf", "agilent_2016-09-23_corresp.htm"),
    ("insulet_2016-06-30_upload.pdf", "insulet_2016-07-29_corresp.htm"),
    ("kinder-morgan_2016-06-28_upload.pdf", "kinder-morgan_2016-07-12_corresp.htm"),
    ("las-vegas-sands_2021-09-15_upload.pdf", "las-vegas-sands_2021-09-29_corresp.htm"),
])
def test_a_response_that_already_agrees_keeps_its_own_split(staff_name: str,
                                                            response_name: str) -> None:
    staff = [Recital(c.number, c.text) for c in parse_file(LETTERS / staff_name).comments]
    own = parse_file(LETTERS / response_name)
    hinted = parse_letter((LETTERS / response_name).read_bytes(), response_name, recitals=staff)
    assert hinted.comments == own.comments
    assert hinted.warnings == own.warnings


# -- the workspace -------------------------------------------------------------------------------

@pytest.mark.corpus
@wide
def test_a_response_is_split_again_when_its_staff_letter_arrives(store: Store) -> None:
    response = import_file(store, WIDE / FORD_RESPONSE).document
    assert store.comments(document_id=response.id) == []
    staff = import_file(store, WIDE / FORD_STAFF).document
    (comment,) = store.comments(document_id=staff.id)
    (item,) = store.comments(document_id=response.id)
    assert item.answers_id == comment.id
    assert item.filed_response and item.filed_response.startswith("The vast majority")
    assert store.response(comment.id).status == "filed"
    assert [e.action for e in store.events(entity_id=response.id)].count("resplit") == 1


@pytest.mark.corpus
@wide
def test_a_draft_typed_before_the_response_arrives_is_kept(store: Store) -> None:
    staff = import_file(store, WIDE / FORD_STAFF).document
    (comment,) = store.comments(document_id=staff.id)
    store.save_draft(comment.id, "Our own words.")
    response = import_file(store, WIDE / FORD_RESPONSE).document
    (item,) = store.comments(document_id=response.id)
    assert item.answers_id == comment.id
    assert store.response(comment.id).draft == "Our own words."


@pytest.mark.corpus
@wide
def test_a_response_corrected_by_hand_is_not_split_again(store: Store) -> None:
    response = import_file(store, WIDE / ADM_RESPONSE).document
    first = store.comments(document_id=response.id)[0]
    corrections.merge_with_next(store, first.id)
    import_file(store, WIDE / ADM_STAFF)
    assert len(store.comments(document_id=response.id)) == 1
    assert CORRECTED_DOUBT in store.document(response.id).warnings


@pytest.mark.corpus
@wide
def test_a_response_is_checked_once_against_its_staff_letter(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import_file(store, WIDE / ADM_STAFF)
    calls: list[str] = []
    real = isolated.parse_letter  # the re-split parses in a worker, as every parse

    def counted(data: bytes, name: str, password: str | None = None, **kw: object
                ) -> ingest.ParsedLetter:
        calls.append(name)
        return real(data, name, password, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(isolated, "parse_letter", counted)
    response = import_file(store, WIDE / ADM_RESPONSE).document
    # read once on import, then split again once, on the staff's comments
    assert calls == [Path(ADM_RESPONSE).name] * 2
    doubts = [w for w in store.document(response.id).warnings if "of the staff letter" in w]
    assert len(doubts) == 1 and doubts[0].startswith("Comment 3 of the staff letter")
    import_file(store, WIDE / "ADM_0000000000-24-005934/0001193125-24-255986__filename1.htm")
    assert calls.count(Path(ADM_RESPONSE).name) == 2  # a later letter does not re-split it


def test_answers_pair_with_comments_by_text_before_number(store: Store) -> None:
    staff = import_letter(store, letter("staff"), b"staff").document
    goodwill, tax = store.comments(document_id=staff.id)
    swapped = letter("response", date="2017-08-30", answers="2017-08-16",
                     texts=("Explain the tax effect.", "Tell us about goodwill."))
    response = import_letter(store, swapped, b"response").document
    first, second = store.comments(document_id=response.id)
    assert (first.number, first.answers_id) == (1, tax.id)
    assert (second.number, second.answers_id) == (2, goodwill.id)
