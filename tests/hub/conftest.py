"""Fixtures of the hub tests: one private PostgreSQL cluster for the session, a fresh hub
database for each test, and reviewers' workspaces. Where no PostgreSQL server is installed the
tests are skipped, saying so; where REJOINDER_REQUIRE_HUB_TESTS is set (CI), that is a failure.
"""
from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from storage.store import Store
from tests.hub.pg import REQUIRED, Cluster, create_hub, make_roles, start_cluster

_COUNTER = itertools.count()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.hub)


@pytest.fixture(scope="session")
def cluster() -> Iterator[Cluster]:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _missing("psycopg (the 'hub' extra) is not installed")
    started = start_cluster()
    if started is None:
        _missing("no PostgreSQL server binaries were found (pg_config --bindir, "
                 "/usr/lib/postgresql/*/bin); install postgresql-15")
    assert started is not None
    make_roles(started)
    yield started
    started.stop()


def _missing(why: str) -> None:
    message = f"hub tests need a PostgreSQL server: {why}"
    if os.environ.get(REQUIRED):
        pytest.fail(message + f" ({REQUIRED} is set: CI must run them)", pytrace=False)
    pytest.skip(message)


@pytest.fixture
def hub(cluster: Cluster) -> str:
    """A fresh hub; its database name."""
    name = f"hub_{os.getpid()}_{next(_COUNTER)}"
    create_hub(cluster, name)
    return name


@pytest.fixture
def url(cluster: Cluster, hub: str):  # type: ignore[no-untyped-def]
    """url(role) → that reviewer's URL of the test's hub."""
    return lambda role="alice", **kw: cluster.url(role, hub, **kw)


def workspace(folder: Path, name: str, initials: str) -> Store:
    store = Store.open(folder / f"{name.split()[0].lower()}.rejoinder")
    store.set_me(name, initials)
    return store


@pytest.fixture
def ada(tmp_path: Path) -> Iterator[Store]:
    with workspace(tmp_path, "Ada Lovelace", "AL") as store:
        yield store


@pytest.fixture
def bob(tmp_path: Path) -> Iterator[Store]:
    with workspace(tmp_path, "Bob Brown", "BB") as store:
        yield store
