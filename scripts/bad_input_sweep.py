#!/usr/bin/env python3
"""The bad-input sweep (issue 9, item 4): every RPC, one bad field at a time.

Against one real daemon: for every RPC of every service (from the descriptors of the
generated _pb2 modules), a base request (the first OK contract case of that RPC in
Tests/Contract/cases.py, its "$names" filled from a group and client set up here) is
sent with exactly one field made bad:

    oversized   a string field (or one item of a repeated string) of 100,000 characters
    control     a string field holding a control character (BEL)
    enum        an enum field holding the unknown number 999
    empty       an id field (id, *_id) the base request sets, sent empty

Each answer must satisfy the rules below (data, not per-case code); a method that takes
rows (AddClientImportRows) may instead accept the call and name the bad row in its
answer's errors, as an import reports rows. After each RPC's
cases, nothing may have changed: the row count of every table of the daemon's
database, the group's audit list length and its ListClients count. Then a few wrong
JSON types through `clientele call` must exit 64 naming the field: bad local
input is a usage error that the CLI catches before calling, not a status the
daemon answered (INVALID_ARGUMENT, 3).

Prints failures and a summary (RPCs x cases); exits 1 on any failure.
"""

from __future__ import annotations

import argparse
import glob
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from typing import Dict, List, Optional, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(REPO, "Tests", "Contract"))
sys.path.insert(0, os.path.join(HERE, "lib"))

from google.protobuf import descriptor, json_format  # noqa: E402

from clientele_client import ClienteleError, Connection, StatusCode, access_pb2, clients_pb2  # noqa: E402
from clientele_client import audit_pb2  # noqa: E402
from clientele_client._pb.clientele.v1 import (  # noqa: E402
    access_pb2 as _access,
    audit_pb2 as _audit,
    billing_pb2 as _billing,
    changes_pb2 as _changes,
    clients_pb2 as _clients,
    health_pb2 as _health,
    outbox_pb2 as _outbox,
    people_pb2 as _people,
    reflection_pb2 as _reflection,
)

import cases as contract  # noqa: E402  (Tests/Contract/cases.py: the base requests)
from descriptors import is_repeated  # noqa: E402

# ---- The expectation rules ------------------------------------------------------------
#
# Every bad case may always be answered INVALID_ARGUMENT whose message names the field
# (its leaf name, e.g. "city" for address.city). Besides that, a rule whose field
# pattern (a regex on the leaf name) and case kind match allows the listed codes:
# an id that names nothing is NOT_FOUND, one of another tenant PERMISSION_DENIED;
# a credential that is wrong is UNAUTHENTICATED.
ID_FIELD = r"^(id|.*_id|.*_ids)$"
RULES: List[Tuple[str, Tuple[str, ...], Tuple[str, ...]]] = [
    # (leaf field regex,            case kinds,                    other codes allowed)
    (ID_FIELD, ("oversized", "control"), ("NOT_FOUND", "PERMISSION_DENIED")),
    (r"^(token|.*password|secret|email)$", ("oversized", "control"), ("UNAUTHENTICATED",)),
    (r"^page_token$", ("oversized", "control"), ()),
]
# Ids whose empty value means something (none, all, "the primary contact"): for each
# method, the leaf names and the answers that are then right.
OPTIONAL_IDS: Dict[str, Dict[str, Tuple[str, ...]]] = {
    "clientele.v1.People/InvitePortalUser": {"user_id": ("OK",)},  # empty: the primary contact
    "clientele.v1.People/CreateAccount": {"external_id": ("OK",)},  # optional
    "clientele.v1.People/SetParentClient": {"parent_client_id": ("OK",)},  # empty: top-level again
    "clientele.v1.People/ListAccounts": {"client_id": ("INVALID_ARGUMENT",)},  # then group_id is required
    "clientele.v1.Audit/List": {"client_id": ("OK",)},  # a filter
}
# Free text where a control character is allowed (tabs and line ends are; BEL is not,
# so nothing is listed yet).
CONTROL_ALLOWED: Dict[str, set] = {}
# Methods whose contract caller is someone we do not sign in as here (we call as the
# owner): PERMISSION_DENIED is then an answer for every case.
OWNER_LACKS_RIGHTS: set = set()
# Answers known to be wrong and left for later: (method, field path regex, case kind regex)
# -> why. They print as KNOWN and do not fail the sweep; one no longer seen fails it (so
# that the list shrinks with the fixes).
KNOWN_GAPS: Dict[Tuple[str, str, str], str] = {}
# Methods that take rows and answer a bad row in the answer instead of refusing the call:
# method -> (the repeated row field, the answer's error list, the column of a row's first
# value, which is the one made bad). Such a case is right when it is OK and an error of
# the answer names the bad row's row_number and that column.
IMPORT_COLUMNS = ["account_name", "currency", "country"]  # the contract's, in its order
ROW_REPORTING: Dict[str, Tuple[str, str, str]] = {
    "clientele.v1.Clients/AddClientImportRows": ("rows", "errors", IMPORT_COLUMNS[0]),
}
# Tables a refused call may still change (none).
# A refused sign-in is counted by design (the throttle that locks a name after five failures,
# known account or not): the only write a refused request may make.
VOLATILE_TABLES: set = {"sign_in_throttle"}

OVERSIZED = "x" * 100_000
CONTROL = "a\x07b"
UNKNOWN_ENUM = 999
SERVICE_MODULES = [_health, _reflection, _access, _clients, _billing, _people, _outbox, _audit, _changes]

# ---- Wrong JSON types through `clientele call`: (method, JSON, field it must name) ------
CLI_CASES = [
    ("clientele.v1.Clients/ListClients", '{"group_id": "$group", "page_size": "many"}', "page_size"),
    ("clientele.v1.Clients/ListClients", '{"group_id": 5}', "group_id"),
    ("clientele.v1.Clients/ListClients", '{"group_id": "$group", "include_closed": "yes"}', "include_closed"),
    ("clientele.v1.Clients/ListClients", '{"group_id": "$group", "block": "NO_SUCH_VALUE"}', "block"),
    ("clientele.v1.Billing/AddCredit", '{"client_id": "$client", "amount_minor": "ten"}', "amount_minor"),
    ("clientele.v1.Clients/GetClient", '{"client_id": ["a", "b"]}', "client_id"),
]


def row_reported(key: str, path: str, request, answer) -> bool:
    """Whether an accepted call of a ROW_REPORTING method names its bad row (the first) in its answer."""
    if key not in ROW_REPORTING or answer is None:
        return False
    rows_field, errors_field, column = ROW_REPORTING[key]
    if not path.startswith(rows_field + "."):
        return False
    bad_row = getattr(request, rows_field)[0].row_number
    return any(e.row_number == bad_row and e.column == column for e in getattr(answer, errors_field))


def allowed_codes(kind: str, leaf: str) -> set:
    codes = set()
    for pattern, kinds, extra in RULES:
        if kind in kinds and re.match(pattern, leaf):
            codes.update(extra)
    return codes


# ---- The daemon -------------------------------------------------------------------------


def store_url() -> str:
    """The daemon's --store: a new empty database when $CLIENTELE_FRESH_STORE names a command
    printing one (scripts/test-postgres), else $CLIENTELED_STORE, else SQLite (the default)."""
    command = os.environ.get("CLIENTELE_FRESH_STORE")
    if command:
        return subprocess.run(command, shell=True, check=True, capture_output=True, text=True).stdout.strip()
    return os.environ.get("CLIENTELED_STORE", "sqlite")


class Daemon:
    def __init__(self, binary: str) -> None:
        self.dir = tempfile.mkdtemp(prefix="clientele-sweep.")
        self.socket = os.path.join(self.dir, "d.sock")
        self.data = os.path.join(self.dir, "data")
        self.store = store_url()
        self.log = open(os.path.join(self.dir, "daemon.log"), "wb")
        self.process = subprocess.Popen(
            [binary, "--socket", self.socket, "--data-dir", self.data, "--store", self.store, "--log-level", "warning"],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        for _ in range(600):
            if os.path.exists(self.socket):
                return
            if self.process.poll() is not None:
                raise SystemExit(f"bad-input-sweep: clienteled exited with {self.process.returncode}")
            time.sleep(0.05)
        raise SystemExit("bad-input-sweep: no socket after 30 s")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def table_counts(daemon: Daemon) -> Dict[str, int]:
    """The row count of every table of the daemon's store (SQLite files or a PostgreSQL database)."""
    if daemon.store.startswith(("postgres://", "postgresql://")):
        return postgres_table_counts(daemon.store)
    return sqlite_table_counts(daemon.data)


def postgres_table_counts(url: str) -> Dict[str, int]:
    # psql (libpq) takes the URL but not the daemon's own parameter pool=N.
    url = re.sub(r"([?&])pool=[^&]*&?", r"\1", url).rstrip("?&")
    psql = ["psql", url, "-qAtX", "-v", "ON_ERROR_STOP=1"]
    listing = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    tables = [t for t in subprocess.run(psql + ["-c", listing], check=True, capture_output=True, text=True).stdout.split() if t not in VOLATILE_TABLES]
    if not tables:
        raise SystemExit("bad-input-sweep: the PostgreSQL database holds no tables to count")
    query = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM \"{t}\"" for t in tables)
    rows = subprocess.run(psql + ["-F", "\t", "-c", query], check=True, capture_output=True, text=True).stdout.splitlines()
    return {f"postgres:{name}": int(count) for name, count in (row.split("\t") for row in rows)}


def sqlite_table_counts(data_dir: str) -> Dict[str, int]:
    counts: Dict[str, int] = {}
    for path in sorted(glob.glob(os.path.join(data_dir, "**", "*"), recursive=True)):
        if not os.path.isfile(path) or path.endswith(("-wal", "-shm", "-journal")):
            continue
        with open(path, "rb") as f:
            if f.read(16) != b"SQLite format 3\x00":
                continue
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            for table in tables:
                if table not in VOLATILE_TABLES:
                    counts[f"{os.path.basename(path)}:{table}"] = db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        finally:
            db.close()
    return counts


# ---- Requests -----------------------------------------------------------------------------


def base_cases() -> Dict[str, "contract.Case"]:
    """The first OK contract case of each RPC (else its first case)."""
    chosen: Dict[str, contract.Case] = {}
    for case in contract.CASES:
        key = f"{case.service}/{case.method}"
        if key not in chosen or (chosen[key].expect != "OK" and case.expect == "OK"):
            chosen[key] = case
    return chosen


def substitute(value, context: Dict[str, str]):
    if isinstance(value, str) and value.startswith("$"):
        return context.get(value[1:], "unknown")
    if isinstance(value, dict):
        return {k: substitute(v, context) for k, v in value.items()}
    if isinstance(value, list):
        return [substitute(v, context) for v in value]
    return value


def bad_cases(message_descriptor, prefix: str = "", depth: int = 0):
    """(path, leaf, kind) for every field of the message, nested messages to depth 2."""
    for field in message_descriptor.fields:
        path = prefix + field.name
        repeated = is_repeated(field)
        if field.type == descriptor.FieldDescriptor.TYPE_STRING:
            yield path, field.name, "oversized"
            yield path, field.name, "control"
            if not repeated and re.match(ID_FIELD, field.name):
                yield path, field.name, "empty"
        elif field.type == descriptor.FieldDescriptor.TYPE_ENUM:
            yield path, field.name, "enum"
        elif field.type == descriptor.FieldDescriptor.TYPE_MESSAGE and depth < 2:
            if field.message_type.GetOptions().map_entry:
                continue
            yield from bad_cases(field.message_type, path + ".", depth + 1)


def apply(request, path: str, kind: str) -> bool:
    """Makes the field at path bad; False when there is nothing to do (empty of an unset id)."""
    *parents, leaf = path.split(".")
    target = request
    for name in parents:
        field = target.DESCRIPTOR.fields_by_name[name]
        if is_repeated(field):
            items = getattr(target, name)
            target = items[0] if len(items) else items.add()
        else:
            target = getattr(target, name)
    field = target.DESCRIPTOR.fields_by_name[leaf]
    # A field outside an update mask is ignored: name the bad one in the mask.
    if len(parents) >= 1 and "update_mask" in request.DESCRIPTOR.fields_by_name and parents[0] != "update_mask":
        mask = ".".join(path.split(".")[1:])
        if mask not in request.update_mask.paths:
            request.update_mask.paths.append(mask)
    repeated = is_repeated(field)
    value = {"oversized": OVERSIZED, "control": CONTROL, "enum": UNKNOWN_ENUM, "empty": ""}[kind]
    if kind == "empty":
        if not getattr(target, leaf):
            return False
        setattr(target, leaf, "")
        return True
    if repeated:
        items = getattr(target, leaf)
        if len(items):
            items[0] = value
        else:
            items.append(value)
    else:
        setattr(target, leaf, value)
    return True


# ---- The sweep ----------------------------------------------------------------------------


class Sweep:
    def __init__(self, daemon: Daemon) -> None:
        self.daemon = daemon
        self.context: Dict[str, str] = {}
        self.failures: List[str] = []
        self.cases = 0
        self.rpcs = 0
        self.known_seen: set = set()
        self.rows_reported = 0
        self.next_row = 1

    def conn(self, token: Optional[str]) -> Connection:
        return Connection(self.daemon.socket, token=token, timeout=120)

    def setup(self) -> None:
        password = contract.PASSWORD
        with self.conn(None) as c:
            for name, group in (("group", "Acme Group"), ("other_group", "Other Group")):
                email = f"owner-{uuid.uuid4().hex[:8]}@acme.example"
                answer = c.call(
                    contract.ACCESS,
                    "BootstrapGroup",
                    access_pb2.BootstrapGroupRequest(group_name=group, owner_email=email, owner_name="Olga Owner", owner_password=password),
                    access_pb2.BootstrapGroupResponse,
                )
                self.context[name] = answer.group.id
                if name == "group":
                    self.context["owner_id"] = answer.owner.id
                    owner_email = email
            login = c.call(contract.ACCESS, "Login", access_pb2.LoginRequest(group_id=self.context["group"], email=owner_email, password=password), access_pb2.LoginResponse)
        self.context["owner"] = login.token
        with self.conn(login.token) as c:
            for name, account in (("client", "acme-berlin"), ("second", "acme-munich")):
                fields = dict(contract.CLIENT_FIELDS, account_name=account)
                request = json_format.ParseDict(
                    {"group_id": self.context["group"], "fields": fields, "contacts": [{"first_name": "Nina", "email": f"nina@{account}.example"}]},
                    clients_pb2.CreateClientRequest(),
                )
                answer = c.call(contract.CLIENTS, "CreateClient", request, clients_pb2.Client)
                self.context[name] = answer.id
                if name == "client":
                    self.context["contact"] = answer.contacts[0].id
            # An import to add rows to (AddClientImportRows), with the contract's columns.
            begun = c.call(
                contract.CLIENTS,
                "BeginClientImport",
                clients_pb2.BeginClientImportRequest(group_id=self.context["group"], columns=IMPORT_COLUMNS),
                clients_pb2.BeginClientImportResponse,
            )
            self.context["client_import"] = begun.import_id
        for alias in ("manager_id", "member", "member2", "client_owner"):
            self.context[alias] = self.context["owner_id"]
        self.context["contact2"] = self.context["contact"]
        self.context["delivered"] = ["unknown"]

    def written(self) -> Tuple[Dict[str, int], int, int]:
        with self.conn(self.context["owner"]) as c:
            audit, token = 0, ""
            while True:
                page = c.call(contract.AUDIT, "List", audit_pb2.ListAuditRequest(group_id=self.context["group"], page_size=500, page_token=token), audit_pb2.ListAuditResponse)
                audit += len(page.entries)
                token = page.next_page_token
                if not token:
                    break
            listed, token = 0, ""
            while True:
                page = c.call(contract.CLIENTS, "ListClients", clients_pb2.ListClientsRequest(group_id=self.context["group"], include_closed=True, page_size=500, page_token=token), clients_pb2.ListClientsResponse)
                listed += len(page.clients)
                token = page.next_page_token
                if not token:
                    break
        return table_counts(self.daemon), audit, listed

    def run(self, only: Optional[str]) -> None:
        bases = base_cases()
        before = self.written()
        for module in SERVICE_MODULES:
            for service in module.DESCRIPTOR.services_by_name.values():
                for method in service.methods:
                    key = f"{service.full_name}/{method.name}"
                    if only and only not in key:
                        continue
                    self.baseline = before
                    self.sweep_method(service.full_name, method, bases.get(key))
                    before = self.baseline
                    after = self.written()
                    if after != before:
                        changed = sorted(k for k in set(after[0]) | set(before[0]) if after[0].get(k) != before[0].get(k))
                        self.fail(f"{key}: a refused request wrote: tables {changed}, audit {before[1]}->{after[1]}, clients {before[2]}->{after[2]}")
                    before = after

    def sweep_method(self, service: str, method, base) -> None:
        self.rpcs += 1
        request_type = _message_class(method.input_type)
        response_type = _message_class(method.output_type)
        template = substitute(base.request, self.context) if base else {}
        auth = base.auth if base else "owner"
        token = None if auth is None else self.context["owner"]
        key = f"{service}/{method.name}"
        for path, leaf, kind in bad_cases(method.input_type):
            request = json_format.ParseDict(template, request_type())
            if key in ROW_REPORTING:  # fresh row numbers: a row number taken is refused before its values are read
                for row in getattr(request, ROW_REPORTING[key][0]):
                    self.next_row += 1
                    row.row_number = self.next_row
            if not apply(request, path, kind):
                continue
            self.cases += 1
            idempotency = f"sweep-{uuid.uuid4().hex}" if base and base.idempotency_key else None
            answer = None
            try:
                with self.conn(token) as c:
                    answer = c.call(service, method.name, request, response_type, idempotency_key=idempotency)
                code, message = StatusCode.OK, ""
            except ClienteleError as error:
                code, message = error.code, error.message
            if code == StatusCode.OK and row_reported(key, path, request, answer):
                self.rows_reported += 1
            else:
                self.judge(key, path, leaf, kind, code, message)
            if code == StatusCode.OK:  # accepted (rightly or not: judged above): its writes are no refusal's
                self.baseline = self.written()

    def judge(self, key: str, path: str, leaf: str, kind: str, code: StatusCode, message: str) -> None:
        # The field's name, or a message field it sits in (update_mask for update_mask.paths).
        if code == StatusCode.INVALID_ARGUMENT and any(part in message for part in path.split(".")):
            return
        allowed = allowed_codes(kind, leaf)
        if key in OWNER_LACKS_RIGHTS:
            allowed.add("PERMISSION_DENIED")
        if kind == "empty":
            allowed.update(OPTIONAL_IDS.get(key, {}).get(leaf, ()))
        if kind == "control" and leaf in CONTROL_ALLOWED.get(key, ()):
            allowed.add("OK")
        if code.name in allowed:
            return
        for (method, pattern, kinds), why in KNOWN_GAPS.items():
            if method == key and re.search(pattern, path) and re.search(kinds, kind):
                self.known_seen.add((method, pattern, kinds))
                print(f"KNOWN {key} {path} {kind}: {code.name} {message[:120]!r} ({why})", flush=True)
                return
        self.fail(f"{key} {path} {kind}: {code.name} {message[:160]!r}")

    def fail(self, line: str) -> None:
        self.failures.append(line)
        print(f"FAIL {line}", flush=True)

    def cli(self, binary: str) -> int:
        env = dict(os.environ, CLIENTELE_SOCKET=self.daemon.socket, CLIENTELE_TOKEN=self.context["owner"], HOME=self.daemon.dir)
        for method, body, field in CLI_CASES:
            body = body.replace("$group", self.context["group"]).replace("$client", self.context["client"])
            run = subprocess.run([binary, "call", method, body], env=env, capture_output=True, text=True, timeout=60)
            if run.returncode != 64 or field not in run.stderr:
                self.fail(f"clientele call {method} {body}: exit {run.returncode} {run.stderr.strip()[:160]!r} (want 64 naming {field})")
        return len(CLI_CASES)


def _message_class(message_descriptor):
    from google.protobuf import symbol_database

    return symbol_database.Default().GetSymbol(message_descriptor.full_name)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--daemon", required=True, help="clienteled (debug build)")
    parser.add_argument("--cli", help="clientele, for the JSON type cases (default: next to --daemon)")
    parser.add_argument("--only", help="sweep only the RPCs whose Service/Method contains this")
    args = parser.parse_args()
    cli = args.cli or os.path.join(os.path.dirname(args.daemon), "clientele")

    started = time.monotonic()
    daemon = Daemon(args.daemon)
    try:
        sweep = Sweep(daemon)
        sweep.setup()
        sweep.run(args.only)
        cli_cases = sweep.cli(cli)
        if not args.only:
            for gap in KNOWN_GAPS:
                if gap not in sweep.known_seen:
                    sweep.fail(f"known gap no longer seen, remove it from KNOWN_GAPS: {gap}")
    finally:
        daemon.stop()
    print(
        f"bad-input-sweep: {sweep.rpcs} RPCs x bad fields = {sweep.cases} cases, {cli_cases} CLI JSON cases, "
        f"{sweep.rows_reported} bad rows reported in an answer, "
        f"{len(sweep.known_seen)} known gaps, {len(sweep.failures)} failures, {time.monotonic() - started:.1f} s"
    )
    return 1 if sweep.failures else 0


if __name__ == "__main__":
    sys.exit(main())
