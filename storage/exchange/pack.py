"""The pack file: a zip of `manifest.json`, `records/<kind>.json` and `blobs/<sha256>`.

Writing is atomic (a temporary file beside the target, then os.replace). Reading treats the file
as hostile: member names, counts, sizes, the total and each member's compression ratio are
checked before anything is inflated, and again while it inflates; every member is checked
against the SHA-256 the manifest gives; documents (blobs) that no record of the pack uses are
refused before they inflate. Documents are never held whole in memory: they are hashed as they
stream, and streamed again into the workspace by the merge (`RawPack.chunks`). Nothing is ever
extracted to disk.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storage.errors import UserError
from storage.exchange.model import TABLES

FORMAT = "rejoinder-exchange"
FORMAT_VERSION = 1
REQUIRED_MIGRATIONS = ("m001_initial", "m002_split_corrections", "m003_review_workflow",
                       "m004_exchange")
MANIFEST = "manifest.json"
RECORD_KINDS = tuple(t.name for t in TABLES) + ("revisions", "heads")
RECORD_MEMBERS = frozenset(f"records/{kind}.json" for kind in RECORD_KINDS
                           if not any(t.name == kind and t.optional for t in TABLES))
OPTIONAL_KINDS = tuple(t.name for t in TABLES if t.optional)
ALLOWED_MEMBERS = RECORD_MEMBERS | {f"records/{kind}.json" for kind in OPTIONAL_KINDS}
_BLOB_NAME = re.compile(r"blobs/[0-9a-f]{64}")

# Limits against zip bombs and absurd packs (module attributes, so tests can lower them).
MAX_PACK_BYTES = 4 << 30
MAX_MEMBERS = 20_000
MAX_MEMBER_BYTES = 256 << 20  # one document: a filing added beside the letters is <= 200 MB
MAX_TOTAL_BYTES = 1 << 30  # everything a pack inflates to
# Inflated over compressed bytes, for members past RATIO_FLOOR (below it a bomb does no harm).
# Real letters deflate 1-1.7 times (PDF) and 2-22 (HTML; 689 files of the corpus); zip bombs
# 1,000. `write_pack` stores a member that would pass it, so no honest pack is refused for it.
MAX_RATIO = 50
RATIO_FLOOR = 1 << 20
MAX_MANIFEST_BYTES = 16 << 20
BYTES_PER_CONTAINER = 16  # a records file with more lists and objects than this allows is hostile
CHUNK = 1 << 20


class DamagedPack(UserError):
    """An exchange pack is damaged, incomplete or not a pack; the workspace was not touched."""


class PackTooNew(DamagedPack):
    """An exchange pack was made by a newer Rejoinder."""


class PackNeedsEarlier(DamagedPack):
    """An exchange pack builds on records this workspace has never received."""


@dataclass(frozen=True)
class RawPack:
    path: Path
    manifest: dict[str, Any]
    records: dict[str, list[Any]]  # kind → rows (or head entries)
    blobs: dict[str, bytes]  # sha256 → bytes held in memory (a team hub's)
    streamed: dict[str, int] = field(default_factory=dict)  # sha256 → size, left in the file

    def sizes(self) -> dict[str, int]:
        """Every document the pack carries: sha256 → size."""
        return {**self.streamed, **{d: len(data) for d, data in self.blobs.items()}}

    def chunks(self, digest: str) -> Iterator[bytes]:
        """A document's bytes, a chunk at a time (from the pack file, checked again)."""
        if digest in self.blobs:
            yield self.blobs[digest]
        else:
            yield from stream_blob(self.path, digest, self.streamed[digest])


def used_blobs(records: dict[str, list[Any]]) -> set[str]:
    """The documents a pack's records use: letters' and references' files and their displayed
    renditions, and the files of attachments not removed."""
    used = {row[column] for row in records.get("documents", []) if isinstance(row, dict)
            for column in ("sha256", "display_sha256") if isinstance(row.get(column), str)}
    return used | {row["sha256"] for row in records.get("attachments", [])
                   if isinstance(row, dict) and isinstance(row.get("sha256"), str)
                   and not row.get("removed_at")}


def damaged(path: Path, what: str, advice: str = "Ask the sender to export it again."
            ) -> DamagedPack:
    return DamagedPack(f"The exchange pack {path} cannot be imported: {what}. Nothing in your "
                       f"workspace was changed. {advice}")


def parse_records(path: Path, name: str, data: bytes) -> Any:
    """Records as JSON, refused in one line (DamagedPack) when they are not valid JSON, are
    nested past Python's stack, or are almost all brackets: millions of empty lists would take
    gigabytes once parsed, and records as Rejoinder writes them hold a few hundred bytes a row.
    A pack's records files and a hub's changes alike."""
    if data.count(b"[") + data.count(b"{") > len(data) // BYTES_PER_CONTAINER + 16:
        raise damaged(path, f"{name} is not records as Rejoinder writes them (it is almost "
                      "all brackets)", "Do not import it.")
    try:
        return json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        what = "nested too deeply" if isinstance(error, RecursionError) else str(error)
        raise damaged(path, f"{name} is not valid JSON ({what})") from error


# -- writing --------------------------------------------------------------------------------------

def write_pack(path: Path, manifest: dict[str, Any], records: dict[str, list[Any]],
               blobs: dict[str, bytes]) -> int:
    """Write the pack atomically; returns its size in bytes."""
    members = {f"records/{kind}.json": json.dumps(rows, ensure_ascii=False).encode()
               for kind, rows in records.items()}
    members.update({f"blobs/{digest}": data for digest, data in blobs.items()})
    manifest = {**manifest, "members": {
        name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        for name, data in members.items()}}
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        stored = _write_zip(Path(temp), members, manifest, set())
        if stored:  # rare: written again with those members as they are, so no reader balks
            _write_zip(Path(temp), members, manifest, stored)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path.stat().st_size


def _write_zip(target: Path, members: dict[str, bytes], manifest: dict[str, Any],
               stored: set[str]) -> set[str]:
    """Write the zip, `stored` members not deflated; returns the members that deflated past
    MAX_RATIO (an honest file can: a scan of blank pages), which a reader would refuse."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for name, data in members.items():
            zf.writestr(name, data, zipfile.ZIP_STORED if name in stored else None)
        zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        return {info.filename for info in zf.infolist()
                if _past_ratio(info.file_size, info.compress_size)}


# -- reading --------------------------------------------------------------------------------------

def read_pack(path: Path) -> RawPack:
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise DamagedPack(f"Could not read the exchange pack {path}: "
                          f"{error.strerror or error}. Check the file name.") from error
    if size > MAX_PACK_BYTES:
        raise damaged(path, f"it is {size:,} bytes, more than a pack may be")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = _check_names(path, zf.infolist())
            manifest = _read_manifest(path, zf, infos)
            return _read_members(path, zf, infos, manifest)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError,
            RuntimeError, ValueError) as error:
        raise damaged(path, f"it is not a complete exchange pack ({error})") from error
    except OSError as error:
        raise damaged(path, f"it could not be read ({error.strerror or error})") from error


def _check_names(path: Path, infos: list[zipfile.ZipInfo]) -> dict[str, zipfile.ZipInfo]:
    if len(infos) > MAX_MEMBERS:
        raise damaged(path, f"it holds {len(infos):,} files, more than a pack may")
    out: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        name = info.filename
        if "\\" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name) \
                or ".." in name.split("/"):
            raise damaged(path, f"it contains a file named {name!r} that points outside the pack",
                          "Do not import it; it may have been tampered with.")
        if name != MANIFEST and name not in ALLOWED_MEMBERS and not _BLOB_NAME.fullmatch(name):
            raise damaged(path, f"it contains an unexpected file {name!r}")
        if name in out:
            raise damaged(path, f"it contains {name!r} twice")
        if info.flag_bits & 0x1:
            raise damaged(path, f"{name!r} is encrypted")
        _check_declared(path, info)
        total += info.file_size
        out[name] = info
    if total > MAX_TOTAL_BYTES:
        raise damaged(path, f"its contents would inflate to {total:,} bytes, more than the "
                      f"{MAX_TOTAL_BYTES:,} a pack may", "Do not import it.")
    if MANIFEST not in out:
        raise damaged(path, "it has no manifest.json (it is not a Rejoinder exchange pack)",
                      "Choose a pack exported from Rejoinder (File → Export exchange pack…).")
    return out


def _check_declared(path: Path, info: zipfile.ZipInfo) -> None:
    """A member's sizes as the zip's directory gives them: refused before anything inflates."""
    if info.file_size > MAX_MEMBER_BYTES:
        raise damaged(path, f"{info.filename!r} would inflate to {info.file_size:,} bytes, "
                      f"more than the {MAX_MEMBER_BYTES:,} a file in a pack may",
                      "Do not import it.")
    if _past_ratio(info.file_size, info.compress_size):
        raise damaged(path, f"{info.filename!r} would inflate {info.compress_size:,} bytes to "
                      f"{info.file_size:,}, more than {MAX_RATIO} times (a zip bomb?)",
                      "Do not import it.")


def _past_ratio(inflated: int, compressed: int) -> bool:
    return inflated > RATIO_FLOOR and inflated > MAX_RATIO * max(compressed, 1)


class _Budget:
    """What the members of one reading have inflated to so far, against MAX_TOTAL_BYTES."""

    def __init__(self) -> None:
        self.used = 0


def _chunks(path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int,
            budget: _Budget) -> Iterator[bytes]:
    """A member's bytes as they inflate, stopped as soon as they pass its declared size,
    `limit`, the compression ratio or the pack's total: the directory may lie."""
    cap = min(limit, info.file_size)
    inflated = 0
    with zf.open(info) as member:
        while chunk := member.read(CHUNK):
            inflated += len(chunk)
            budget.used += len(chunk)
            if inflated > cap:
                raise damaged(path, f"{info.filename!r} inflates past "
                              f"{cap:,} bytes (a zip bomb?)", "Do not import it.")
            if _past_ratio(inflated, info.compress_size):
                raise damaged(path, f"{info.filename!r} inflates more than {MAX_RATIO} times "
                              "its compressed size (a zip bomb?)", "Do not import it.")
            if budget.used > MAX_TOTAL_BYTES:
                raise damaged(path, f"its contents inflate past {MAX_TOTAL_BYTES:,} bytes "
                              "(a zip bomb?)", "Do not import it.")
            yield chunk


def _inflate(path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int,
             budget: _Budget) -> bytes:
    return b"".join(_chunks(path, zf, info, limit, budget))


def _digest(path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget
            ) -> tuple[str, int]:
    """A member's SHA-256 and size, taken as it streams: never held whole."""
    hasher, size = hashlib.sha256(), 0
    for chunk in _chunks(path, zf, info, MAX_MEMBER_BYTES, budget):
        hasher.update(chunk)
        size += len(chunk)
    return hasher.hexdigest(), size


def stream_blob(path: Path, digest: str, size: int) -> Iterator[bytes]:
    """A document's bytes from a pack `read_pack` checked, a chunk at a time, checked again as
    they stream (the file may have changed since): raises DamagedPack, at the latest after the
    last chunk, if they are not what the pack promised."""
    name = f"blobs/{digest}"
    hasher, seen = hashlib.sha256(), 0
    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo(name)
            _check_declared(path, info)
            for chunk in _chunks(path, zf, info, size, _Budget()):
                hasher.update(chunk)
                seen += len(chunk)
                yield chunk
    except (KeyError, zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        raise damaged(path, f"{name!r} could not be read again ({error})") from error
    if hasher.hexdigest() != digest or seen != size:
        raise damaged(path, f"{name!r} changed while it was imported")


def _read_manifest(path: Path, zf: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo]
                   ) -> dict[str, Any]:
    from storage.schema import known_names

    try:
        manifest = json.loads(_inflate(path, zf, infos[MANIFEST], MAX_MANIFEST_BYTES,
                                       _Budget()))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise damaged(path, f"its manifest is not valid JSON ({error})") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise damaged(path, "its manifest is not a Rejoinder exchange manifest")
    version = manifest.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise damaged(path, "its manifest has no valid format version")
    if version > FORMAT_VERSION:
        raise PackTooNew(f"The exchange pack {path} was made by a newer version of Rejoinder "
                         f"(pack format {version}; this version reads format {FORMAT_VERSION}). "
                         "Nothing in your workspace was changed. Update Rejoinder, then import "
                         "it again.")
    schema = manifest.get("schema")
    if not isinstance(schema, list) or not all(isinstance(s, str) for s in schema):
        raise damaged(path, "its manifest does not list the sender's schema")
    unknown = [name for name in schema if name not in known_names()]
    if unknown:
        raise PackTooNew(f"The exchange pack {path} was made by a newer version of Rejoinder "
                         f"(its workspace has schema steps {', '.join(unknown)}). Nothing in "
                         "your workspace was changed. Update Rejoinder, then import it again.")
    missing = [name for name in REQUIRED_MIGRATIONS if name not in schema]
    if missing:
        raise damaged(path, f"its sender's schema lacks {', '.join(missing)}")
    _check_manifest_fields(path, manifest)
    return manifest


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _check_manifest_fields(path: Path, manifest: dict[str, Any]) -> None:
    for key in ("pack_id", "matter_id"):
        if not isinstance(manifest.get(key), str) or not _UUID.fullmatch(manifest[key]):
            raise damaged(path, f"its manifest has no valid {key}")
    author = manifest.get("author")
    if not isinstance(author, dict) or not isinstance(author.get("id"), str) \
            or not _UUID.fullmatch(author["id"]) or not isinstance(author.get("name"), str):
        raise damaged(path, "its manifest does not say who made it")
    if not isinstance(manifest.get("created_at"), str):
        raise damaged(path, "its manifest has no creation time")
    counts, members = manifest.get("counts"), manifest.get("members")
    if not isinstance(counts, dict) or not isinstance(members, dict):
        raise damaged(path, "its manifest lists no contents")
    for name, entry in members.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("sha256"), str) \
                or not isinstance(entry.get("size"), int):
            raise damaged(path, f"its manifest entry for {name!r} is malformed")


def _read_members(path: Path, zf: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo],
                  manifest: dict[str, Any]) -> RawPack:
    listed: dict[str, dict[str, Any]] = manifest["members"]
    present = set(infos) - {MANIFEST}
    if set(listed) != present:
        extra, lost = sorted(present - set(listed)), sorted(set(listed) - present)
        raise damaged(path, "its contents do not match its manifest"
                      + (f" (missing: {', '.join(lost[:3])})" if lost else "")
                      + (f" (not listed: {', '.join(extra[:3])})" if extra else ""))
    if not RECORD_MEMBERS <= present:
        raise damaged(path, "it lacks " + ", ".join(sorted(RECORD_MEMBERS - present)))
    budget = _Budget()
    blob_names = _blob_members(present)
    records: dict[str, list[Any]] = {}
    for name in sorted(present - set(blob_names)):
        data = _inflate(path, zf, infos[name], MAX_MEMBER_BYTES, budget)
        _check_listed(path, name, listed[name], hashlib.sha256(data).hexdigest(), len(data))
        rows = parse_records(path, repr(name), data)
        if not isinstance(rows, list):
            raise damaged(path, f"{name!r} is not a list of records")
        records[name[len("records/"):-len(".json")]] = rows
    for kind in OPTIONAL_KINDS:  # a pack made before the kind existed
        records.setdefault(kind, [])
    used = used_blobs(records)
    unused = [digest for digest in blob_names.values() if digest not in used]
    if unused:
        raise damaged(path, f"it carries {len(unused)} document file(s) that none of its "
                      f"records uses ({', '.join(d[:12] for d in unused[:3])})",
                      "Do not import it; ask the sender to export it again.")
    streamed: dict[str, int] = {}
    for name, expected in sorted(blob_names.items()):
        digest, size = _digest(path, zf, infos[name], budget)
        _check_listed(path, name, listed[name], digest, size)
        if digest != expected:
            raise damaged(path, f"the document {name!r} does not match its SHA-256")
        streamed[digest] = size
    return RawPack(path, manifest, records, {}, streamed)


def _blob_members(present: set[str]) -> dict[str, str]:
    """member name → the SHA-256 it is named by."""
    return {name: name[len("blobs/"):] for name in present if name.startswith("blobs/")}


def _check_listed(path: Path, name: str, entry: dict[str, Any], digest: str, size: int) -> None:
    if digest != entry["sha256"] or size != entry["size"]:
        raise damaged(path, f"{name!r} does not match the SHA-256 its manifest gives "
                      "(it was altered or damaged in transit)")
