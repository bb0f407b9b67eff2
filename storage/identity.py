"""Who works at this machine: a name suggested from the operating system's account, and the
name and initials the reviewer gave, remembered for the machine (a small JSON file in the user
configuration folder) so that every new workspace knows them without asking.

`REJOINDER_CONFIG_DIR` puts that file elsewhere (the tests, a portable install).
"""
from __future__ import annotations

import getpass
import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storage.store import Store

# Accounts that are not a person: never offered as a reviewer's name.
SYSTEM_ACCOUNTS = {"root", "administrator", "admin", "system", "user", "nobody", "guest",
                   "ubuntu", "debian", "runner", "builder", "vagrant", "docker"}


def config_dir() -> Path:
    override = os.environ.get("REJOINDER_CONFIG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("Rejoinder", appauthor=False))


def identity_path() -> Path:
    return config_dir() / "reviewer.json"


def suggested_name() -> str:
    """The user's full name as the OS knows it, else their login name; "" for an account that
    is not a person's (root, Administrator …)."""
    login = ""
    try:
        login = getpass.getuser()
    except Exception:  # no login name in this environment (getpass raises several types)
        pass
    full = ""
    try:
        import pwd

        full = pwd.getpwuid(os.getuid()).pw_gecos.split(",")[0].strip()
    except (ImportError, KeyError, AttributeError):
        pass
    for name in (full, login):
        if name and name.lower() not in SYSTEM_ACCOUNTS and login.lower() != "root":
            return name
    return ""


def initials_of(name: str) -> str:
    words = [w for w in name.replace(".", " ").split() if w[:1].isalpha()]
    if len(words) >= 2:
        return (words[0][0] + words[-1][0]).upper()
    return name[:2].upper()


def machine_identity() -> tuple[str, str] | None:
    """(name, initials) the reviewer gave on this machine, or None."""
    try:
        data = json.loads(identity_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    name, initials = data.get("name"), data.get("initials")
    if isinstance(name, str) and isinstance(initials, str) and name.strip() and initials.strip():
        return name.strip(), initials.strip()
    return None


def remember_identity(name: str, initials: str) -> None:
    """Remember the reviewer for the machine (written whole or not at all)."""
    path = identity_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=".reviewer.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump({"name": name.strip(), "initials": initials.strip().upper()}, out)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def adopt_machine_identity(store: Store) -> bool:
    """Give a workspace that does not know its reviewer the machine's; True if it did."""
    if store.me() is not None:
        return False
    known = machine_identity()
    if known is None:
        return False
    store.set_me(*known)
    return True


def sign_workspace(store: Store, previous: tuple[str, str] | None = None) -> None:
    """Make sure a workspace's changes have an author: the machine's reviewer, else the one of
    the workspace before (`previous`), else the name the OS account suggests (to be confirmed
    in the window); a root account suggests none, and the window asks."""
    if adopt_machine_identity(store) or store.me() is not None:
        return
    if previous is not None:
        store.set_me(*previous)
        return
    name = suggested_name()
    if name:
        store.set_me(name, initials_of(name))
