"""Fixtures: a real clienteled on a temporary socket, a bootstrapped group, a session."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from clientele_client import AccessClient, ClientsClient, Connection, access_pb2

REPO = Path(__file__).resolve().parents[3]
# Debug builds hash passwords slowly (scrypt, N = 2^15): seconds per Login.
CALL_TIMEOUT = 120.0
PASSWORD = "a long enough password"


def daemon_binary() -> Path:
    path = Path(os.environ.get("CLIENTELED", ".build/debug/clienteled"))
    if not path.is_absolute():
        path = REPO / path
    if not os.access(path, os.X_OK):
        pytest.exit(f"no clienteled at {path}: build it (swift build --product clienteled) or set CLIENTELED", 2)
    return path


@pytest.fixture(scope="session")
def socket_path():
    """Starts clienteled on a socket in a fresh temporary directory; stops it with SIGTERM."""
    directory = Path(tempfile.mkdtemp(prefix="clientele-py."))
    socket_file = directory / "clienteled.sock"
    log = open(directory / "clienteled.log", "wb")
    process = subprocess.Popen(
        [str(daemon_binary()), "--socket", str(socket_file), "--data-dir", str(directory / "data"), "--log-level", "warning"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(400):
            if socket_file.is_socket():
                break
            if process.poll() is not None:
                pytest.exit(f"clienteled exited with {process.returncode}: {(directory / 'clienteled.log').read_text()}", 2)
            time.sleep(0.05)
        else:
            pytest.exit(f"no socket at {socket_file} after 20 s", 2)
        yield str(socket_file)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        shutil.rmtree(directory, ignore_errors=True)


@dataclass
class Group:
    id: str
    owner_email: str
    password: str


@pytest.fixture(scope="session")
def group(socket_path) -> Group:
    """A group bootstrapped by the local operator (this test runs as the daemon's uid: no token)."""
    email = f"owner-{uuid.uuid4().hex[:8]}@acme.example"
    with Connection(socket_path, timeout=CALL_TIMEOUT) as conn:
        answer = AccessClient(conn).bootstrap_group(
            access_pb2.BootstrapGroupRequest(
                group_name="Acme Group", owner_email=email, owner_name="Olga Owner", owner_password=PASSWORD
            )
        )
    assert answer.group.id.startswith("grp_")
    assert answer.owner.email == email
    return Group(answer.group.id, email, PASSWORD)


@pytest.fixture(scope="session")
def token(socket_path, group) -> str:
    """A session token of the group's owner."""
    with Connection(socket_path, timeout=CALL_TIMEOUT) as conn:
        login = AccessClient(conn).login(access_pb2.LoginRequest(group_id=group.id, email=group.owner_email, password=group.password))
    assert login.token and login.user.email == group.owner_email
    return login.token


@pytest.fixture
def conn(socket_path, token):
    """A connection that sends the owner's token on every call."""
    with Connection(socket_path, token=token, timeout=CALL_TIMEOUT) as connection:
        yield connection


@pytest.fixture
def clients(conn) -> ClientsClient:
    return ClientsClient(conn)
