"""The asyncio client (clientele_client.aio) against a real clienteled and a fake server."""

from __future__ import annotations

import asyncio
import inspect
import socket
import threading
import time
import uuid

import pytest

import clientele_client
from clientele_client import (
    AsyncAccessClient,
    AsyncClient,
    AsyncConnection,
    AsyncHealthClient,
    ClienteleError,
    Clientele,
    StatusCode,
    access_pb2,
    clients_pb2,
    health_pb2,
    ttrpc_pb2,
)
from clientele_client.connection import FRAME_REQUEST, FRAME_RESPONSE, HEADER_SIZE, decode_header, encode_frame

from conftest import CALL_TIMEOUT, PASSWORD


def run(coroutine):
    return asyncio.run(coroutine)


def new_client_request(group_id: str, name: str) -> clients_pb2.CreateClientRequest:
    return clients_pb2.CreateClientRequest(group_id=group_id, fields=clients_pb2.ClientFields(account_name=name))


# ---- the generated surface ------------------------------------------------------------


def test_async_surface_matches_the_blocking_one():
    services = [n for n in vars(clientele_client) if n.endswith("Client") and not n.startswith(("Async", "Service"))]
    assert len(services) >= 9, services
    for name in services:
        sync_cls = getattr(clientele_client, name)
        async_cls = getattr(clientele_client, f"Async{name}")
        assert async_cls.SERVICE == sync_cls.SERVICE
        sync_methods = {m for m in vars(sync_cls) if not m.startswith("_") and callable(getattr(sync_cls, m))}
        async_methods = {m for m in vars(async_cls) if not m.startswith("_") and callable(getattr(async_cls, m))}
        assert sync_methods and sync_methods == async_methods, (name, sync_methods ^ async_methods)
        for method in sync_methods:
            assert inspect.iscoroutinefunction(getattr(async_cls, method)), (name, method)
            assert getattr(async_cls, method).__doc__ == getattr(sync_cls, method).__doc__
            assert inspect.signature(getattr(async_cls, method)) == inspect.signature(getattr(sync_cls, method))
    facade = AsyncClient("/nonexistent.sock")
    blocking = Clientele("/nonexistent.sock")
    assert {k for k in vars(facade) if k != "connection"} == {k for k in vars(blocking) if k != "connection"}


def test_docstrings_come_from_the_proto_comments():
    doc = clientele_client.AsyncClientsClient.create_client.__doc__
    assert "only account_name is required" in doc  # the comment above rpc CreateClient
    assert "``clientele.v1.Clients/CreateClient``" in doc


# ---- against a fake server: the wire --------------------------------------------------


class FakeServer:
    """Accepts one connection, reads ``count`` requests, then answers them in reverse order."""

    def __init__(self, path: str, count: int, answer: bool = True) -> None:
        self.requests: list = []
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(path)
        self.server.listen(4)
        self.accepted = 0
        self.thread = threading.Thread(target=self._serve, args=(count, answer), daemon=True)
        self.thread.start()

    def _serve(self, count: int, answer: bool) -> None:
        peer, _ = self.server.accept()
        self.accepted += 1
        self.peer = peer
        with peer:
            for _ in range(count):
                length, stream_id, frame_type, _ = decode_header(peer.recv(HEADER_SIZE, socket.MSG_WAITALL))
                request = ttrpc_pb2.Request.FromString(peer.recv(length, socket.MSG_WAITALL) if length else b"")
                self.requests.append((stream_id, frame_type, request))
            if not answer:
                time.sleep(5)
                return
            for stream_id, _, request in reversed(self.requests):
                reply = health_pb2.HealthCheckResponse(server_version=f"stream {stream_id}")
                body = ttrpc_pb2.Response(payload=reply.SerializeToString()).SerializeToString()
                peer.sendall(encode_frame(stream_id, FRAME_RESPONSE, body))
            peer.recv(1)  # until the client closes

    def close(self) -> None:
        self.server.close()


def test_concurrent_calls_get_odd_stream_ids_and_their_own_answers(tmp_path):
    path = str(tmp_path / "fake.sock")
    fake = FakeServer(path, count=5)
    try:

        async def main():
            async with AsyncClient(path, token="tok-123", timeout=10) as c:
                return await asyncio.gather(
                    *(c.health.check(health_pb2.HealthCheckRequest(), metadata={"x-n": str(n)}) for n in range(5))
                )

        answers = run(main())
    finally:
        fake.close()
    assert fake.accepted == 1  # one connection for all five
    ids = [sid for sid, _, _ in fake.requests]
    assert sorted(ids) == [1, 3, 5, 7, 9]
    # Answered in reverse order, each call still got the answer of its own stream.
    by_n = {dict((kv.key, kv.value) for kv in r.metadata)["x-n"]: sid for sid, _, r in fake.requests}
    assert [a.server_version for a in answers] == [f"stream {by_n[str(n)]}" for n in range(5)]
    for _, frame_type, request in fake.requests:
        metadata = [(kv.key, kv.value) for kv in request.metadata]
        assert frame_type == FRAME_REQUEST
        assert (request.service, request.method) == ("clientele.v1.Health", "Check")
        assert ("authorization", "Bearer tok-123") in metadata
        assert 0 < request.timeout_nano <= 10_000_000_000


def test_client_side_deadline_against_a_silent_server(tmp_path):
    path = str(tmp_path / "silent.sock")
    fake = FakeServer(path, count=1, answer=False)
    try:

        async def main():
            conn = AsyncConnection(path)
            try:
                started = time.monotonic()
                with pytest.raises(ClienteleError) as caught:
                    await AsyncHealthClient(conn).check(health_pb2.HealthCheckRequest(), timeout=0.2)
                return caught.value, time.monotonic() - started
            finally:
                await conn.close()

        error, elapsed = run(main())
    finally:
        fake.close()
    assert error.code == StatusCode.DEADLINE_EXCEEDED
    assert 0.15 < elapsed < 5
    assert 0 < fake.requests[0][2].timeout_nano <= 200_000_000


def test_unreachable_socket_is_unavailable(tmp_path):
    async def main():
        with pytest.raises(ClienteleError) as caught:
            await AsyncHealthClient(str(tmp_path / "nothing.sock")).check(health_pb2.HealthCheckRequest())
        return caught.value

    assert run(main()).code == StatusCode.UNAVAILABLE


# ---- against the daemon ---------------------------------------------------------------


def test_fifty_gathered_calls_on_one_connection(socket_path, group, token):
    async def main():
        async with AsyncClient(socket_path, token=token, timeout=CALL_TIMEOUT) as c:
            created = await asyncio.gather(
                *(c.clients.create_client(new_client_request(group.id, f"Async {n} {uuid.uuid4().hex[:6]}")) for n in range(5))
            )
            link = c.connection._link
            got = await asyncio.gather(
                *(c.clients.get_client(clients_pb2.GetClientRequest(client_id=created[n % 5].id)) for n in range(50))
            )
            assert c.connection._link is link  # the same socket throughout
            return created, got, link.next_id

    created, got, next_id = run(main())
    assert [g.id for g in got] == [created[n % 5].id for n in range(50)]
    assert next_id == 1 + 2 * 55  # 55 calls, odd ids 1..109, one connection


def test_not_found_is_the_blocking_clients_exception(socket_path, token):
    async def main():
        async with AsyncClient(socket_path, token=token, timeout=CALL_TIMEOUT) as c:
            with pytest.raises(ClienteleError) as caught:
                await c.clients.get_client(clients_pb2.GetClientRequest(client_id="cli_doesnotexist"))
            return caught.value

    error = run(main())
    assert type(error) is ClienteleError
    assert error.code == StatusCode.NOT_FOUND == 5
    assert "not found" in error.message


def test_deadline_exceeded_then_the_connection_goes_on(socket_path, group, token):
    async def main():
        async with AsyncClient(socket_path, token=token, timeout=CALL_TIMEOUT) as c:
            await c.health.check(health_pb2.HealthCheckRequest())
            link = c.connection._link
            # Login hashes a password (scrypt): far slower than 1 ms.
            with pytest.raises(ClienteleError) as caught:
                await c.access.login(
                    access_pb2.LoginRequest(group_id=group.id, email=group.owner_email, password=group.password),
                    timeout=0.001,
                )
            health = await c.health.check(health_pb2.HealthCheckRequest())
            # A cancelled call is dropped the same way.
            slow = asyncio.ensure_future(
                c.access.login(access_pb2.LoginRequest(group_id=group.id, email=group.owner_email, password=group.password))
            )
            await asyncio.sleep(0.01)
            slow.cancel()
            with pytest.raises(asyncio.CancelledError):
                await slow
            again = await c.health.check(health_pb2.HealthCheckRequest())
            return caught.value, health, again, c.connection._link is link

    error, health, again, same = run(main())
    assert error.code == StatusCode.DEADLINE_EXCEEDED == 4
    assert health.status == again.status == health_pb2.HealthCheckResponse.SERVING
    assert same


def test_credentials_operator_login_token_and_bad_token(socket_path):
    email = f"async-{uuid.uuid4().hex[:8]}@acme.example"

    async def main():
        # The local operator (the daemon's uid, proven by the socket's peer credentials) needs no token.
        async with AsyncClient(socket_path, timeout=CALL_TIMEOUT) as c:
            boot = await c.access.bootstrap_group(
                access_pb2.BootstrapGroupRequest(
                    group_name="Async Group", owner_email=email, owner_name="Ada Async", owner_password=PASSWORD
                )
            )
            login = await c.access.login(access_pb2.LoginRequest(group_id=boot.group.id, email=email, password=PASSWORD))
            # A token per call, per service client, per connection.
            per_call = await c.access.who_am_i(access_pb2.WhoAmIRequest(), token=login.token)
            per_client = await AsyncAccessClient(c.connection, token=login.token).who_am_i(access_pb2.WhoAmIRequest())
            c.connection.token = login.token
            per_connection = await c.access.who_am_i(access_pb2.WhoAmIRequest())
            explicit = await AsyncAccessClient(socket_path, timeout=CALL_TIMEOUT).who_am_i(
                access_pb2.WhoAmIRequest(), metadata=[("Authorization", f"Bearer {login.token}")]
            )
            with pytest.raises(ClienteleError) as caught:
                await c.clients.list_clients(clients_pb2.ListClientsRequest(group_id=boot.group.id), token="not-a-token")
            return boot, [per_call, per_client, per_connection, explicit], caught.value

    boot, answers, bad = run(main())
    for who in answers:
        assert who.kind == access_pb2.WhoAmIResponse.KIND_USER
        assert who.user.email == email
        assert any(g.group_id == boot.group.id for g in who.grants)
    assert bad.code == StatusCode.UNAUTHENTICATED


def test_closed_connection_fails_calls_with_cancelled(socket_path, token):
    async def main():
        conn = AsyncConnection(socket_path, token=token, timeout=CALL_TIMEOUT)
        await AsyncHealthClient(conn).check(health_pb2.HealthCheckRequest())
        await conn.close()
        with pytest.raises(ClienteleError) as caught:
            await AsyncHealthClient(conn).check(health_pb2.HealthCheckRequest())
        return caught.value

    assert run(main()).code == StatusCode.CANCELLED


# ---- the saved token --------------------------------------------------------------------


def test_token_file_honours_xdg_config_home(tmp_path):
    assert clientele_client.token_file({"XDG_CONFIG_HOME": str(tmp_path), "HOME": "/nowhere"}) == tmp_path / "clientele" / "token"
    assert clientele_client.token_file({"XDG_CONFIG_HOME": "", "HOME": "/home/u"}).as_posix() == "/home/u/.config/clientele/token"
    (tmp_path / "clientele").mkdir()
    (tmp_path / "clientele" / "token").write_text("saved-token\n")
    assert clientele_client.default_token({"XDG_CONFIG_HOME": str(tmp_path)}) == "saved-token"
    assert clientele_client.default_token({"XDG_CONFIG_HOME": str(tmp_path), "CLIENTELE_TOKEN": "env"}) == "env"
    assert clientele_client.default_token({"XDG_CONFIG_HOME": str(tmp_path / "none"), "HOME": str(tmp_path / "none")}) is None
