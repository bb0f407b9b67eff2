"""Faults of the machine as one clear line each: a folder given as a workspace, a read-only
folder, a full disk (a batch stops cleanly, saying which letters went in), a removed drive."""
from __future__ import annotations

import errno
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from storage.errors import UserError
from storage.faults import DiskFull, FileGone, FolderGiven, NotWritable, explain
from storage.importer import BatchStopped, import_files
from storage.store import Store
from tests.conftest import ROOT, corpus_letters

SAMPLES = ROOT / "resources" / "samples"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


def one_line_refusal(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1, \
        done.stderr
    for word in words:
        assert word in done.stderr


def test_a_folder_given_as_the_workspace(tmp_path: Path) -> None:
    with pytest.raises(FolderGiven, match="is a folder, not a workspace file"):
        Store.open(tmp_path)
    one_line_refusal(run("matters", "--json", "--workspace", str(tmp_path)), str(tmp_path),
                     "folder")


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder nobody may write: a read-only tmpfs as root (who may write anywhere else),
    a folder without write permission otherwise."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    if os.geteuid() == 0:
        if subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(folder)],
                          capture_output=True).returncode != 0:
            pytest.skip("root, but may not mount a tmpfs here")
        yield folder
        subprocess.run(["umount", str(folder)], check=True)
    else:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)


def test_a_read_only_folder(read_only_folder: Path) -> None:
    workspace = read_only_folder / "w.rejoinder"
    with pytest.raises(NotWritable, match="may not write .*read-only"):
        Store.open(workspace)
    one_line_refusal(run("import", "--workspace", str(workspace),
                         str(SAMPLES / "21vianet_2017-08-30_response.txt")),
                     str(workspace), "read-only")


def snapshot(store: Store) -> dict[str, list[tuple[object, ...]]]:
    tables = [r["name"] for r in store._all("SELECT name FROM sqlite_master WHERE type='table' "
                                            "AND name NOT LIKE 'search%'")]
    return {t: sorted(map(tuple, store.db.execute(f"SELECT * FROM {t}").fetchall()), key=repr)
            for t in tables}


@pytest.mark.corpus
def test_a_full_disk_stops_the_batch_cleanly(tmp_path: Path) -> None:
    """SQLite's max_page_count makes a real SQLITE_FULL at a chosen size, root or not."""
    letters = [p for p in corpus_letters() if p.suffix == ".pdf"][:12]
    with Store.open(tmp_path / "w.rejoinder") as store:
        store.set_me("Ada Lovelace", "AL")
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        store.db.execute(f"PRAGMA max_page_count = {pages + 160}")
        results = []
        with pytest.raises(BatchStopped) as caught:
            for path, result in import_files(store, letters):
                assert not isinstance(result, UserError), result
                results.append(path)
        stopped = caught.value
        assert isinstance(stopped.fault, DiskFull) and 0 < len(results) < len(letters)
        assert stopped.imported == results and stopped.not_imported == letters[len(results):]
        assert f"{len(results)} letter(s) went in" in str(stopped)
        assert stopped.not_imported[0].name in str(stopped)
        names = sorted(d.name for d in store.documents())
        assert names == sorted(p.name for p in results)  # nothing half-imported
        orphans = store._all("SELECT sha256 FROM blobs WHERE sha256 NOT IN "
                             "(SELECT sha256 FROM documents UNION "
                             "SELECT display_sha256 FROM documents)")
        assert orphans == []
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert {c.document_id for c in store.comments()} <= {d.id for d in store.documents()}


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "small"
    folder.mkdir()
    if os.geteuid() != 0 or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(folder)],
            capture_output=True).returncode != 0:
        pytest.skip("a real full disk needs root to mount a small tmpfs")
    yield folder
    subprocess.run(["umount", str(folder)], check=True)


@pytest.mark.corpus
def test_a_full_disk_from_the_command_line(small_disk: Path) -> None:
    workspace = small_disk / "w.rejoinder"
    letters = [str(p) for p in corpus_letters() if p.suffix == ".pdf"]
    done = run("import", "--workspace", str(workspace), *letters)
    one_line_refusal(done, "is full", "went in before it", "did not")
    went_in = len(done.stdout.splitlines())
    assert 0 < went_in < len(letters) and f"{went_in} letter(s) went in" in done.stderr
    listing = run("matters", "--json", "--workspace", str(workspace))
    assert listing.returncode == 0, listing.stderr
    names = [d["name"] for m in json.loads(listing.stdout)["matters"] for d in m["documents"]]
    assert sorted(names) == sorted(Path(p).name for p in letters[:went_in])


@pytest.mark.parametrize("error, fault", [
    (OSError(errno.ENOSPC, "No space left on device"), DiskFull),
    (sqlite3.OperationalError("database or disk is full"), DiskFull),
    (OSError(errno.EROFS, "Read-only file system"), NotWritable),
    (sqlite3.OperationalError("attempt to write a readonly database"), NotWritable),
    (OSError(errno.ENODEV, "No such device"), FileGone),
    (OSError(errno.EIO, "Input/output error"), FileGone),
    (sqlite3.OperationalError("disk I/O error"), FileGone),
])
def test_faults_are_named_for_the_user(tmp_path: Path, error: Exception,
                                       fault: type[Exception]) -> None:
    explained = explain(error, tmp_path / "usb" / "w.rejoinder")
    assert isinstance(explained, fault) and str(tmp_path / "usb" / "w.rejoinder") in str(explained)
    assert explain(ValueError("a bug"), tmp_path) is None
    assert explain(sqlite3.OperationalError("no such column: x"), tmp_path / "w") is None


def test_a_vanished_drive_says_so(tmp_path: Path) -> None:
    gone = tmp_path / "usb-stick" / "w.rejoinder"
    explained = explain(sqlite3.OperationalError("disk I/O error"), gone)
    assert isinstance(explained, FileGone) and "drive removed" in str(explained)
