"""The identities and times every record carries: UUIDs and UTC ISO-8601 times, so that records
made on different laptops merge; and the SHA-256 that names a document's bytes."""
from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime


def now() -> str:
    """The current time, UTC, ISO-8601 to the microsecond."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def new_id() -> str:
    return str(uuid.uuid4())


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
