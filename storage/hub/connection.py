"""Reaching a team hub: libpq's own connection parameters (a URL or `service=NAME`, `sslmode`,
`~/.pgpass`, the `PG*` variables), a password never kept, and the errors a user can act on.

psycopg is the optional `hub` extra: it is imported here, when a hub is first used, so the
program without it starts and works offline as ever.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from storage.errors import UserError

if TYPE_CHECKING:
    import psycopg

CONNECT_TIMEOUT = 10  # seconds, unless the URL says otherwise
APPLICATION = "rejoinder-hub"


class HubError(UserError):
    """A team hub could not be used as asked; the workspace was not changed."""


class HubUnreachable(HubError):
    """The hub's server could not be reached."""


class HubLoginFailed(HubError):
    """The hub refused the login (wrong password, unknown role, no password at hand)."""


class NotAHub(HubError):
    """The database is not a Rejoinder hub (another application's, or not initialised)."""


class HubTooNew(HubError):
    """The hub was set up by a newer Rejoinder; it was left untouched."""


class HubRestored(HubError):
    """The hub holds less than this workspace already pulled from it (restored from a backup)."""


class HubRefused(HubError):
    """The hub holds changes that fail Rejoinder's checks (damaged or tampered with)."""


class HubDenied(HubError):
    """The hub's rules refused something (not an administrator, not a member)."""


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError:
        raise HubError("Syncing with a team hub needs the PostgreSQL driver, which this "
                       "installation lacks. Install it with: pip install 'rejoinder[hub]' "
                       "(or .venv/bin/pip install 'psycopg[binary]>=3.1').") from None
    return psycopg


def without_password(url: str) -> str:
    """The connection string with any password taken out: what may be remembered."""
    conninfo = _psycopg().conninfo
    try:
        params = conninfo.conninfo_to_dict(url)
    except Exception as error:  # psycopg.ProgrammingError: libpq could not parse it
        raise HubError(f"{url!r} is not a PostgreSQL connection string or URL ({error}). "
                       "Write it as postgresql://ROLE@HOST/DATABASE?sslmode=require, or "
                       "service=NAME.") from None
    params.pop("password", None)
    return str(conninfo.make_conninfo(**{k: str(v) for k, v in params.items()}))


def with_password(url: str, password: str) -> str:
    """The connection string with a password typed for one sync (kept in memory only)."""
    return str(_psycopg().conninfo.make_conninfo(url, password=password))


def shown(url: str) -> str:
    """The hub as named in messages: its address without a password."""
    try:
        params = _psycopg().conninfo.conninfo_to_dict(url)
    except Exception:
        return "the hub"
    if "service" in params and "host" not in params:
        return f"the team hub (service {params['service']})"
    where = f"{params.get('host', 'localhost')}:{params.get('port', 5432)}"
    return f"the team hub at {where}/{params.get('dbname', params.get('user', ''))}"


def connect(url: str) -> psycopg.Connection[Any]:
    """Open a connection, turning libpq's failures into plain words."""
    psycopg = _psycopg()
    params = psycopg.conninfo.conninfo_to_dict(without_password(url)) | {
        k: v for k, v in psycopg.conninfo.conninfo_to_dict(url).items() if k == "password"}
    params.setdefault("connect_timeout", CONNECT_TIMEOUT)
    params.setdefault("application_name", "Rejoinder")
    try:
        return psycopg.connect(**params)
    except psycopg.OperationalError as error:
        raise _connect_error(url, str(error)) from None


def _connect_error(url: str, text: str) -> HubError:
    where = shown(url)
    detail = text.strip().splitlines()[-1] if text.strip() else "no reason given"
    lowered = text.lower()
    if "password authentication failed" in lowered or "no password supplied" in lowered \
            or "role" in lowered and "does not exist" in lowered \
            or "authentication failed" in lowered:
        return HubLoginFailed(
            f"{where} refused the login ({detail}). Nothing in your workspace was changed. "
            "Check your role name and password: keep the password in ~/.pgpass (or your "
            "service file), never in Rejoinder, and ask the hub's administrator if it was "
            "changed.")
    if "database" in lowered and "does not exist" in lowered:
        return NotAHub(f"{where} has no such database ({detail}). Nothing in your workspace "
                       "was changed. Check the database name in the hub's address.")
    return HubUnreachable(
        f"Could not reach {where} ({detail}). Nothing in your workspace was changed. Check "
        "that you are online (and on the firm's network or VPN), then sync again; your work "
        "stays here meanwhile.")
