"""The typed surface as a type checker sees it: the installed package ships py.typed and
its .pyi stubs, so mypy (with types-protobuf, the package's `typing` extra) checks the
request and answer types of every generated call, blocking and asyncio.

Needs mypy and types-protobuf: scripts/test-python installs them in each venv (the package's
`dev` extra); without them the test fails rather than being skipped."""

from __future__ import annotations

import textwrap

import mypy.api as mypy_api

GOOD = '''
from clientele_client import AsyncClient, Clientele, ClienteleError, StatusCode, billing_pb2, clients_pb2


def blocking(group_id: str) -> int:
    with Clientele("var/run/clienteled.sock", timeout=5) as c:
        page: clients_pb2.ListClientsResponse = c.clients.list_clients(clients_pb2.ListClientsRequest(group_id=group_id))
        name: str = page.clients[0].fields.account_name
        try:
            balance = c.billing.get_balance(billing_pb2.GetBalanceRequest(client_id="cli_x"), timeout=1.5)
        except ClienteleError as error:
            return 1 if error.code == StatusCode.NOT_FOUND else 2
        return balance.balance_minor + len(name)


async def concurrent(group_id: str) -> int:
    async with AsyncClient("var/run/clienteled.sock", token="t") as c:
        page = await c.clients.list_clients(clients_pb2.ListClientsRequest(group_id=group_id), idempotency_key=None)
        client: clients_pb2.Client = page.clients[0]
        balance = await c.billing.get_balance(billing_pb2.GetBalanceRequest(client_id=client.id))
        return balance.balance_minor
'''

BAD = '''
from clientele_client import AsyncClient, Clientele, billing_pb2, clients_pb2


def blocking() -> None:
    with Clientele("s") as c:
        c.clients.list_clients(clients_pb2.GetClientRequest())
        name: int = c.clients.get_client(clients_pb2.GetClientRequest()).fields.account_name


async def concurrent() -> None:
    async with AsyncClient("s") as c:
        balance: billing_pb2.Balance = c.billing.get_balance(billing_pb2.GetBalanceRequest())
        await c.clients.list_clients(clients_pb2.ListClientsRequest(), timeout="soon")
'''


def check(tmp_path, source: str):
    path = tmp_path / "use.py"
    path.write_text(textwrap.dedent(source))
    out, err, status = mypy_api.run(
        ["--strict", "--no-error-summary", "--cache-dir", str(tmp_path / ".mypy_cache"), str(path)]
    )
    return status, [line for line in out.splitlines() if ": error:" in line], out + err


def test_typed_calls_pass_mypy_strict(tmp_path):
    status, errors, text = check(tmp_path, GOOD)
    assert status == 0 and not errors, text


def test_mistyped_calls_fail_mypy(tmp_path):
    status, errors, text = check(tmp_path, BAD)
    assert status == 1, text
    lines = sorted(int(e.split(":")[1]) for e in errors)
    # A wrong request type, a wrong answer field type, an un-awaited coroutine, a wrong timeout.
    assert lines == [7, 8, 13, 14], text
