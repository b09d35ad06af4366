"""The Python client against a real clienteled (see conftest.py)."""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import pytest

import clientele_client
from clientele_client import (
    AccessClient,
    Clientele,
    ClienteleError,
    ClientsClient,
    Connection,
    HealthClient,
    StatusCode,
    access_pb2,
    clients_pb2,
    health_pb2,
    ttrpc_pb2,
)
from clientele_client.connection import FRAME_REQUEST, FRAME_RESPONSE, HEADER_SIZE, decode_header, encode_frame

from conftest import CALL_TIMEOUT

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "list_clients.py"


def new_client_request(group_id: str, name: str) -> clients_pb2.CreateClientRequest:
    return clients_pb2.CreateClientRequest(
        group_id=group_id, fields=clients_pb2.ClientFields(account_name=name, billing_emails=["billing@example.com"])
    )


# ---- framing, no daemon ----------------------------------------------------------


def test_frame_header_is_ten_bytes_big_endian():
    frame = encode_frame(3, FRAME_REQUEST, b"abc", flags=0)
    assert frame == b"\x00\x00\x00\x03" + b"\x00\x00\x00\x03" + b"\x01\x00" + b"abc"
    assert decode_header(frame[:HEADER_SIZE]) == (3, 3, FRAME_REQUEST, 0)


def test_every_rpc_has_a_method():
    for module in (m for n, m in vars(clientele_client).items() if n.endswith("_pb2")):
        for service in module.DESCRIPTOR.services_by_name.values():
            cls = getattr(clientele_client, f"{service.name}Client")
            assert cls.SERVICE == service.full_name
            for method in service.methods:
                assert any(callable(getattr(cls, a)) and f"/{method.name}``" in (getattr(cls, a).__doc__ or "") for a in vars(cls))


def test_unreachable_socket_is_unavailable(tmp_path):
    with pytest.raises(ClienteleError) as caught:
        HealthClient(str(tmp_path / "nothing.sock")).check(health_pb2.HealthCheckRequest())
    assert caught.value.code == StatusCode.UNAVAILABLE == 14


def test_client_side_deadline_against_a_silent_server(tmp_path):
    path = str(tmp_path / "silent.sock")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(1)
    accepted = []
    threading.Thread(target=lambda: accepted.append(server.accept()), daemon=True).start()
    try:
        started = time.monotonic()
        with pytest.raises(ClienteleError) as caught:
            HealthClient(path).check(health_pb2.HealthCheckRequest(), timeout=0.2)
        assert caught.value.code == StatusCode.DEADLINE_EXCEEDED
        assert 0.15 < time.monotonic() - started < 5
        # The request reached the server with the deadline in timeout_nano.
        peer = accepted[0][0]
        header = peer.recv(HEADER_SIZE)
        length, stream_id, frame_type, _ = decode_header(header)
        request = ttrpc_pb2.Request.FromString(peer.recv(length, socket.MSG_WAITALL))
        assert (stream_id, frame_type) == (1, FRAME_REQUEST)
        assert (request.service, request.method) == ("clientele.v1.Health", "Check")
        assert 0 < request.timeout_nano <= 200_000_000
    finally:
        server.close()


# ---- against the daemon ------------------------------------------------------------


def test_health_needs_no_token(socket_path):
    with Clientele(socket_path, timeout=CALL_TIMEOUT) as clientele:
        health = clientele.health.check(health_pb2.HealthCheckRequest())
    assert health.status == health_pb2.HealthCheckResponse.SERVING
    assert health.server_version


def test_login_gives_a_token_that_whoami_accepts(conn, group):
    who = AccessClient(conn).who_am_i(access_pb2.WhoAmIRequest())
    assert who.kind == access_pb2.WhoAmIResponse.KIND_USER
    assert who.user.email == group.owner_email
    assert any(g.group_id == group.id for g in who.grants)


def test_create_then_list_and_get(clients, group):
    name = f"Client {uuid.uuid4().hex[:8]}"
    created = clients.create_client(new_client_request(group.id, name))
    assert created.id.startswith("cli_") and created.group_id == group.id
    assert created.fields.account_name == name

    listed = clients.list_clients(clients_pb2.ListClientsRequest(group_id=group.id, page_size=500))
    assert created.id in [c.id for c in listed.clients]

    fetched = clients.get_client(clients_pb2.GetClientRequest(client_id=created.id))
    assert fetched == created


def test_not_found_raises_clientele_error_with_code_5(clients):
    with pytest.raises(ClienteleError) as caught:
        clients.get_client(clients_pb2.GetClientRequest(client_id="cli_doesnotexist"))
    assert caught.value.code == StatusCode.NOT_FOUND
    assert int(caught.value.code) == 5
    assert "not found" in caught.value.message


def test_bad_token_is_unauthenticated(socket_path, group):
    with pytest.raises(ClienteleError) as caught:
        ClientsClient(socket_path, token="not-a-token", timeout=CALL_TIMEOUT).list_clients(
            clients_pb2.ListClientsRequest(group_id=group.id)
        )
    assert caught.value.code == StatusCode.UNAUTHENTICATED


def test_authorization_in_explicit_metadata(socket_path, token):
    with Connection(socket_path, timeout=CALL_TIMEOUT) as bare:
        who = AccessClient(bare).who_am_i(
            access_pb2.WhoAmIRequest(), metadata=[("Authorization", f"Bearer {token}")]
        )
    assert who.kind == access_pb2.WhoAmIResponse.KIND_USER


def test_unknown_service_and_method_are_unimplemented(conn):
    with pytest.raises(ClienteleError) as caught:
        conn.call_raw("clientele.v1.Nope", "Check", b"")
    assert (caught.value.code, caught.value.message) == (StatusCode.UNIMPLEMENTED, "service clientele.v1.Nope")
    with pytest.raises(ClienteleError) as caught:
        conn.call_raw("clientele.v1.Health", "Nope", b"")
    assert (caught.value.code, caught.value.message) == (StatusCode.UNIMPLEMENTED, "method Nope")


def test_deadline_exceeded_then_the_connection_goes_on(conn, group):
    # Login hashes a password (scrypt): far slower than 1 ms.
    with pytest.raises(ClienteleError) as caught:
        AccessClient(conn).login(access_pb2.LoginRequest(group_id=group.id, email=group.owner_email, password=group.password), timeout=0.001)
    assert caught.value.code == StatusCode.DEADLINE_EXCEEDED == 4
    # The late answer (if any) is dropped by stream id; the next call gets its own.
    health = HealthClient(conn).check(health_pb2.HealthCheckRequest(), timeout=CALL_TIMEOUT)
    assert health.status == health_pb2.HealthCheckResponse.SERVING


def test_daemon_answers_deadline_exceeded_past_timeout_nano(socket_path, group, token):
    request = ttrpc_pb2.Request(
        service="clientele.v1.Access",
        method="Login",
        payload=access_pb2.LoginRequest(group_id=group.id, email=group.owner_email, password=group.password).SerializeToString(),
        timeout_nano=1_000_000,  # 1 ms
    )
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as raw:
        raw.settimeout(CALL_TIMEOUT)
        raw.connect(socket_path)
        raw.sendall(encode_frame(1, FRAME_REQUEST, request.SerializeToString()))
        length, stream_id, frame_type, _ = decode_header(raw.recv(HEADER_SIZE, socket.MSG_WAITALL))
        response = ttrpc_pb2.Response.FromString(raw.recv(length, socket.MSG_WAITALL) if length else b"")
    assert (stream_id, frame_type) == (1, FRAME_RESPONSE)
    assert response.status.code == StatusCode.DEADLINE_EXCEEDED


def test_idempotency_key_replays_the_same_bytes(conn, group):
    key = f"py-{uuid.uuid4()}"
    payload = new_client_request(group.id, f"Idem {key[-8:]}").SerializeToString()
    first = conn.call_raw("clientele.v1.Clients", "CreateClient", payload, idempotency_key=key)
    second = conn.call_raw("clientele.v1.Clients", "CreateClient", payload, idempotency_key=key)
    assert first == second
    # Through the typed client too: the same client, not a second one.
    typed = ClientsClient(conn).create_client(clients_pb2.CreateClientRequest.FromString(payload), idempotency_key=key)
    assert typed.SerializeToString() == first or typed == clients_pb2.Client.FromString(first)
    # The same key with other parameters is refused.
    with pytest.raises(ClienteleError) as caught:
        ClientsClient(conn).create_client(new_client_request(group.id, "Something else"), idempotency_key=key)
    assert caught.value.code == StatusCode.INVALID_ARGUMENT


def test_one_connection_shared_by_threads(conn, group):
    clients = ClientsClient(conn)
    created = [clients.create_client(new_client_request(group.id, f"Thread {i} {uuid.uuid4().hex[:6]}")) for i in range(4)]
    failures = []

    def worker(n: int) -> None:
        try:
            for i in range(25):
                expected = created[(n + i) % len(created)]
                got = clients.get_client(clients_pb2.GetClientRequest(client_id=expected.id))
                assert got.id == expected.id, (got.id, expected.id)
                if i % 5 == 0:
                    HealthClient(conn).check(health_pb2.HealthCheckRequest())
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=CALL_TIMEOUT)
    assert not failures, failures
    assert not any(t.is_alive() for t in threads)


def test_example_lists_clients(socket_path, group, token, clients):
    name = f"Example {uuid.uuid4().hex[:8]}"
    clients.create_client(new_client_request(group.id, name))
    result = subprocess.run(
        [sys.executable, str(EXAMPLE), "--socket", socket_path, "--token", token, "--group", group.id],
        capture_output=True,
        text=True,
        timeout=CALL_TIMEOUT,
    )
    assert result.returncode == 0, result.stderr
    assert name in result.stdout and "client(s) in" in result.stdout

    bad = subprocess.run(
        [sys.executable, str(EXAMPLE), "--socket", socket_path, "--token", "wrong", "--group", group.id],
        capture_output=True,
        text=True,
        timeout=CALL_TIMEOUT,
    )
    assert bad.returncode == StatusCode.UNAUTHENTICATED, bad.stderr
