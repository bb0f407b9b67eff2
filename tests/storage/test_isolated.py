"""Letters read in a worker process: a reader that dies refuses one letter and the batch goes
on; deeply nested HTML is read, not fatal; MuPDF never writes on stdout."""
from __future__ import annotations

import html
import os
import signal
import time
from pathlib import Path

import pytest

from storage.errors import NotALetter
from storage.importer import import_files
from storage.ingest import isolated
from storage.ingest.isolated import Job, ReaderCrashed, parse_letter, parse_letters
from storage.ingest.model import ParsedLetter
from storage.ingest.shallow_html import MAX_DEPTH, shallow
from storage.store import Store
from tests.conftest import ROOT

SAMPLE = ROOT / "resources" / "samples" / "21vianet_2017-08-30_response.txt"


def html_letter(bomb: str = "") -> bytes:
    """The sample response as EDGAR-like HTML, a paragraph a line, `bomb` after the body tag."""
    paragraphs = "".join(f"<p>{html.escape(line)}</p>\n"
                         for line in SAMPLE.read_text(encoding="utf-8").splitlines())
    return f"<html><body>{bomb}{paragraphs}</body></html>".encode()


BOMBS = {
    "div": "<div>" * 10_000 + "x" + "</div>" * 10_000,
    "font": "<font size=2>" * 10_000 + "x",
    "b": "<b>" * 50_000 + "x",
    "span": "<span>" * 100_000 + "x" + "</span>" * 100_000,
    "table": "<table><tr><td>" * 3_000 + "x",
}


@pytest.mark.parametrize("tag", sorted(BOMBS))
def test_deeply_nested_html_is_read_not_fatal(tag: str) -> None:
    clean = parse_letter(html_letter(), "clean.htm")
    bombed = parse_letter(html_letter(BOMBS[tag]), f"{tag}-bomb.htm")
    assert bombed.letter_date == clean.letter_date == "2017-08-30"
    if tag in ("div", "span"):  # unclosed, the others hold the whole letter (bold, a cell)
        assert [c.number for c in bombed.comments] == [c.number for c in clean.comments]


def test_shallow_leaves_real_markup_alone_and_bounds_the_rest() -> None:
    real = html_letter().decode()
    assert shallow(real) is real
    deep = "<body>" + "<div><i>" * 400 + "deep words" + "</i></div>" * 400 + "<p>after</p></body>"
    flat = shallow(deep)
    assert "deep words" in flat and "<p>after</p>" in flat
    assert flat.count("<div>") + flat.count("<i>") <= MAX_DEPTH
    paragraphs = "<body>" + "<p>para" * 500 + "</body>"  # unclosed <p> close one another
    assert shallow(paragraphs) is paragraphs


# A worker that dies on some letters: a stand-in for a native crash in MuPDF. It is looked up
# by name in the spawned worker, so it must live at module level here.
def read_or_die(job: Job) -> ParsedLetter:
    if job.name.startswith("segv"):
        os.kill(os.getpid(), signal.SIGSEGV)
    if job.name.startswith("hang"):
        signal.alarm(1)  # what isolated._read sets to TIMEOUT_S
        while True:
            time.sleep(0.05)
    return isolated._read(job)  # in the worker, the real one


@pytest.fixture
def dying_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(isolated, "_read", read_or_die)


def test_a_crash_refuses_that_letter_and_the_batch_goes_on(dying_reader: None) -> None:
    good = SAMPLE.read_bytes()
    jobs = [Job(good, "first.txt"), Job(good, "segv.txt"), Job(b"no letter here", "junk.txt"),
            Job(good, "last.txt")]
    outcomes = [outcome for _, outcome in parse_letters(jobs)]
    assert isinstance(outcomes[0], ParsedLetter) and isinstance(outcomes[3], ParsedLetter)
    assert isinstance(outcomes[1], ReaderCrashed)
    assert "segv.txt" in str(outcomes[1]) and "SIGSEGV" in str(outcomes[1])
    assert "nothing was imported" in str(outcomes[1])
    assert isinstance(outcomes[2], NotALetter) and "junk.txt" in str(outcomes[2])


def test_a_letter_that_takes_too_long_is_stopped(dying_reader: None) -> None:
    with pytest.raises(ReaderCrashed, match="hang.txt took longer than"):
        parse_letter(SAMPLE.read_bytes(), "hang.txt")
    assert parse_letter(SAMPLE.read_bytes(), "after.txt").comments


def test_import_files_goes_on_past_a_crash(dying_reader: None, tmp_path: Path,
                                           store: Store) -> None:
    segv = tmp_path / "segv.txt"
    segv.write_bytes(SAMPLE.read_bytes())
    missing = tmp_path / "missing.txt"
    outcomes = dict(import_files(store, [segv, missing, SAMPLE]))
    assert isinstance(outcomes[segv], ReaderCrashed)
    assert "missing.txt" in str(outcomes[missing])
    assert not isinstance(outcomes[SAMPLE], Exception) and outcomes[SAMPLE].comment_count == 5
    assert [d.name for d in store.documents()] == [SAMPLE.name]


def test_keywords_pass_through_to_the_parser() -> None:
    with pytest.raises(TypeError, match="no_such_option"):
        parse_letter(SAMPLE.read_bytes(), "x.txt", no_such_option=1)

