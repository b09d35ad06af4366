"""Measurements of scripts/bench-clients against a running daemon seeded by clientele-seed.

Signs in as the group's owner and its first manager (a minimal ttrpc client over
the socket, with the generated messages of clients/python), builds every
ListClients request (each sort x no filter and each single filter, first page and
a page 10,000 rows deep), and loads each with clientele-bench. Prints each
measurement as a JSON line on stderr and the Markdown tables on stdout.

  python3 scripts/bench-clients.py --socket S --bench PATH --seed-json FILE --password P \
      --duration S --rounds R --daemon-pid PID --data-dir DIR --db-bytes N
"""

import argparse
import json
import os
import socket
import struct
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "clients", "python", "src"))

from clientele_client._pb.clientele.v1 import access_pb2, clients_pb2  # noqa: E402
from clientele_client._pb.ttrpc import ttrpc_pb2  # noqa: E402

DEEP_ROWS = 10_000
WALK_PAGE = 500


class Connection:
    """One ttrpc connection: 10-byte frames (length, stream id, type, flags), one call at a time."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.stream = 1

    def call(self, service, method, request, response_type, token=None):
        envelope = ttrpc_pb2.Request(service=service, method=method, payload=request.SerializeToString())
        if token:
            envelope.metadata.add(key="authorization", value="Bearer " + token)
        body = envelope.SerializeToString()
        self.sock.sendall(struct.pack(">IIBB", len(body), self.stream, 1, 0) + body)
        self.stream += 2
        length, _, _, _ = struct.unpack(">IIBB", self._read(10))
        answer = ttrpc_pb2.Response.FromString(self._read(length))
        if answer.status.code != 0:
            raise RuntimeError(f"{service}/{method}: code {answer.status.code}: {answer.status.message}")
        return response_type.FromString(answer.payload)

    def _read(self, count):
        data = b""
        while len(data) < count:
            chunk = self.sock.recv(count - len(data))
            if not chunk:
                raise RuntimeError("connection closed")
            data += chunk
        return data


def bench(args, method, request_hex, token, concurrency=1, connections=1, threads=1, rounds=1, reference=None):
    command = [
        args.bench, "--socket", args.socket, "--method", method, "--request-hex", request_hex,
        "--metadata", f"authorization=Bearer {token}", "--concurrency", str(concurrency),
        "--connections", str(connections), "--threads", str(threads), "--duration", str(args.duration),
        "--rounds", str(rounds), "--warmup", "0.5",
    ]
    if reference:
        command += ["--reference-method", reference]
    result = subprocess.run(command, capture_output=True, text=True)
    if not result.stdout.strip():
        raise RuntimeError(f"clientele-bench failed: {result.stderr}")
    report = json.loads(result.stdout)
    print(json.dumps(report), file=sys.stderr)
    if report["ours"]["errors"]:
        raise RuntimeError(f"{method}: {report['ours']['first_error']}")
    return report


def main():
    parser = argparse.ArgumentParser()
    for name in ("--socket", "--bench", "--seed-json", "--password", "--data-dir"):
        parser.add_argument(name, required=True)
    parser.add_argument("--duration", type=float, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--daemon-pid", type=int, required=True)
    parser.add_argument("--db-bytes", type=int, required=True)
    parser.add_argument("--parts", default="list,get,create", help="which measurements: list, get, create")
    parser.add_argument("--filters", default="",
                        help="ListClients: only the filters whose name contains one of these (comma-separated)")
    parser.add_argument("--store", default="sqlite", choices=("sqlite", "postgres"),
                        help="the daemon's store: sets the ListClients targets (postgres: issue 25's)")
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    if not parts or parts - {"list", "get", "create"}:
        parser.error(f"--parts: a comma-separated subset of list,get,create (got {args.parts!r})")
    seed = json.load(open(args.seed_json))
    samples = seed["samples"]
    group = seed["group_id"]

    connection = Connection(args.socket)
    owner = connection.call(
        "clientele.v1.Access", "Login", access_pb2.LoginRequest(group_id=group, email=seed["owner_email"], password=args.password),
        access_pb2.LoginResponse).token
    manager = connection.call(
        "clientele.v1.Access", "Login", access_pb2.LoginRequest(group_id=group, email=seed["manager_email"], password=args.password),
        access_pb2.LoginResponse).token

    C = clients_pb2
    filters = [
        ("none", {}, owner),
        ("manager", {"manager_user_id": seed["manager_user_id"]}, owner),
        ("own (as manager)", {"own": True}, manager),
        ("blocked", {"block": C.BLOCK_FILTER_BLOCKED}, owner),
        ("status inactive", {"statuses": [C.CLIENT_STATUS_INACTIVE]}, owner),
        ("country SE", {"country": "SE"}, owner),
        ("currency CHF", {"currency": "CHF"}, owner),
        ("connection reseller", {"connection_kind": C.CONNECTION_KIND_RESELLER}, owner),
        ("login", {"login": samples["login"]}, owner),
        ("email (contact)", {"email": samples["contact_email"]}, owner),
        ("phone (contact)", {"phone": samples["phone"]}, owner),
        (f"search \"{samples['search']}\"", {"search": samples["search"]}, owner),
        (f"search \"{samples['search'].split()[1]}\"", {"search": samples["search"].split()[1]}, owner),
    ]
    if args.filters:
        wanted = [name for name in args.filters.split(",") if name]
        filters = [f for f in filters if any(name in f[0] for name in wanted)]
    sorts = [
        ("account name", C.CLIENT_SORT_ACCOUNT_NAME), ("company name", C.CLIENT_SORT_COMPANY_NAME),
        ("status", C.CLIENT_SORT_STATUS), ("created", C.CLIENT_SORT_CREATED),
    ]
    list_method = "clientele.v1.Clients/ListClients"
    rows = []
    for sort_name, sort in sorts if "list" in parts else []:
        for filter_name, fields, token in filters:
            base = dict(group_id=group, sort=sort, **fields)
            first = C.ListClientsRequest(page_size=50, **base)
            cells = []
            report = bench(args, list_method, first.SerializeToString().hex(), token)
            cells.append(report["ours"])
            # Walk 20 pages of 500 for the token of the row 10,000 deep.
            page_token, seen = "", 0
            while seen < DEEP_ROWS:
                page = connection.call(
                    "clientele.v1.Clients", "ListClients",
                    C.ListClientsRequest(page_size=WALK_PAGE, page_token=page_token, **base),
                    C.ListClientsResponse, token)
                seen += len(page.clients)
                page_token = page.next_page_token
                if not page_token:
                    break
            if page_token:
                deep = C.ListClientsRequest(page_size=50, page_token=page_token, **base)
                cells.append(bench(args, list_method, deep.SerializeToString().hex(), token)["ours"])
            else:
                cells.append({"rows": seen})
            rows.append((sort_name, filter_name, cells))

    client_id = samples["client_id"]
    get = "get" in parts and bench(
        args, "clientele.v1.Clients/GetClient", C.GetClientRequest(client_id=client_id).SerializeToString().hex(),
        owner, concurrency=64, connections=4, threads=2, rounds=args.rounds, reference="clientele.v1.Health/Check")
    create_request = C.CreateClientRequest(
        group_id=group,
        fields=C.ClientFields(
            account_name="Bench Create", company_name="Bench Create GmbH", billing_emails=["billing@create.example"],
            address=C.Address(country="DE", city="Berlin", lines=["1 Main Street"], postal_code="10115"),
            currency="EUR", manager_user_id=seed["manager_user_id"], phone="+4930123456"),
        contacts=[C.NewContact(first_name="Anna", last_name="Bauer", email="anna@create.example", phone="+4930123457")],
    )
    create = "create" in parts and bench(
        args, "clientele.v1.Clients/CreateClient", create_request.SerializeToString().hex(), owner,
        concurrency=64, connections=4, threads=2, rounds=args.rounds)

    with open(f"/proc/{args.daemon_pid}/status") as status:
        fields = dict(line.split(":", 1) for line in status if ":" in line)
    peak_rss = fields["VmHWM"].strip()
    rss = fields["VmRSS"].strip()
    # Heap and stacks, without the pages of the database file read through the memory map.
    anonymous = fields["RssAnon"].strip()

    # SQLite's targets (the 1M issue), PostgreSQL's (issue 25).
    p50_target, p99_target = (10, 40) if args.store == "postgres" else (5, 20)

    def cell(result, target_ms):
        if "rows" in result:
            return f"— ({result['rows']} rows)"
        p50, p99 = result["p50_us"] / 1000, result["p99_us"] / 1000
        mark = "" if p50 <= p50_target and p99 <= p99_target else " ✗"
        return f"{p50:.2f} / {p99:.2f}{mark}"

    if rows:
        print(f"\nListClients, page of 50, one caller: p50 / p99 ms "
              f"(target ≤ {p50_target} / ≤ {p99_target}; ✗ misses it)\n")
        print("| sort | filter | first page | 10,000 rows deep |")
        print("|---|---|---|---|")
        for sort_name, filter_name, cells in rows:
            print(f"| {sort_name} | {filter_name} | {cell(cells[0], 5)} | {cell(cells[1], 5)} |")
    print("\n| measurement | result | target |")
    print("|---|---|---|")
    if get:
        ours, ref = get["ours"], get["reference"]
        print(
            f"| GetClient ÷ Health/Check, 64 callers (same run) | {ours['calls_per_sec']:,.0f} / "
            f"{ref['calls_per_sec']:,.0f} calls/s = {get['ratio']['throughput']:.2f}x; GetClient p50 / p99 "
            f"{ours['p50_us'] / 1000:.2f} / {ours['p99_us'] / 1000:.2f} ms | ≥ 0.7x |")
    if create:
        print(
            f"| CreateClient, 64 callers, synchronous = FULL | {create['ours']['calls_per_sec']:,.0f} /s "
            f"(p50 {create['ours']['p50_us'] / 1000:.1f} ms, p99 {create['ours']['p99_us'] / 1000:.1f} ms) "
            f"| ≥ 5,000 /s |")
    clients = seed["clients"]
    what = "pg_database_size after seeding and ANALYZE" if args.store == "postgres" else "main file + WAL, after seeding"
    print(f"| database per client ({what}) | {args.db_bytes / clients:,.0f} bytes "
          f"({args.db_bytes / 2**20:,.0f} MiB for {clients:,} clients, {seed['contacts']:,} contacts) | reported |")
    print(f"| daemon memory | peak RSS (VmHWM) {peak_rss}; at the end RSS {rss}, of it anonymous (RssAnon, "
          f"not the mapped database file) {anonymous} | reported |")


if __name__ == "__main__":
    main()
