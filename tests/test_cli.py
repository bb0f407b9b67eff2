"""The headless commands: exit codes, messages that name the file, JSON on stdout."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from storage.store import Store
from tests.conftest import LETTERS, ROOT


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def test_help_for_each_command() -> None:
    for args in ([], ["parse"], ["import"], ["matters"]):
        done = run(*args, "--help")
        assert done.returncode == 0 and "usage:" in done.stdout


def test_bad_usage_exits_2() -> None:
    assert run("parse").returncode == 2
    assert run("import").returncode == 2
    assert run("frobnicate").returncode == 2


def test_unreadable_file_exits_1_and_names_it(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.pdf"
    done = run("parse", "--json", str(missing))
    assert done.returncode == 1 and "nowhere.pdf" in done.stderr
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"\x00\x01 definitely not a pdf" * 50)
    done = run("parse", "--json", str(junk))
    assert done.returncode == 1 and "junk.pdf" in done.stderr and "Traceback" not in done.stderr


def test_parse_prints_the_schema_json() -> None:
    sample = ROOT / "resources" / "samples" / "21vianet_2017-08-30_response.txt"
    done = run("parse", "--json", str(sample))
    assert done.returncode == 0, done.stderr
    letter = json.loads(done.stdout)
    assert letter["kind"] == "response" and letter["letter_date"] == "2017-08-30"
    assert [c["number"] for c in letter["comments"]] == [1, 2, 3, 4, 5]


@pytest.mark.corpus
def test_import_into_a_workspace_then_again(tmp_path: Path) -> None:
    workspace = tmp_path / "w.rejoinder"
    staff = LETTERS / "insulet_2016-06-30_upload.pdf"
    response = LETTERS / "insulet_2016-07-29_corresp.htm"
    done = run("import", str(staff), str(response), "--workspace", str(workspace))
    assert done.returncode == 0, done.stderr
    assert "14 comments" in done.stdout and "answers linked" in done.stdout
    again = run("import", str(staff), "--workspace", str(workspace))
    assert again.returncode == 0 and "already in" in again.stdout
    with Store.open(workspace) as store:
        (matter,) = store.matters()
        assert len(store.documents(matter.id)) == 2


def test_import_of_a_bad_file_keeps_the_good_ones(tmp_path: Path) -> None:
    workspace = tmp_path / "w.rejoinder"
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7\n garbage")
    good = ROOT / "resources" / "samples" / "21vianet_2017-08-30_response.txt"
    done = run("import", str(bad), str(good), "--workspace", str(workspace))
    assert done.returncode == 1 and "broken.pdf" in done.stderr
    with Store.open(workspace) as store:
        assert len(store.matters()) == 1


def test_matters_prints_each_review_with_its_letters(tmp_path: Path) -> None:
    workspace = tmp_path / "w.rejoinder"
    sample = ROOT / "resources" / "samples" / "21vianet_2017-08-30_response.txt"
    assert run("import", str(sample), "--workspace", str(workspace)).returncode == 0
    done = run("matters", "--json", "--workspace", str(workspace))
    assert done.returncode == 0, done.stderr
    (matter,) = json.loads(done.stdout)["matters"]
    assert matter["closed"] is False and " — " in matter["title"]
    (document,) = matter["documents"]
    assert document["name"] == sample.name and document["letter_kind"] == "response"
    assert document["letter_date"] == "2017-08-30" and document["comments"] == 5
    assert run("matters", "--help").returncode == 0


def test_mupdf_messages_never_reach_stdout(tmp_path: Path) -> None:
    """A damaged PDF makes MuPDF complain ("MuPDF error: syntax error…"); stdout holds only
    the JSON."""
    import random

    sample = ROOT / "resources" / "samples" / "21vianet_2017-08-16_staff_reconstructed.pdf"
    rng = random.Random(11)
    complaints = 0
    for n in range(4):
        data = bytearray(sample.read_bytes())
        for _ in range(40):
            data[rng.randrange(len(data))] = rng.randrange(256)
        damaged = tmp_path / f"damaged{n}.pdf"
        damaged.write_bytes(bytes(data))
        done = run("parse", "--json", str(damaged))
        if done.returncode == 0:
            json.loads(done.stdout)
        else:
            assert done.returncode == 1 and done.stdout == ""
            assert len(done.stderr.strip().splitlines()) == 1 and "damaged" in done.stderr
        complaints += "MuPDF" in done.stderr
    assert complaints == 0  # recorded by PyMuPDF, not printed


def test_add_reference_reads_a_deeply_nested_filing(tmp_path: Path) -> None:
    from storage.importer import add_reference, import_file

    filing = tmp_path / "filing.htm"
    filing.write_text("<html><body>" + "<div>" * 20_000 + "Item 5" + "</div>" * 20_000
                      + "</body></html>")
    with Store.open(tmp_path / "w.rejoinder") as store:
        store.set_me("Ada Lovelace", "AL")
        matter = import_file(store, ROOT / "resources" / "samples"
                             / "21vianet_2017-08-30_response.txt").matter
        added = add_reference(store, matter.id, filing)
        assert added.document.page_count >= 1


def test_version() -> None:
    from storage import __version__

    done = run("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"Rejoinder {__version__}"


@pytest.mark.parametrize("command", [("export", "--format", "xlsx", "--out", "x.xlsx"),
                                     ("import-docx", "draft.docx")])
def test_a_command_on_a_missing_workspace_makes_none(tmp_path: Path, command: tuple[str, ...]
                                                     ) -> None:
    missing = tmp_path / "typo.rejoinder"
    done = run(*command, "--workspace", str(missing))
    assert done.returncode == 1 and f"There is no workspace at {missing}" in done.stderr
    assert not missing.exists()
