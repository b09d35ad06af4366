#!/usr/bin/env python3
"""quickstart_async: the Python client's typed calls from start to end, with asyncio.

As the local operator (the daemon's uid: no token needed) it creates a group
with an owner, signs in as that owner, creates a client, tops up its account,
lists the group's clients and reads the client's balance.

    python3 examples/quickstart_async.py [--socket PATH] [--email EMAIL] [--password PASSWORD] [--timeout SECONDS]

The socket defaults to $CLIENTELE_SOCKET, else var/run/clienteled.sock. The
owner's email defaults to one made unique by time and pid, so that every run
makes a new group. Exits with the status code of a failed call.
The same, blocking: examples/quickstart.py.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time

from clientele_client import AsyncClient, ClienteleError, access_pb2, billing_pb2, clients_pb2


async def main() -> int:
    parser = argparse.ArgumentParser(description="Sign in, create a client, list clients, read a balance.")
    parser.add_argument("--socket", default=os.environ.get("CLIENTELE_SOCKET", "var/run/clienteled.sock"))
    parser.add_argument("--email", default=f"owner-{int(time.time())}-{os.getpid()}@quickstart.example")
    parser.add_argument("--password", default="correct horse battery staple")
    # A debug daemon takes seconds to check a password.
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per call")
    args = parser.parse_args()

    try:
        async with AsyncClient(args.socket, timeout=args.timeout) as clientele:
            # 1. A group with its first owner (local operator only).
            boot = await clientele.access.bootstrap_group(
                access_pb2.BootstrapGroupRequest(
                    group_name="Quickstart Ltd",
                    owner_email=args.email,
                    owner_name="Quinn Owner",
                    owner_password=args.password,
                )
            )
            group_id = boot.group.id
            print(f"group:   {group_id} ({boot.group.name})")

            # 2. Sign in as the owner; the token then goes with every call.
            login = await clientele.access.login(
                access_pb2.LoginRequest(group_id=group_id, email=args.email, password=args.password)
            )
            clientele.connection.token = login.token
            print(f"signed in as {login.user.email}")

            # 3. A client. A write takes an idempotency key: a retry answers the same.
            client = await clientele.clients.create_client(
                clients_pb2.CreateClientRequest(
                    group_id=group_id,
                    fields=clients_pb2.ClientFields(account_name="Acme Corporation", billing_emails=["billing@acme.example"]),
                ),
                idempotency_key=f"quickstart-create-{args.email}",
            )
            print(f"created: {client.id} {client.fields.account_name}")

            # 4. Top up its account (a billing write: its own key).
            posted = await clientele.billing.add_credit(
                billing_pb2.AddCreditRequest(
                    client_id=client.id,
                    amount_minor=12345,
                    payment=billing_pb2.PaymentDetails(method="bank_transfer", reference="QS-0001"),
                ),
                idempotency_key=f"quickstart-credit-{args.email}",
            )
            print(f"credited: entry {posted.entry.id}, {posted.entry.amount_minor} minor units")

            # 5. The group's clients, page by page.
            request = clients_pb2.ListClientsRequest(group_id=group_id, page_size=100)
            listed = 0
            while True:
                page = await clientele.clients.list_clients(request)
                for c in page.clients:
                    print(f"  {c.id}  {c.fields.account_name}")
                listed += len(page.clients)
                if not page.next_page_token:
                    break
                request.page_token = page.next_page_token
            print(f"listed:  {listed} client(s)")

            # 6. The balance.
            balance = await clientele.billing.get_balance(billing_pb2.GetBalanceRequest(client_id=client.id))
            print(f"balance: {format_minor(balance.balance_minor, balance.currency_exponent)} {balance.currency}"
                  f" (ledger entries: {balance.entry_count})")
    except ClienteleError as error:
        print(f"quickstart: {error.code.name} ({int(error.code)}): {error.message}", file=sys.stderr)
        return int(error.code)
    return 0


def format_minor(amount: int, exponent: int) -> str:
    sign = "-" if amount < 0 else ""
    whole, fraction = divmod(abs(amount), 10**exponent)
    return f"{sign}{whole}.{fraction:0{exponent}d}" if exponent > 0 else f"{sign}{whole}"


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
