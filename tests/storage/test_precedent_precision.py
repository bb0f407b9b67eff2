"""Precision@5 of the precedent ranking against verdicts given by hand (precedent_judged/): a
change of ranking that shows a precedent nobody has judged fails here until it is judged."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storage.precedent.build import build
from storage.precedent.library import open_readonly
from tests.conftest import LETTERS
from tests.storage.precedent_judged import (
    WIDE,
    held_out,
    identity,
    judgments,
    pending,
    queries,
    shown,
)

# The figure the README reports: 73 of the 91 precedents shown were on the question.
PRECISION, ON_POINT, MARGIN = 0.80, 73, 0.03

pytestmark = [pytest.mark.corpus,
              pytest.mark.skipif(not WIDE.is_dir() or not LETTERS.is_dir(),
                                 reason="needs ../shared/corpus/wide and letters")]


@pytest.fixture(scope="module")
def conn(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    """The wide corpus less the reviews of the judged letters (about 15 s)."""
    out = tmp_path_factory.mktemp("judged") / "held-out.rejoinder-library"
    build(out, held_out())
    return open_readonly(Path(out))


def test_every_precedent_shown_has_a_verdict(conn: sqlite3.Connection) -> None:
    unjudged = [(q.key, identity(p)) for q, found in pending(conn) for p in found]
    assert not unjudged, (f"{len(unjudged)} shown precedents lack a verdict; judge them with "
                          f"`python -m tests.storage.precedent_judged LIBRARY`: {unjudged[:3]}")


def test_precision_at_5_holds(conn: sqlite3.Connection) -> None:
    known = judgments()
    verdicts = [known[(q.key, identity(p))]["verdict"] for q in queries() for p in shown(conn, q)
                if (q.key, identity(p)) in known]
    on_point = verdicts.count("yes")
    assert on_point / len(verdicts) >= PRECISION - MARGIN
    assert on_point >= ON_POINT * (1 - MARGIN)  # not bought by showing less


def test_the_verdicts_name_a_reason() -> None:
    rows = judgments()
    assert len({q for q, _ in rows}) == 100
    assert all(r["verdict"] in ("yes", "no") and len(r["reason"]) > 10 for r in rows.values())
