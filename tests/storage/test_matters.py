"""A matter is one review: letters find their review by the dates they cite, the filing and the
time; letter kinds have their effects (closing closes, an extension moves due dates); the
listing `rejoinder matters --json` prints."""
from __future__ import annotations

import itertools

import pytest

from storage.importer import import_letter
from storage.matters import listing
from storage.store import Store
from tests.storage.conftest import letter

_bytes = itertools.count()


def put(store: Store, parsed):  # type: ignore[no-untyped-def]
    """Import a hand-made letter with bytes of its own."""
    return import_letter(store, parsed, f"letter {next(_bytes)}".encode())


def review_2016(store: Store) -> list[str]:
    """A whole review: comments, response, follow-up, response, closing letter."""
    return [
        put(store, letter("staff", date="2016-03-01")).matter.id,
        put(store, letter("response", date="2016-03-15", answers="2016-03-01")).matter.id,
        put(store, letter("staff", date="2016-04-01", prior_refs=(1,),
                          texts=("We note your response to prior comment 1.",))).matter.id,
        put(store, letter("response", date="2016-04-12", cited=("2016-04-01",),
                          texts=("We note your response to prior comment 1.",))).matter.id,
        put(store, letter("staff", date="2016-05-02", texts=(),
                          letter_kind="closing_letter")).matter.id,
    ]


def test_one_company_reviewed_twice_has_two_matters(store: Store) -> None:
    first = review_2016(store)
    later = put(store, letter("staff", date="2019-06-03",
                              filing="Form 10-K for the Fiscal Year Ended December 31, 2018"))
    assert len(set(first)) == 1
    assert later.new_matter and later.matter.id != first[0]
    titles = sorted(m.title for m in store.matters())
    assert titles == ["Example Corp — Form 10-K for the Fiscal Year Ended December 31, 2016",
                      "Example Corp — Form 10-K for the Fiscal Year Ended December 31, 2018"]


def test_a_first_round_starts_a_review_even_when_the_last_was_never_closed(
        store: Store) -> None:
    old = put(store, letter("staff", date="2016-03-01"))
    new = put(store, letter("staff", date="2016-05-20",
                            filing="Form 10-Q for the Quarter Ended September 30, 2016"))
    assert old.matter.id != new.matter.id


@pytest.mark.parametrize("order", list(itertools.permutations(range(4))))
def test_letters_find_their_review_in_any_order(store: Store, order: tuple[int, ...]) -> None:
    letters = [
        letter("staff", date="2016-03-01", name="a.pdf"),
        letter("response", date="2016-03-15", answers="2016-03-01", name="b.htm"),
        letter("staff", date="2018-02-01", name="c.pdf",
               filing="Form 10-K for the Fiscal Year Ended December 31, 2017"),
        letter("response", date="2018-02-20", answers="2018-02-01", name="d.htm"),
    ]
    for index in order:
        put(store, letters[index])
    groups = sorted(sorted(d.name for d in store.documents(m.id)) for m in store.matters())
    assert groups == [["a.pdf", "b.htm"], ["c.pdf", "d.htm"]]
    for matter in store.matters():  # answers linked whatever came first
        staff = next(d for d in store.documents(matter.id) if d.role == "staff")
        assert all(store.answers_to(c.id) for c in store.comments(document_id=staff.id))


def test_a_response_joins_the_review_of_the_letter_it_cites(store: Store) -> None:
    first = put(store, letter("staff", date="2016-03-01"))
    second = put(store, letter("staff", date="2016-09-01",
                               filing="Form 10-Q for the Quarter Ended June 30, 2016"))
    answer = put(store, letter("response", date="2016-09-20", cited=("2016-03-01",)))
    assert answer.matter.id == first.matter.id != second.matter.id


def test_a_closing_letter_closes_the_review(store: Store) -> None:
    matter_id = review_2016(store)[0]
    matter = store.matter(matter_id)
    closing = next(d for d in store.documents(matter_id) if d.letter_kind == "closing_letter")
    assert matter.closed and matter.closed_at == "2016-05-02"
    assert matter.closed_by_document_id == closing.id
    assert closing.label == "Closing letter 2016-05-02"
    states = store.work_states(matter_id)
    assert states and all(s.closed_by_staff and s.due_date is None for s in states.values())
    assert listing(store)["matters"][0]["closed"] is True


def test_an_open_review_keeps_its_due_dates(store: Store) -> None:
    matter_id = put(store, letter("staff", date="2016-03-01")).matter.id
    states = store.work_states(matter_id)
    assert all(s.due_date == "2016-03-15" and not s.closed_by_staff for s in states.values())
    assert not store.matter(matter_id).closed


def test_an_extension_request_moves_the_open_due_dates(store: Store) -> None:
    staff = put(store, letter("staff", date="2016-03-01"))
    first, second = store.comments(document_id=staff.document.id)
    store.set_status(second.id, "approved")
    put(store, letter("response", date="2016-03-10", texts=(), letter_kind="extension_request",
                      cited=("2016-03-01",), until="2016-03-29"))
    assert store.response(first.id).due_date == "2016-03-29"
    assert store.response(second.id).due_date == "2016-03-15"  # approved: left alone
    (change,) = store.due_changes(first.id)
    assert change["previous"] == "2016-03-15" and "Extension" in change["reason"]
    assert any(e.action == "extension" for e in store.events(entity_id=first.id))


def test_a_letter_without_a_company_is_titled_from_its_filing_and_flagged(store: Store) -> None:
    result = put(store, letter("staff", date="2016-03-01", company=None, file_number=""))
    assert result.matter.title == ("Form 10-K for the Fiscal Year Ended December 31, 2016 "
                                   "(company not read)")
    assert any("company could not be read" in w for w in result.document.warnings)


def test_a_whole_review_from_history_arrives_closed_with_its_answers_filed(store: Store) -> None:
    matter_id = review_2016(store)[0]
    staff = [d for d in store.documents(matter_id) if d.letter_kind == "comment_letter"]
    comments = [c for d in staff for c in store.comments(document_id=d.id)]
    assert comments and all(store.response(c.id).status == "filed" for c in comments)
    assert [d.round for d in store.documents(matter_id)] == [1, 1, 2, 2, 2]


def test_listing_has_the_documented_shape(store: Store) -> None:
    review_2016(store)
    (matter,) = listing(store)["matters"]
    assert set(matter) >= {"id", "title", "company", "closed", "documents"}
    first = matter["documents"][0]
    assert first == {"id": first["id"], "name": "staff-2016-03-01.pdf",
                     "letter_kind": "comment_letter", "letter_date": "2016-03-01", "round": 1,
                     "comments": 2}


def test_an_undated_response_joins_the_review_of_its_filing_even_closed(store: Store) -> None:
    # A response whose date was not printed (nothing says it came after the closing letter)
    # joins the review of the filing it names, not an open review of another filing.
    first = review_2016(store)
    other = put(store, letter("staff", date="2016-04-20", file_number="333-210001",
                              filing="Registration Statement on Form S-4")).matter.id
    undated = put(store, letter("response", date=None,  # type: ignore[arg-type]
                                texts=("Tell us about goodwill.",)))
    assert undated.matter.id == first[0] != other


DRAFT_10 = "Draft Registration Statement on Form 10-12B"


@pytest.mark.parametrize("response_first", [False, True])
def test_a_renamed_company_is_tied_by_the_former_name_a_letter_gives(
        store: Store, response_first: bool) -> None:
    # The staff wrote to the company under its old name; its response gives both names.
    from dataclasses import replace

    staff = letter("staff", date="2021-08-23", company="Newco Holdings, Inc.", file_number="",
                   filing=DRAFT_10)
    response = replace(letter("response", date="2021-09-08", answers="2021-08-23",
                              company="Bright Energy Corporation", file_number="",
                              filing=DRAFT_10),
                       former_names=("Newco Holdings, Inc.",))
    later = letter("staff", date="2021-10-14", company="Bright Energy Corporation",
                   file_number="001-41137", filing="Registration Statement on Form 10-12B")
    order = [response, staff, later] if response_first else [staff, response, later]
    matters = {put(store, parsed).matter.id for parsed in order}
    assert len(matters) == 1 and len(store.matters()) == 1


@pytest.mark.parametrize("response_first", [False, True])
def test_a_response_whose_company_was_not_read_joins_the_letter_it_cites(
        store: Store, response_first: bool) -> None:
    # The staff's letter gives no file number; the response's company was not read, but it
    # gives one, and the date of the letter it answers.
    staff = letter("staff", date="2024-03-22", company="Steady Devices plc", file_number="")
    response = letter("response", date="2024-04-09", answers="2024-03-22", company=None,
                      file_number="001-38848")
    put(store, letter("staff", date="2024-03-25", company="Another Company Inc.",
                      file_number="001-00077"))
    order = [response, staff] if response_first else [staff, response]
    first, second = (put(store, parsed).matter.id for parsed in order)
    assert first == second
    assert store.matter(first).company == "Steady Devices plc"


def test_letters_on_a_draft_registration_statement_are_tied_by_the_cik(store: Store) -> None:
    # A company renamed between two drafts: no file number yet, no letter giving both names.
    from dataclasses import replace

    first = replace(letter("staff", date="2018-11-05", company="New Co Media, Inc.",
                           file_number="", filing=DRAFT_10), cik="1754301")
    second = replace(letter("staff", date="2018-12-17", company="Broad Media Corporation",
                            file_number="", filing="Amended " + DRAFT_10,
                            texts=("We note your response to prior comment 1.",),
                            prior_refs=(1,)), cik="1754301")
    assert put(store, first).matter.id == put(store, second).matter.id


@pytest.mark.parametrize(("day", "joins"), [("2016-05-06", True), ("2016-07-20", False)])
def test_an_order_days_after_the_closing_letter_belongs_to_the_closed_review(
        store: Store, day: str, joins: bool) -> None:
    first = review_2016(store)
    order = put(store, letter("staff", date=day, texts=(), letter_kind="other", filing=None))
    assert (order.matter.id == first[0]) is joins
    assert store.matter(first[0]).closed
