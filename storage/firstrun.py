"""The sample matter a brand-new workspace starts with: the 21Vianet Group review of its 2016
Form 20-F — the company's response of August 30, 2017 (a real, public letter) and the staff letter
of August 16, 2017 that it answers, rebuilt by Rejoinder from the comments the response recites."""
from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storage.store import Store

SAMPLE_RESPONSE = "21vianet_2017-08-30_response.txt"
SAMPLE_STAFF = "21vianet_2017-08-16_staff_reconstructed.pdf"


def sample_path(name: str) -> Path:
    """A bundled sample file, wherever the program is installed."""
    resource = files("resources").joinpath("samples", name)
    with as_file(resource) as path:
        return Path(path)


def ensure_sample_matter(store: Store) -> bool:
    """Import the sample matter into a workspace that has no matters yet. True if it did.
    The bundled letters are read in this process: they are ours, and the first start does not
    wait for a worker process to start."""
    from storage.importer import import_letter
    from storage.ingest import parse_letter

    if store.matters():
        return False
    with store.atomic():
        for name in (SAMPLE_STAFF, SAMPLE_RESPONSE):
            data = sample_path(name).read_bytes()
            import_letter(store, parse_letter(data, name), data)
    return True
