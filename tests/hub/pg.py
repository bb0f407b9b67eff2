"""A private PostgreSQL cluster for the hub's tests and benchmarks: initdb and pg_ctl in a
temporary folder, on a free port, run as an unprivileged user when we are root. No mocks."""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SUPERUSER, SUPERPASS = "postgres", "super-secret"
REVIEWERS = {"alice": "alice-pw", "bob": "bob-pw", "carol": "carol-pw", "mallory": "mallory-pw",
             "boss": "boss-pw"}
REQUIRED = "REJOINDER_REQUIRE_HUB_TESTS"  # set by .ci/run: a skip there is a failure


def server_bindir() -> Path | None:
    """The folder of initdb and pg_ctl: `pg_config --bindir`, else the newest
    /usr/lib/postgresql/*/bin."""
    candidates: list[str] = []
    if shutil.which("pg_config"):
        found = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        candidates.append(found.stdout.strip())
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                         key=lambda p: int(p.split("/")[-2]) if p.split("/")[-2].isdigit()
                         else 0, reverse=True)
    for folder in candidates:
        if folder and all((Path(folder) / tool).exists() for tool in ("initdb", "pg_ctl")):
            return Path(folder)
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Cluster:
    bindir: Path
    folder: Path
    port: int
    runas: str | None

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, role: str = SUPERUSER, database: str = "postgres",
            password: str | None = None) -> str:
        secret = password if password is not None else (
            SUPERPASS if role == SUPERUSER else REVIEWERS.get(role, ""))
        auth = f"{role}:{secret}@" if secret else f"{role}@"
        return f"postgresql://{auth}127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str) -> None:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.runas:
            command = ["runuser", "-u", self.runas, "--", *command]
        subprocess.run(command, check=True, capture_output=True, cwd=self.folder)

    def start(self) -> None:
        secret = self.folder / "pw"
        secret.write_text(SUPERPASS + "\n")
        if self.runas:
            shutil.chown(self.folder, self.runas)
            shutil.chown(secret, self.runas)
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--pwfile", str(secret),
                  "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8",
                  "--no-sync", "--locale=C")
        secret.unlink()
        options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                   "-c max_connections=60 -c shared_buffers=64MB")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "log"), "-o",
                  options, "-w", "-t", "60", "start")

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def start_cluster() -> Cluster | None:
    bindir = server_bindir()
    if bindir is None:
        return None
    folder = Path(tempfile.mkdtemp(prefix="rejoinder-pg-"))
    cluster = Cluster(bindir, folder, free_port(), "nobody" if os.geteuid() == 0 else None)
    try:
        cluster.start()
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return cluster


def make_roles(cluster: Cluster) -> None:
    """The reviewers' login roles (cluster-wide, made once); boss administers."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        for role in ("rejoinder_reviewer", "rejoinder_admin"):
            if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone():
                conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
        for role, password in REVIEWERS.items():
            if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone():
                continue
            conn.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE rejoinder_reviewer")
                         .format(sql.Identifier(role), sql.Literal(password)))
        conn.execute("GRANT rejoinder_admin TO boss")


def create_hub(cluster: Cluster, name: str) -> str:
    """A fresh database with a hub set up in it; the superuser's URL of it."""
    import psycopg
    from psycopg import sql

    from storage.hub.admin import init_hub

    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = cluster.url(database=name)
    init_hub(url)
    return url
