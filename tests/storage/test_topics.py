"""Topic tags and answer kinds (storage.topics): tagged from citations and keywords, changed
by reviewers, searched with tag:, in the tracker, the review pack and the commitments."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from storage.errors import UserError
from storage.exports.gather import gather
from storage.exports.pack_html import by_topic
from storage.exports.xlsx import COLUMNS, row_values
from storage.importer import import_letter
from storage.search import commitments, search
from storage.store import Store
from storage.topics import (
    KEPT_PARSES,
    answer_kind,
    comment_tags,
    load_taxonomy,
    set_answer_kind,
    set_tag,
    suggest_kind,
    tags_of,
    taxonomy_for,
)
from tests.conftest import CORPUS
from tests.storage.conftest import letter

TEXTS = ("Your presentation of Adjusted EBITDA gives it greater prominence than net income. "
         "Refer to Item 10(e)(1)(i)(A) of Regulation S-K.",
         "Tell us how you applied ASC 606-10-25-19 to the licences, and whether the rate "
         "reconciliation in your income tax note is complete.",
         "Please tell us about the weather.")


@pytest.mark.parametrize("text,expected", [
    ("Refer to ASC 350-20-35-30.", ("goodwill",)),
    ("See FASB ASC Topic 820.", ("fair-value",)),
    ("Refer to Item 303(b)(3) of Regulation S-K.", ("mdna", "critical-estimates")),
    ("Refer to Items 105 and 303 of Regulation S-K.", ("mdna", "risk-factors")),
    ("Provide the financial statements required by Rule 3-05 of Regulation S-X.",
     ("business-combinations",)),
    ("Describe your cybersecurity incidents.", ("cybersecurity",)),
    ("Management’s Discussion and Analysis", ("mdna",)),
    ("your reportable segments and the CODM", ("segments",)),
    ("income before income taxes was lower", ()),  # names a tax, is not about one
    ("Please file the exhibits.", ()),
    ("Please file all outstanding exhibits.", ("exhibits",)),
    ("material litigation risks related to climate change",
     ("climate", "legal-proceedings")),
])
def test_tags_from_citations_and_words(text: str, expected: tuple[str, ...]) -> None:
    assert load_taxonomy().tag(text) == expected


@pytest.fixture
def matter(store: Store) -> tuple[Store, str, list[str]]:
    staff = import_letter(store, letter(texts=TEXTS), b"staff").document
    return store, staff.matter_id, [c.id for c in store.comments(document_id=staff.id)]


def test_reviewers_add_and_remove_tags(matter) -> None:
    store, matter_id, ids = matter
    assert comment_tags(store, matter_id) == {ids[0]: ("non-gaap",),
                                              ids[1]: ("revenue", "income-taxes"),
                                              ids[2]: ()}
    set_tag(store, ids[1], "income-taxes", False)
    set_tag(store, ids[2], "climate", True)
    assert tags_of(store, ids[1]) == ("revenue",) and tags_of(store, ids[2]) == ("climate",)
    assert comment_tags(store)[ids[2]] == ("climate",)
    assert [e.action for e in store.events(entity_id=ids[2])][-1] == "tag_added"
    with pytest.raises(UserError, match="no topic 'weather'"):
        set_tag(store, ids[2], "weather", True)


def test_the_taxonomy_beside_the_workspace_is_used(matter) -> None:
    store, matter_id, ids = matter
    assert store.path is not None
    beside = store.path.parent / "topics.toml"
    beside.write_text('[[topic]]\nid = "weather"\nlabel = "Weather"\nkeywords = ["weather"]\n')
    assert taxonomy_for(store).labels == {"weather": "Weather"}
    assert comment_tags(store, matter_id)[ids[2]] == ("weather",)
    beside.write_text("[[topic]\nid=")
    with pytest.raises(UserError, match="could not be read"):
        taxonomy_for(store)


def test_search_by_tag(matter) -> None:
    store, _, ids = matter
    assert [h.comment_id for h in search(store, "tag:non-gaap")] == [ids[0]]
    assert [h.comment_id for h in search(store, "tag:revenue licences")] == [ids[1]]
    assert search(store, "tag:revenue weather") == []
    assert [h.comment_id for h in search(store, "tag:income")] == [ids[1]]  # a tag's start


@pytest.mark.parametrize("answer,kind", [
    ("The Company has revised the disclosure on page 45 of Amendment No. 2.", "revised"),
    ("In future filings, the Company will expand its discussion of segment margins.",
     "future"),
    ("The Company respectfully disagrees with the Staff's view, for the reasons below.",
     "disagreed"),
    ("The Company does not believe that additional disclosure is necessary because the "
     "amounts are immaterial.", "disagreed"),
    ("To clarify, the amounts in Note 4 are gross of reinsurance.", "clarified"),
    ("The Company respectfully advises the Staff that the unit passed step 1 by 38%.",
     "information"),
    ("", None),
])
def test_the_kind_is_suggested_from_the_wording(answer: str, kind: str | None) -> None:
    assert suggest_kind(answer) == kind


def test_kinds_are_chosen_and_feed_the_commitments(matter) -> None:
    store, matter_id, ids = matter
    store.save_draft(ids[0], "The Company will present net income first. It agrees.")
    assert answer_kind(store, ids[0]).kind == "information"
    assert commitments(store, matter_id) == []
    set_answer_kind(store, ids[0], "future")
    assert answer_kind(store, ids[0]).chosen
    found = commitments(store, matter_id)
    assert [(c.comment_id, c.by_kind, c.sentence) for c in found] == [
        (ids[0], True, "The Company will present net income first.")]
    set_answer_kind(store, ids[0], None)
    assert not answer_kind(store, ids[0]).chosen


def test_tracker_and_review_pack_show_topics(matter) -> None:
    store, matter_id, ids = matter
    store.save_draft(ids[1], "In future filings we will disclose the rate reconciliation.")
    bundle = gather(store, matter_id, __import__("storage.exports", fromlist=["ALL"]).ALL)
    header = [title for title, _ in COLUMNS]
    row = dict(zip(header, row_values(bundle, bundle.items[1]), strict=True))
    assert row["Topics"] == "Revenue (ASC 606); Income taxes (ASC 740)"
    assert row["Answer kind"] == "Will revise in future filings"
    summary = by_topic(bundle)
    assert "By topic" in summary and "Non-GAAP measures" in summary and "No topic" in summary


@pytest.mark.corpus
def test_the_wide_corpus_is_mostly_tagged() -> None:
    """The share of the wide corpus's hand-checked comments (wide-gold) with a tag."""
    texts = []
    for gold in sorted((CORPUS / "wide-gold").glob("*.json")):
        data = json.loads(gold.read_text("utf-8"))
        texts += [" ".join(c.get("headings", [])) + "\n" + c.get("text_start", "") + " "
                  + c.get("text_end", "") for c in data.get("comments", [])]
    taxonomy = load_taxonomy()
    tagged = sum(1 for t in texts if taxonomy.tag(t))
    assert texts and tagged / len(texts) >= 0.5, (tagged, len(texts))


def test_a_taxonomy_file_with_a_repeated_topic_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "topics.toml"
    path.write_text('[[topic]]\nid = "a"\n[[topic]]\nid = "a"\n')
    with pytest.raises(UserError, match="twice"):
        load_taxonomy(path)


def test_a_topic_list_is_parsed_once_then_read_from_its_kept_parse(
        tmp_path: Path, machine_config: Path) -> None:
    path = tmp_path / "topics.toml"
    path.write_text('[[topic]]\nid = "goodwill"\nlabel = "Goodwill"\nkeywords = ["goodwill"]\n')
    assert load_taxonomy(path).labels == {"goodwill": "Goodwill"}
    kept = list((machine_config / "cache").glob("topics-*.json"))
    assert len(kept) == 1 and json.loads(kept[0].read_text()) == [
        {"id": "goodwill", "label": "Goodwill", "keywords": ["goodwill"]}]
    kept[0].write_text('[{"id": "goodwill", "label": "From the kept parse"}]')
    assert load_taxonomy(path).labels == {"goodwill": "From the kept parse"}
    path.write_text('[[topic]]\nid = "goodwill"\nlabel = "Edited"\n')  # another digest
    assert load_taxonomy(path).labels == {"goodwill": "Edited"}
    assert len(list((machine_config / "cache").glob("topics-*.json"))) == 2


@pytest.mark.parametrize("damage", ["{not json", '{"topic": []}', ""])
def test_a_damaged_kept_parse_is_parsed_again(tmp_path: Path, machine_config: Path,
                                               damage: str) -> None:
    path = tmp_path / "topics.toml"
    path.write_text('[[topic]]\nid = "a"\nlabel = "A"\n')
    load_taxonomy(path)
    kept = next((machine_config / "cache").glob("topics-*.json"))
    kept.write_text(damage)
    assert load_taxonomy(path).labels == {"a": "A"}
    assert json.loads(kept.read_text()) == [{"id": "a", "label": "A"}]


def test_topics_load_where_nothing_can_be_kept(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "config"
    blocked.write_text("a file where the config folder would be")
    monkeypatch.setenv("REJOINDER_CONFIG_DIR", str(blocked))
    assert load_taxonomy().labels == load_taxonomy().labels and load_taxonomy().labels


def test_only_the_newest_parses_are_kept(tmp_path: Path, machine_config: Path) -> None:
    for n in range(KEPT_PARSES + 3):
        path = tmp_path / f"topics{n}.toml"
        path.write_text(f'[[topic]]\nid = "t{n}"\n')
        load_taxonomy(path)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        os.utime(machine_config / "cache" / f"topics-{digest}.json", (1000 + n, 1000 + n))
    kept = list((machine_config / "cache").glob("topics-*.json"))
    assert len(kept) == KEPT_PARSES
    ids = sorted(json.loads(k.read_text())[0]["id"] for k in kept)
    assert ids == sorted(f"t{n}" for n in range(3, KEPT_PARSES + 3))


def test_tags_and_kinds_travel_in_packs(tmp_path: Path) -> None:
    from storage.exchange import export_pack, import_pack

    ada = Store.open(tmp_path / "ada.rejoinder")
    ada.set_me("Ada Lovelace", "AL")
    staff = import_letter(ada, letter(texts=TEXTS), b"staff").document
    ids = [c.id for c in ada.comments(document_id=staff.id)]
    set_tag(ada, ids[2], "climate", True)
    set_tag(ada, ids[1], "income-taxes", False)
    set_answer_kind(ada, ids[0], "disagreed")
    export_pack(ada, staff.matter_id, tmp_path / "one.rejoinder-pack")
    bob = Store.open(tmp_path / "bob.rejoinder")
    bob.set_me("Bob Brown", "BB")
    summary = import_pack(bob, tmp_path / "one.rejoinder-pack")
    assert summary.added.get("tag_overrides") == 2 and summary.added.get("answer_kinds") == 1
    assert comment_tags(bob, staff.matter_id) == comment_tags(ada, staff.matter_id)
    assert answer_kind(bob, ids[0]).kind == "disagreed"
    set_tag(bob, ids[2], "climate", False)
    export_pack(bob, staff.matter_id, tmp_path / "two.rejoinder-pack",
                since_peer=ada.me().id)  # type: ignore[union-attr]
    import_pack(ada, tmp_path / "two.rejoinder-pack")
    assert tags_of(ada, ids[2]) == ()
    for store in (ada, bob):
        store.close()
