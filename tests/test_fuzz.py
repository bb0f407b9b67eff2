"""A seeded, bounded fuzz test of the letter reader: damaged letters made from the corpus
(truncations, byte flips, zeroed ranges, nesting bombs, wrong extensions) through `parse --json`
in subprocesses, then imported into a workspace whose earlier content must come out unchanged.

Every `parse` ends in valid JSON (exit 0) or one clean line naming the file (exit 1), never a
signal, never a traceback; the import never touches what the workspace held before.
"""
from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from storage.firstrun import ensure_sample_matter
from storage.session import open_store
from tests.conftest import ROOT, corpus_letters

SEED = 20261204
COUNT = 200  # damaged letters; two subprocesses at a time (about a minute on two cores)
SAMPLES = sorted((ROOT / "resources" / "samples").iterdir())
BOMBS = ("<div>" * 10_000, "<font size=2>" * 10_000, "<b>" * 50_000, "<span>" * 100_000,
         "<table><tr><td>" * 3_000)
KINDS = ("truncate", "flip", "zero", "bomb", "extension")


def damage(rng: random.Random, data: bytes, suffix: str, kind: str) -> tuple[bytes, str]:
    """One damaged copy of a letter, and the suffix it is given."""
    if kind == "truncate":
        return data[: rng.randrange(1, len(data))], suffix
    if kind == "flip":
        out = bytearray(data)
        for _ in range(rng.choice((1, 8, 64, 512))):
            out[rng.randrange(len(out))] = rng.randrange(256)
        return bytes(out), suffix
    if kind == "zero":
        out = bytearray(data)
        start = rng.randrange(len(out))
        length = rng.randrange(1, max(2, len(out) // rng.choice((2, 10, 100))))
        out[start:start + length] = bytes(len(out[start:start + length]))
        return bytes(out), suffix
    if kind == "bomb":
        at = rng.randrange(len(data))
        if suffix == ".pdf":  # into the page content, then as HTML pretending to be a PDF
            return data[:at] + rng.choice(BOMBS).encode() + data[at:], rng.choice((".pdf",
                                                                                    ".htm"))
        return data[:at] + rng.choice(BOMBS).encode() + data[at:], suffix
    others = [s for s in (".pdf", ".htm", ".txt") if s != suffix]
    return data, rng.choice(others)


def make_inputs(folder: Path) -> list[Path]:
    rng = random.Random(SEED)
    sources = corpus_letters() or SAMPLES
    sources = sorted(sources) + SAMPLES
    made = []
    for n in range(COUNT):
        source = rng.choice(sources)
        kind = KINDS[n % len(KINDS)]
        data, suffix = damage(rng, source.read_bytes(), source.suffix.lower(), kind)
        path = folder / f"{n:03d}-{kind}-{source.stem[:40]}{suffix}"
        path.write_bytes(data)
        made.append(path)
    return made


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return make_inputs(tmp_path_factory.mktemp("fuzz"))


def parse(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "main.py", "parse", "--json", str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def test_parse_gives_json_or_one_clean_line(inputs: list[Path]) -> None:
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(parse, inputs))
    counts = {"json": 0, "refused": 0}
    for path, done in zip(inputs, results, strict=True):
        assert done.returncode >= 0, f"{path.name}: killed by signal {-done.returncode}"
        assert "Traceback" not in done.stderr and "bug in Rejoinder" not in done.stderr, \
            f"{path.name}: {done.stderr}"
        if done.returncode == 0:
            letter = json.loads(done.stdout)  # nothing but the JSON on stdout
            assert isinstance(letter["comments"], list)
            counts["json"] += 1
        else:
            assert done.returncode == 1 and done.stdout == "", path.name
            lines = done.stderr.strip().splitlines()
            assert len(lines) == 1 and lines[0].startswith("rejoinder parse: "), done.stderr
            assert path.name in lines[0]
            counts["refused"] += 1
    print(f"fuzz: {len(inputs)} damaged letters, {counts['json']} read, "
          f"{counts['refused']} refused, 0 signals")


def snapshot(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, by rowid (or primary key), as stored."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search%' "
            "AND name NOT LIKE 'sqlite%'")]
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}
    finally:
        conn.close()


def test_importing_them_leaves_earlier_content_untouched(inputs: list[Path],
                                                         tmp_path: Path) -> None:
    workspace = tmp_path / "earlier.rejoinder"
    with open_store(workspace) as store:
        store.set_me("Ada Lovelace", "AL")
        ensure_sample_matter(store)
        store.save_draft(store.comments()[0].id, "<p>Our draft, typed before the fuzz.</p>")
    before = snapshot(workspace)
    done = subprocess.run([sys.executable, "main.py", "import", "--workspace", str(workspace),
                           *map(str, inputs)], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr[-2000:]
    refusals = done.stderr.strip().splitlines()
    assert all(line.startswith("rejoinder import: ") for line in refusals)
    assert len(done.stdout.splitlines()) + len(refusals) == len(inputs)
    after = snapshot(workspace)
    for table, rows in before.items():
        kept = [row for row in after[table] if row in rows]
        assert kept == rows, f"{table}: earlier rows changed"
    conn = sqlite3.connect(workspace)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
