#!/usr/bin/env python3
"""Lists the clients of a group, every page, as a table.

    python3 examples/list_clients.py --group grp_...          # token from the environment or file
    CLIENTELE_TOKEN=... python3 examples/list_clients.py

The socket is --socket, else $CLIENTELE_SOCKET, else var/run/clienteled.sock;
the token --token, else $CLIENTELE_TOKEN, else the file `clientele login` writes
($XDG_CONFIG_HOME/clientele/token, else ~/.config/clientele/token). Without --group, the caller's first group (WhoAmI).
Exits with the status code of a failed call.
"""

from __future__ import annotations

import argparse
import os
import sys

from clientele_client import AccessClient, ClienteleError, ClientsClient, Connection, access_pb2, clients_pb2, default_token


def main() -> int:
    parser = argparse.ArgumentParser(description="List the clients of a group.")
    parser.add_argument("--socket", default=os.environ.get("CLIENTELE_SOCKET", "var/run/clienteled.sock"))
    parser.add_argument("--token", default=default_token())
    parser.add_argument("--group", help="group id (default: the caller's first group)")
    parser.add_argument("--search", default="", help="words matched against names, login and emails")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per call")
    args = parser.parse_args()

    with Connection(args.socket, token=args.token, timeout=args.timeout) as conn:
        try:
            group = args.group or next(
                (g.group_id for g in AccessClient(conn).who_am_i(access_pb2.WhoAmIRequest()).grants if g.group_id), None
            )
            if not group:
                print("list_clients: no group; pass --group", file=sys.stderr)
                return 64
            request = clients_pb2.ListClientsRequest(group_id=group, search=args.search, page_size=100)
            rows = []
            while True:
                page = ClientsClient(conn).list_clients(request)
                rows += [
                    (c.id, c.fields.account_name, clients_pb2.ClientStatus.Name(c.status).removeprefix("CLIENT_STATUS_"))
                    for c in page.clients
                ]
                if not page.next_page_token:
                    break
                request.page_token = page.next_page_token
        except ClienteleError as error:
            print(f"list_clients: {error.code.name}: {error.message}", file=sys.stderr)
            return int(error.code)

    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(("ID", "ACCOUNT", "STATUS"))]
    for row in [("ID", "ACCOUNT", "STATUS")] + rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    print(f"{len(rows)} client(s) in {group}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
