"""The hub's fixtures (a private PostgreSQL cluster, a fresh hub) for the window's tests."""
from tests.hub.conftest import ada, bob, cluster, hub, url  # noqa: F401
