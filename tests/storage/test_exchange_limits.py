"""Exchange packs within bounds: zip bombs refused before they inflate (the total, one document,
each member's compression ratio) and again while they stream; documents no record uses refused;
the documents that records do use (letters, references, attachments) carried; memory bounded
while a large honest pack imports."""
from __future__ import annotations

import hashlib
import json
import os
import tracemalloc
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from storage.attachments import attach, attachments, has_content, remove_attachment
from storage.errors import UserError
from storage.exchange import export_pack, import_pack
from storage.exchange import merge as merge_module
from storage.exchange import pack as pack_module
from storage.importer import add_reference, import_letter
from storage.store import Store
from tests.conftest import CORPUS
from tests.storage.conftest import blank_pdf, letter
from tests.storage.test_exchange import dump, members_of, refused, victim, write_zip

__all__ = ["victim"]  # the fixture, used here by name

MB = 1 << 20


def write_streamed(path: Path, members: dict[str, bytes],
                   big: dict[str, Iterator[bytes]]) -> None:
    """A pack with `members` and, streamed in (never whole in memory), the `big` ones, its
    manifest listing every member honestly."""
    listed: dict[str, dict[str, object]] = {}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, chunks in big.items():
            digest, size = hashlib.sha256(), 0
            with zf.open(name, "w", force_zip64=True) as out:
                for chunk in chunks:
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
            listed[name] = {"sha256": digest.hexdigest(), "size": size}
        manifest = json.loads(members["manifest.json"])
        for name, data in members.items():
            if name != "manifest.json":
                zf.writestr(name, data)
                listed[name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        manifest["members"] = listed
        zf.writestr("manifest.json", json.dumps(manifest))


def zeros(size: int, mark: int) -> Iterator[bytes]:
    chunk = bytes(MB)
    for _ in range(size // MB - 1):
        yield chunk
    yield bytes(MB - 1) + bytes([mark])


def workspace_with(tmp_path: Path, name: str) -> Store:
    store = Store.open(tmp_path / f"{name}.rejoinder")
    store.set_me(name.title(), name[:2].upper())
    return store


# -- zip bombs ------------------------------------------------------------------------------------

def test_the_campaigns_bomb_is_refused_before_it_inflates(victim, tmp_path, monkeypatch) -> None:
    """1.5 MB whose manifest honestly lists three 400 MB documents (of zeros): it was imported
    in 89 s, with 2 GB of memory, leaving 1.2 GB of documents no record uses."""
    good, workspace = victim
    members = members_of(good)
    bombs = {}
    for mark in range(3):
        digest = hashlib.sha256()
        for chunk in zeros(400 * MB, mark):
            digest.update(chunk)
        bombs[f"blobs/{digest.hexdigest()}"] = zeros(400 * MB, mark)
    write_streamed(tmp_path / "bomb.rxp", members, bombs)
    assert (tmp_path / "bomb.rxp").stat().st_size < 2 * MB
    opened: list[str] = []
    real_open = zipfile.ZipFile.open

    def watched(self: zipfile.ZipFile, name: str | zipfile.ZipInfo, *args: object,
                **kwargs: object) -> object:
        opened.append(name if isinstance(name, str) else name.filename)
        return real_open(self, name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(zipfile.ZipFile, "open", watched)
    refused(workspace, tmp_path / "bomb.rxp", match="more than the 268,435,456 a file in a")
    assert not [name for name in opened if name.startswith("blobs/")]  # refused unread


def test_a_member_whose_directory_shows_a_bomb_is_refused_unread(victim, tmp_path) -> None:
    good, workspace = victim
    members = members_of(good)
    members["records/events.json"] = b"[" + b" " * (8 * MB) + b"]"
    write_zip(tmp_path / "ratio.rxp", members)
    refused(workspace, tmp_path / "ratio.rxp", match="would inflate .* more than 50 times")


def test_a_member_under_the_floor_is_not_counted_as_a_bomb(victim, tmp_path) -> None:
    """Below 1 MB a high ratio harms nobody (a list of like records deflates 100 times)."""
    good, _ = victim
    members = members_of(good)
    events = members["records/events.json"]
    members["records/events.json"] = events + b" " * (MB - len(events))
    write_zip(tmp_path / "airy.rxp", members)
    with zipfile.ZipFile(tmp_path / "airy.rxp") as zf:
        info = zf.getinfo("records/events.json")
        assert info.file_size > 10 * pack_module.MAX_RATIO * info.compress_size
    with workspace_with(tmp_path, "carol") as store:
        assert import_pack(store, tmp_path / "airy.rxp").added["events"] > 0


def test_the_total_is_refused_before_anything_inflates(victim, monkeypatch) -> None:
    good, workspace = victim
    with zipfile.ZipFile(good) as zf:
        total = sum(info.file_size for info in zf.infolist())
    monkeypatch.setattr(pack_module, "MAX_TOTAL_BYTES", total - 1)
    inflated: list[str] = []
    real = pack_module._chunks
    monkeypatch.setattr(pack_module, "_chunks",
                        lambda path, zf, info, *a: inflated.append(info.filename)
                        or real(path, zf, info, *a))
    refused(workspace, good, match="would inflate to")
    assert inflated == []


def test_the_total_is_counted_again_while_streaming(victim, tmp_path, monkeypatch) -> None:
    """Should the first check be passed (here: made blind to the total), the stream stops."""
    good, workspace = victim
    members = members_of(good)
    members["records/events.json"] = json.dumps([os.urandom(MB).hex()]).encode()
    write_zip(tmp_path / "large.rxp", members)
    real_check = pack_module._check_names

    def blind(path: Path, infos: list[zipfile.ZipInfo]) -> dict[str, zipfile.ZipInfo]:
        monkeypatch.setattr(pack_module, "MAX_TOTAL_BYTES", 1 << 40)
        try:
            return real_check(path, infos)
        finally:
            monkeypatch.setattr(pack_module, "MAX_TOTAL_BYTES", MB)

    monkeypatch.setattr(pack_module, "_check_names", blind)
    refused(workspace, tmp_path / "large.rxp", match="contents inflate past")


def test_a_member_that_inflates_past_its_ratio_is_stopped(victim, tmp_path,
                                                          monkeypatch) -> None:
    good, workspace = victim
    monkeypatch.setattr(pack_module, "_check_declared", lambda path, info: None)
    members = members_of(good)
    members["records/events.json"] = b"[" + b" " * (8 * MB) + b"]"
    write_zip(tmp_path / "ratio.rxp", members)
    refused(workspace, tmp_path / "ratio.rxp", match="inflates more than 50 times")


@pytest.mark.corpus
def test_no_real_letter_deflates_near_the_ratio_limit() -> None:
    """Every letter of the corpus (PDF and HTML): the highest, an HTML letter, deflates 21
    times; the limit is 50, and below 1 MB no ratio counts."""
    ratios = {path.name: len(data) / len(zlib_level_6(data))
              for path in CORPUS.rglob("*") if path.suffix in (".pdf", ".htm", ".txt")
              for data in [path.read_bytes()]}
    assert len(ratios) > 400
    assert max(ratios.values()) < pack_module.MAX_RATIO / 2


def zlib_level_6(data: bytes) -> bytes:
    import zlib

    return zlib.compress(data, 6)


# -- documents the records use --------------------------------------------------------------------

def test_a_document_no_record_uses_is_refused(victim, tmp_path) -> None:
    good, workspace = victim
    members = members_of(good)
    stray = os.urandom(64 * 1024)
    members["blobs/" + hashlib.sha256(stray).hexdigest()] = stray
    write_zip(tmp_path / "stray.rxp", members)
    refused(workspace, tmp_path / "stray.rxp", match="none of its records uses")


def test_attachments_and_references_are_documents_their_records_use(tmp_path) -> None:
    ada = workspace_with(tmp_path, "ada")
    imported = import_letter(ada, letter(), b"staff letter")
    first = ada.comments(document_id=imported.document.id)[0]
    (tmp_path / "schedule.xlsx").write_bytes(os.urandom(20_000))
    attached = attach(ada, first.id, tmp_path / "schedule.xlsx")
    filing = tmp_path / "10-K.pdf"
    filing.write_bytes(blank_pdf(3))
    reference = add_reference(ada, imported.matter.id, filing).document
    export_pack(ada, imported.matter.id, tmp_path / "a.rxp")
    bob = workspace_with(tmp_path, "bob")
    import_pack(bob, tmp_path / "a.rxp")
    assert has_content(bob, attachments(bob, first.id)[0])
    assert bob.blob(attached.sha256) == (tmp_path / "schedule.xlsx").read_bytes()
    assert bob.blob(reference.sha256) == filing.read_bytes()
    ada.close()
    bob.close()


def test_the_file_of_a_removed_attachment_is_refused(tmp_path) -> None:
    """Its sender does not carry it (storage.exchange.export), so a pack that does is forged."""
    ada = workspace_with(tmp_path, "ada")
    imported = import_letter(ada, letter(), b"staff letter")
    first = ada.comments(document_id=imported.document.id)[0]
    (tmp_path / "old.pdf").write_bytes(os.urandom(20_000))
    remove_attachment(ada, attach(ada, first.id, tmp_path / "old.pdf").id)
    export_pack(ada, imported.matter.id, tmp_path / "a.rxp")
    ada.close()
    members = members_of(tmp_path / "a.rxp")
    data = (tmp_path / "old.pdf").read_bytes()
    members["blobs/" + hashlib.sha256(data).hexdigest()] = data
    write_zip(tmp_path / "forged.rxp", members)
    workspace_with(tmp_path, "bob").close()
    refused(tmp_path / "bob.rejoinder", tmp_path / "forged.rxp",
            match="1 document file.* none of its records uses")


# -- writing and streaming ------------------------------------------------------------------------

def test_an_honest_file_that_deflates_past_the_ratio_travels_stored(tmp_path) -> None:
    """A scan of blank pages can deflate 1,000 times; the sender stores it as it is, so the
    pack is not refused as a bomb."""
    ada = workspace_with(tmp_path, "ada")
    imported = import_letter(ada, letter(), b"staff letter")
    first = ada.comments(document_id=imported.document.id)[0]
    (tmp_path / "blank scan.tif").write_bytes(bytes(2 * MB))
    attached = attach(ada, first.id, tmp_path / "blank scan.tif")
    export_pack(ada, imported.matter.id, tmp_path / "a.rxp")
    with zipfile.ZipFile(tmp_path / "a.rxp") as zf:
        assert zf.getinfo(f"blobs/{attached.sha256}").compress_type == zipfile.ZIP_STORED
        assert zf.getinfo("records/comments.json").compress_type == zipfile.ZIP_DEFLATED
    bob = workspace_with(tmp_path, "bob")
    import_pack(bob, tmp_path / "a.rxp")
    assert bob.blob(attached.sha256) == bytes(2 * MB)
    ada.close()
    bob.close()


def test_letters_past_the_limits_are_refused_when_exporting(tmp_path, monkeypatch) -> None:
    """Not written at all: the reader would refuse it as a bomb."""
    ada = workspace_with(tmp_path, "ada")
    matter = import_letter(ada, letter(), os.urandom(3 * MB)).matter.id
    monkeypatch.setattr(pack_module, "MAX_MEMBER_BYTES", 2 * MB)
    with pytest.raises(UserError, match="3 MB of letters .* nothing was written"):
        export_pack(ada, matter, tmp_path / "a.rxp")
    monkeypatch.setattr(pack_module, "MAX_MEMBER_BYTES", 4 * MB)
    monkeypatch.setattr(pack_module, "MAX_TOTAL_BYTES", 2 * MB)
    with pytest.raises(UserError, match="more than an exchange pack may"):
        export_pack(ada, matter, tmp_path / "a.rxp")
    assert not list(tmp_path.glob("a.rxp*")) and not ada._all("SELECT * FROM exchanges")
    ada.close()


def test_a_pack_changed_while_it_imports_leaves_the_workspace_untouched(
        victim, tmp_path, monkeypatch) -> None:
    """The documents are read from the file again when merged, and checked again."""
    good, _ = victim
    workspace_with(tmp_path, "carol").close()  # has none of the pack's documents yet
    members = members_of(good)
    other = members_of(good)
    (name,) = [n for n in members if n.startswith("blobs/") and len(members[n]) > 100][:1]
    other[name] = bytes(len(members[name]))  # same size, other bytes: a swapped file
    real = merge_module.read_pack

    def read_then_swap(path: Path) -> pack_module.RawPack:
        raw = real(path)
        write_zip(path, other, fix_manifest=False)
        return raw

    monkeypatch.setattr(merge_module, "read_pack", read_then_swap)
    refused(tmp_path / "carol.rejoinder", good, match="changed while it was imported")


def test_a_large_honest_pack_imports_in_bounded_memory(tmp_path: Path) -> None:
    big = os.urandom(48 * MB)  # a filing-sized document, incompressible
    ada = workspace_with(tmp_path, "ada")
    matter = import_letter(ada, letter(), big).matter.id
    export_pack(ada, matter, tmp_path / "big.rxp")
    ada.close()
    del big
    carol = workspace_with(tmp_path, "carol")
    tracemalloc.start()
    try:
        import_pack(carol, tmp_path / "big.rxp")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    (document,) = carol.documents()
    assert hashlib.sha256(carol.blob(document.sha256)).hexdigest() == document.sha256
    carol.close()
    assert peak < 12 * MB, f"importing a 48 MB pack took {peak / MB:.0f} MB at its peak"


@pytest.mark.parametrize("size", [0, 1])
def test_tiny_documents_stream_too(tmp_path, size) -> None:
    ada = workspace_with(tmp_path, "ada")
    imported = import_letter(ada, letter(), b"staff letter")
    first = ada.comments(document_id=imported.document.id)[0]
    (tmp_path / "note.txt").write_bytes(b"x" * size)
    attached = attach(ada, first.id, tmp_path / "note.txt")
    export_pack(ada, imported.matter.id, tmp_path / "a.rxp")
    bob = workspace_with(tmp_path, "bob")
    import_pack(bob, tmp_path / "a.rxp")
    assert bob.blob(attached.sha256) == b"x" * size
    assert dump(bob)["blobs"] == dump(ada)["blobs"]
    ada.close()
    bob.close()


@pytest.mark.parametrize(("records", "why"), [
    (b"[" + b"[]," * (4 * MB) + b"[]]", "almost all brackets"),  # gigabytes once parsed
    ((b"[" + b" " * 31) * 100_000 + b"]" * 100_000, "nested too deeply"),
])
def test_records_that_would_flood_memory_or_the_stack_are_refused(victim, tmp_path, records,
                                                                  why) -> None:
    good, workspace = victim
    members = members_of(good)
    members["records/events.json"] = records
    write_zip(tmp_path / "records.rxp", members)
    monkeypatch_ratio = pytest.MonkeyPatch()
    monkeypatch_ratio.setattr(pack_module, "MAX_RATIO", 10**9)  # past the zip-bomb check
    try:
        refused(workspace, tmp_path / "records.rxp", match=why)
    finally:
        monkeypatch_ratio.undo()
