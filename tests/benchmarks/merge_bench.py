"""merge_s_2000: importing an exchange pack with 2,000 changed records into a workspace of
20,000 comments (the issue asks for under 10 s). Also reported: the first full export of that
workspace (which records every field's history once) and the incremental export.

The workspace is built with direct inserts in one transaction; a copy plays the other reviewer,
who changes 2,000 answers and sends only those changes back."""
from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

COMMENTS = 20_000
PER_LETTER = 500
CHANGED = 2_000


def _build(path: Path) -> str:
    from storage.ids import new_id, now, sha256
    from storage.store import Store
    from tests.storage.conftest import blank_pdf

    with Store.open(path) as store:
        me = store.set_me("Bench Marker", "BM")
        matter, stamp = new_id(), now()
        with store.atomic():
            store.db["matters"].insert({"id": matter, "title": "Benchmark — Form 10-K",
                                        "company": "Benchmark Corp", "file_numbers": "[]",
                                        "filings": "[]", "created_at": stamp})
            for letter in range(COMMENTS // PER_LETTER):
                data = blank_pdf() + f"% letter {letter}".encode()
                digest = sha256(data)
                store.db["blobs"].insert({"sha256": digest, "size": len(data), "data": data})
                document = new_id()
                store.db["documents"].insert({
                    "id": document, "matter_id": matter, "role": "staff",
                    "name": f"letter-{letter}.pdf", "source_format": "pdf", "sha256": digest,
                    "display_sha256": digest, "letter_date": "2017-08-16", "round": letter + 1,
                    "page_count": 1, "warnings": "[]", "imported_at": stamp,
                    "imported_by": me.id})
                ids = [new_id() for _ in range(PER_LETTER)]
                store.db["comments"].insert_all({
                    "id": ids[i], "matter_id": matter, "document_id": document, "seq": i,
                    "number": i + 1, "headings": "[]", "heading_path": json.dumps(["Item 7"]),
                    "text": f"Comment {i + 1} of letter {letter}: tell us more about goodwill "
                    "impairment testing and the assumptions behind it.", "page": 1,
                    "regions": json.dumps([{"page": 1, "rect": [72, 100, 540, 130]}])}
                    for i in range(PER_LETTER))
                store.db["responses"].insert_all({"comment_id": c, "due_date": "2017-08-30"}
                                                 for c in ids)
    return matter


def measure() -> dict[str, float]:
    from storage.exchange import export_pack, import_pack
    from storage.store import Store

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        ours, theirs = folder / "ours.rejoinder", folder / "theirs.rejoinder"
        start = time.perf_counter()
        matter = _build(ours)
        build_s = time.perf_counter() - start
        with Store.open(ours) as store:
            start = time.perf_counter()
            export_pack(store, matter, folder / "full.rxp")
            full_s = time.perf_counter() - start
            me = store.me()
            assert me is not None
        shutil.copy(ours, theirs)
        with Store.open(theirs) as other:
            peer = other.add_reviewer("Other Side", "OS")
            other.set_setting("local_reviewer_id", peer.id)
            export_pack(other, matter, folder / "first.rxp", since_peer=me.id)
            comments = [c.id for c in other.comments(matter_id=matter)][::COMMENTS // CHANGED]
            with other.atomic():
                for i, comment in enumerate(comments):
                    if i % 3:
                        other.save_draft(comment, f"<p>Answer {i}: the reporting unit passed "
                                         "step 1 with headroom of 12%.</p>")
                    else:
                        other.set_status(comment, "drafting")
            start = time.perf_counter()
            summary = export_pack(other, matter, folder / "changes.rxp", since_peer=me.id)
            incremental_s = time.perf_counter() - start
        with Store.open(ours) as store:
            start = time.perf_counter()
            import_pack(store, folder / "first.rxp")  # the whole matter, nothing new in it
            first_s = time.perf_counter() - start
            start = time.perf_counter()
            result = import_pack(store, folder / "changes.rxp")
            merge_s = time.perf_counter() - start
        assert result.updated.get("responses") == CHANGED, result.updated
    return {"merge_s_2000": merge_s, "merge_pack_records": float(summary.counts["responses"]),
            "export_full_s_20000": full_s,
            "import_full_unchanged_s_20000": first_s, "export_changes_s_2000": incremental_s,
            "merge_bench_build_s": build_s}


if __name__ == "__main__":
    for key, value in measure().items():
        print(f"{key}: {value:.3f}")
