"""Several daemons on several hosts sharing one PostgreSQL (driver of scripts/test-multihost).

  python3 scripts/multihost.py --daemon PATH --prefix NAME [--work DIR] [--writers W (3)]
                               [--steady-seconds S (4)] [--measure] [--keep]

Builds four network namespaces, NAME-sw, NAME-pg, NAME-a and NAME-b: a bridge in NAME-sw
(the switch) and a veth pair from it to each host, all on 10.213.7.0/24, a subnet that is
only ever configured inside these namespaces. NAME-pg runs a private PostgreSQL 15
cluster (initdb in the work folder) listening on 10.213.7.1 only, whose pg_hba lets the
role `clientele` in with its password (SCRAM) from that subnet, and nothing else over TCP.
NAME-a (10.213.7.2) and NAME-b (10.213.7.3) each run a clienteled with its own Unix socket
and `--store postgres://clientele@10.213.7.1:5432/clientele?pool=8` (the password in
$PGPASSWORD). This process stays in the host's namespace and reaches the daemons over
their Unix sockets (files, not network) and PostgreSQL as `postgres` over its Unix socket
(for the checks): the only TCP traffic is between the namespaces.

Checks, one summary line each ("ok NAME: detail" or "FAIL NAME: detail"):

- cross-daemon: a session logged out on A, and a user disabled on A, are refused on B
  within 1 s, the logout within 0.5 s (by notification: B's credential cache alone
  forgets within 1 s); a change-feed follower on B (long poll) gets a client created on A
  within 1 s; an
  idempotency key replayed on B answers A's bytes, and the same key with another request
  is refused on B; version preconditions racing from both daemons let one update through;
  charges racing from both daemons never take a prepaid account below 0 nor a postpaid one
  below minus its credit limit; exactly one daemon holds the periodic jobs' lock.
- under load (W writers per daemon, each its own connection, CreateClient / UpdateClient /
  AddCredit / Charge with an idempotency key each, a retry of a failed call reusing its key
  and request; every acknowledged write journaled in journal.jsonl):
  steady: writes/s through both daemons, no errors;
  (a) PostgreSQL restarted (stopped 2 s, started): calls fail UNAVAILABLE with a message
      naming the database (or the store; DEADLINE_EXCEEDED when their 5 s deadline passed
      first), both daemons serve again by themselves;
  (b) the periodic-jobs leader's link is cut (`ip link set eth0 down` in its namespace)
      for 8 s: the other daemon keeps serving, the cut one serves again once the link is
      back, the periodic jobs are run by one daemon;
  (c) the periodic-jobs leader is killed with SIGKILL: its writers retry their calls on
      the other daemon with the same keys, the other takes over the periodic jobs, the
      killed one restarts;
  after each: every acknowledged write is in the database (clients at least at the
  acknowledged version with their contacts, ledger entries with their amounts), no
  idempotency key applied twice, every balance the sum of its entries.
- after the failures: the logout, disable and follower checks again, in both directions
  (a daemon that no longer hears the other fails them).
- at the end: the change feed read through B holds every acknowledged create and ledger
  entry once; acknowledged writes replayed (same key, same bytes) on the other daemon
  answer the same bytes; both daemons stop cleanly on SIGTERM.

The PostgreSQL settings of the cluster (idle_in_transaction_session_timeout, keepalives,
client_connection_check_interval) are the ones docs/scaling.md recommends, shortened.
--measure runs the steady load alone (for docs/scaling.md's figures).

Tear-down (daemons, PostgreSQL, namespaces, work folder) runs on success, failure and
SIGTERM/SIGINT; scripts/test-multihost repeats it if this process dies. Exit status 1 on
any failed check.
"""

import argparse
import base64
import csv
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))

from reliability import PASSWORD, ClienteleError, Connection, Daemon, StatusCode, percentile  # noqa: E402
from clientele_client import access_pb2, billing_pb2, changes_pb2, clients_pb2  # noqa: E402
from google.protobuf import field_mask_pb2  # noqa: E402

SUBNET = "10.213.7"
ADDRESSES = {"pg": f"{SUBNET}.1", "a": f"{SUBNET}.2", "b": f"{SUBNET}.3"}
PG_PORT = 5432
POOL = 8
# PostgresNotifications.periodicJobsLockKey (0x636c_6965_6e74_0002) as pg_locks shows a
# bigint advisory key: classid the high 32 bits, objid the low 32 bits.
JOBS_LOCK = (0x636C6965, 0x6E740002)
CALL_TIMEOUT = 5.0
RETRY_BUDGET = 40.0
RETRYABLE = {StatusCode.UNAVAILABLE, StatusCode.DEADLINE_EXCEEDED, StatusCode.ABORTED}
CLIENTS = "clientele.v1.Clients"
BILLING = "clientele.v1.Billing"
LEDGER_CLIENTS = 6
LEDGER_FLOAT = 10_000_000
# A revocation heard by NOTIFY takes milliseconds; the credential cache alone forgets within 1 s.
NOTIFIED_WITHIN = 0.5


def run(command, check=True, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if check and result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}): {result.stderr.strip()}")
    return result


class Report:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.lock = threading.Lock()

    def check(self, name, ok, detail):
        with self.lock:
            print(f"{'ok' if ok else 'FAIL'} {name}: {detail}", flush=True)
            if ok:
                self.passed += 1
            else:
                self.failed += 1
        return ok


def note(text):
    print(f"   {text}", flush=True)


# -- the network ------------------------------------------------------------------------------


class Network:
    """The switch namespace with its bridge, and one namespace per host with eth0 on it."""

    def __init__(self, prefix):
        self.names = {host: f"{prefix}-{host}" for host in ("sw", "pg", "a", "b")}

    def up(self):
        sw = self.names["sw"]
        for name in self.names.values():
            run(["ip", "netns", "add", name])
            run(["ip", "-n", name, "link", "set", "lo", "up"])
        run(["ip", "-n", sw, "link", "add", "br0", "type", "bridge"])
        run(["ip", "-n", sw, "link", "set", "br0", "up"])
        for host, address in ADDRESSES.items():
            # Made inside the namespaces: no interface ever appears in the host's namespace.
            run(["ip", "-n", sw, "link", "add", "name", f"to-{host}", "type", "veth", "peer", "name", "eth0",
                 "netns", self.names[host]])
            run(["ip", "-n", sw, "link", "set", "dev", f"to-{host}", "master", "br0", "up"])
            run(["ip", "-n", self.names[host], "addr", "add", f"{address}/24", "dev", "eth0"])
            run(["ip", "-n", self.names[host], "link", "set", "eth0", "up"])

    def prefix(self, host):
        return ["ip", "netns", "exec", self.names[host]]

    def set_link(self, host, state):
        run(["ip", "-n", self.names[host], "link", "set", "eth0", state])

    def down(self):
        """Kills what still runs in the namespaces (only this run's processes live there) and deletes them."""
        existing = run(["ip", "netns", "list"], check=False).stdout.split()
        for name in self.names.values():
            if name not in existing:
                continue
            pids = run(["ip", "netns", "pids", name], check=False).stdout.split()
            for pid in pids:
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except (OSError, ValueError):
                    pass
            run(["ip", "netns", "del", name], check=False)


# -- PostgreSQL -------------------------------------------------------------------------------


class Postgres:
    """A private cluster in `work`/pg, run by the `postgres` user in the pg namespace."""

    def __init__(self, work, network):
        self.network = network
        self.dir = os.path.join(work, "pg")
        self.data = os.path.join(self.dir, "data")
        self.socket = os.path.join(self.dir, "socket")
        self.password = uuid.uuid4().hex
        self.bindir = sorted(
            (os.path.join("/usr/lib/postgresql", v, "bin") for v in os.listdir("/usr/lib/postgresql")),
            key=lambda p: [int(x) for x in p.split("/")[-2].split(".") if x.isdigit()],
        )[-1]

    def as_postgres(self, command, **kwargs):
        return run(["runuser", "-u", "postgres", "--"] + command, **kwargs)

    def init(self):
        os.makedirs(self.dir)
        shutil.chown(self.dir, "postgres", "postgres")
        os.chmod(self.dir, 0o700)
        self.as_postgres(["mkdir", self.data, self.socket])
        self.as_postgres([
            os.path.join(self.bindir, "initdb"), f"--pgdata={self.data}", "--username=postgres",
            "--auth-local=peer", "--auth-host=reject", "--encoding=UTF8", "--locale=C.UTF-8",
        ])
        settings = [
            f"listen_addresses = '{ADDRESSES['pg']}'",
            f"unix_socket_directories = '{self.socket}'",
            f"port = {PG_PORT}",
            "max_connections = 60",
            "password_encryption = 'scram-sha-256'",
            "fsync = on",
            "synchronous_commit = on",
            # A daemon cut off mid-transaction must not hold its row locks for long: its
            # session is ended when it leaves a transaction open this long.
            "idle_in_transaction_session_timeout = '2s'",
            # And its sessions waiting for a lock end once their client is known to be gone
            # (without it they take the lock in turn, each holding it up for the timeout above).
            "client_connection_check_interval = '1s'",
            # And a peer that vanished is noticed within seconds, not hours, which ends its
            # sessions (those waiting for a lock too, by the check above) and frees its locks and
            # its periodic-jobs lock: keepalives after 1 s idle, 2 unanswered 1 s apart; unsent
            # data given up after 3 s. Every write takes the write-order lock, so until then the
            # other daemons' writes may wait behind the lost daemon's: this must stay below the
            # callers' deadlines (5 s here).
            "tcp_keepalives_idle = 1",
            "tcp_keepalives_interval = 1",
            "tcp_keepalives_count = 2",
            "tcp_user_timeout = 3000",
            "log_min_messages = warning",
            "log_connections = off",
        ]
        with open(os.path.join(self.data, "postgresql.conf"), "a") as f:
            f.write("\n".join(settings) + "\n")
        with open(os.path.join(self.data, "pg_hba.conf"), "w") as f:
            f.write(
                "# TYPE DATABASE USER ADDRESS METHOD\n"
                "local all postgres peer\n"
                f"host clientele clientele {SUBNET}.0/24 scram-sha-256\n"
            )
        self.start()
        self.sql(f"CREATE ROLE clientele LOGIN PASSWORD '{self.password}'", database="postgres")
        self.sql("CREATE DATABASE clientele OWNER clientele", database="postgres")

    def pg_ctl(self, *args):
        return run(self.network.prefix("pg") + ["runuser", "-u", "postgres", "--", os.path.join(self.bindir, "pg_ctl"),
                                                f"--pgdata={self.data}"] + list(args))

    def start(self):
        self.pg_ctl(f"--log={os.path.join(self.dir, 'server.log')}", "--wait", "start")

    def stop(self, mode="fast"):
        self.pg_ctl(f"--mode={mode}", "--wait", "stop")

    def running(self):
        return os.path.exists(os.path.join(self.data, "postmaster.pid"))

    def sql(self, query, database="clientele"):
        """Rows of `query` (lists of strings) as `postgres` over the Unix socket."""
        result = self.as_postgres([
            os.path.join(self.bindir, "psql"), "-X", "-q", "-h", self.socket, "-p", str(PG_PORT), "-d", database,
            "--csv", "-t", "-v", "ON_ERROR_STOP=1", "-c", query,
        ])
        return list(csv.reader(io.StringIO(result.stdout)))

    def url(self):
        return f"postgres://clientele@{ADDRESSES['pg']}:{PG_PORT}/clientele?pool={POOL}"

    def statistics(self):
        """Counters of the clientele database: commits, rollbacks, rows written, WAL bytes."""
        row = self.sql(
            "SELECT d.xact_commit, d.xact_rollback, d.tup_inserted + d.tup_updated + d.tup_deleted, w.wal_bytes "
            "FROM pg_stat_database d, pg_stat_wal w WHERE d.datname = 'clientele'")[0]
        return [float(x) for x in row]

    def periodic_jobs_leaders(self):
        rows = self.sql(
            "SELECT host(a.client_addr) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            f"WHERE l.locktype = 'advisory' AND l.granted AND l.classid = {JOBS_LOCK[0]} AND l.objid = {JOBS_LOCK[1]}"
        )
        by_address = {address: host for host, address in ADDRESSES.items()}
        return sorted(by_address.get(row[0], row[0]) for row in rows)


# -- the daemons ------------------------------------------------------------------------------


class Host:
    """One daemon host: its clienteled (on its own socket) in its namespace."""

    def __init__(self, name, binary, work, network, postgres):
        self.name = name
        folder = os.path.join(work, name)
        os.makedirs(folder)
        self.daemon = Daemon(
            binary, folder,
            extra_args=["--store", postgres.url(), "--sweep-interval", "0.5", "--log-level", "info"],
            prefix=network.prefix(name),
        )

    @property
    def socket(self):
        return self.daemon.socket

    def start(self):
        offset = os.path.getsize(self.daemon.log_path) if os.path.exists(self.daemon.log_path) else 0
        try:
            self.daemon.start()
        except RuntimeError:
            with open(self.daemon.log_path, errors="replace") as f:
                f.seek(offset)
                raise RuntimeError(
                    f"daemon {self.name} did not start (exit status {self.daemon.process.poll()}):\n"
                    + f.read()[-3000:]) from None

    def kill(self):
        self.daemon.process.kill()
        self.daemon.process.wait()


def is_transport_error(error):
    """The client's own UNAVAILABLE: the daemon cannot be reached (not the daemon's answer)."""
    return error.message.startswith(("cannot connect to", "connection to"))


def wait_for(predicate, seconds, interval=0.05):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


# -- load with a journal ----------------------------------------------------------------------


class Calls:
    """Every call of a load: (start, end, host, method, code, message)."""

    def __init__(self):
        self.items = []
        self.lock = threading.Lock()

    def add(self, *item):
        with self.lock:
            self.items.append(item)

    def between(self, start, end, host=None):
        with self.lock:
            return [c for c in self.items if c[1] >= start and c[0] <= end and (host is None or c[2] == host)]


class Journal:
    """Acknowledged writes: appended, flushed and fsynced before they count."""

    def __init__(self, path):
        self.file = open(path, "a")
        self.writes = []
        self.lock = threading.Lock()

    def append(self, write):
        with self.lock:
            self.file.write(json.dumps(write) + "\n")
            self.file.flush()
            os.fsync(self.file.fileno())
            self.writes.append(write)

    def all(self):
        with self.lock:
            return list(self.writes)


class World:
    """What the load writes to: the group, its owner's token, the ledger clients, clients created so far."""

    def __init__(self, group_id, token, ledger_clients):
        self.group_id = group_id
        self.token = token
        self.ledger_clients = ledger_clients
        self.created = []
        self.lock = threading.Lock()

    def add_created(self, client_id):
        with self.lock:
            self.created.append(client_id)

    def random_created(self, rng):
        with self.lock:
            return rng.choice(self.created) if self.created else None


class Writer(threading.Thread):
    def __init__(self, load, home, index, seed):
        super().__init__(daemon=True)
        self.load = load
        self.home = home
        self.index = index
        self.rng = random.Random(seed)
        self.connections = {
            name: Connection(host.socket, token=load.world.token, timeout=CALL_TIMEOUT)
            for name, host in load.hosts.items()
        }

    def run(self):
        number = 0
        while not self.load.stop.is_set():
            number += 1
            key = f"{self.load.label}-{self.home}{self.index}-{number}"
            self.write(key)
        for connection in self.connections.values():
            connection.close()

    def write(self, key):
        world = self.load.world
        roll = self.rng.randrange(100)
        extra = {}
        if roll < 30:
            contacts = self.rng.randrange(3)
            request = clients_pb2.CreateClientRequest(
                group_id=world.group_id,
                fields=clients_pb2.ClientFields(
                    account_name=f"mh-{key}-k{contacts}", company_name=f"Multihost {key}",
                    billing_emails=["billing@multihost.example"]),
                contacts=[
                    clients_pb2.NewContact(first_name=f"First{n}", last_name=f"Last{n}",
                                           email=f"{key}-{n}@multihost.example", primary=n == 0)
                    for n in range(contacts)
                ],
            )
            kind, service, method, answer_type = "create", CLIENTS, "CreateClient", clients_pb2.Client
            extra["contacts"] = contacts
        elif roll < 50 and world.random_created(self.rng):
            client_id = world.random_created(self.rng)
            request = clients_pb2.UpdateClientRequest(
                client_id=client_id, update_mask=field_mask_pb2.FieldMask(paths=["company_name"]),
                fields=clients_pb2.ClientFields(company_name=f"Updated {key}"))
            kind, service, method, answer_type = "update", CLIENTS, "UpdateClient", clients_pb2.Client
        elif roll < 85:
            request = billing_pb2.AddCreditRequest(
                client_id=self.rng.choice(world.ledger_clients), amount_minor=self.rng.randint(1, 10_000),
                payment=billing_pb2.PaymentDetails(method="bank", reference=key))
            kind, service, method, answer_type = "credit", BILLING, "AddCredit", billing_pb2.PostEntryResponse
        else:
            request = billing_pb2.ChargeRequest(
                client_id=self.rng.choice(world.ledger_clients), amount_minor=self.rng.randint(1, 1_000), comment=key)
            kind, service, method, answer_type = "charge", BILLING, "Charge", billing_pb2.PostEntryResponse
        payload = request.SerializeToString()
        self.load.attempted.add(key)
        target = self.home
        give_up = time.monotonic() + RETRY_BUDGET
        attempts = 0
        while True:
            attempts += 1
            start = time.monotonic()
            try:
                answer = self.connections[target].call_raw(service, method, payload, idempotency_key=key)
            except ClienteleError as error:
                self.load.calls.add(start, time.monotonic(), target, method, int(error.code), error.message)
                if error.code in RETRYABLE and time.monotonic() < give_up:
                    if is_transport_error(error):
                        # The daemon is gone: the same call, same key, through the other one.
                        target = self.load.other(target)
                    time.sleep(0.1)
                    continue
                if error.code not in (StatusCode.FAILED_PRECONDITION,):
                    self.load.refused.append((key, method, int(error.code), error.message))
                return
            self.load.calls.add(start, time.monotonic(), target, method, 0, "")
            decoded = answer_type.FromString(answer)
            write = {
                "label": self.load.label, "host": target, "kind": kind, "key": key, "service": service,
                "method": method, "request": base64.b64encode(payload).decode(),
                "response": base64.b64encode(answer).decode(), "attempts": attempts, **extra,
            }
            if kind in ("create", "update"):
                write.update(client_id=decoded.id, version=decoded.version)
            else:
                write.update(client_id=decoded.entry.client_id, entry_id=decoded.entry.id,
                             amount=decoded.entry.amount_minor)
            self.load.journal.append(write)
            if kind == "create":
                world.add_created(decoded.id)
            return


class Load:
    def __init__(self, label, hosts, world, journal, writers, seed):
        self.label = label
        self.hosts = hosts
        self.world = world
        self.journal = journal
        self.calls = Calls()
        self.attempted = set()
        self.refused = []
        self.stop = threading.Event()
        self.threads = [
            Writer(self, name, index, seed * 1000 + n)
            for n, (name, index) in enumerate((name, i) for name in hosts for i in range(writers))
        ]

    def other(self, name):
        return next(n for n in self.hosts if n != name)

    def start(self):
        self.started = time.monotonic()
        for thread in self.threads:
            thread.start()
        return self

    def finish(self):
        self.stop.set()
        for thread in self.threads:
            thread.join(RETRY_BUDGET + 10)
        self.ended = time.monotonic()
        return [t for t in self.threads if t.is_alive()]

    def first_ok_after(self, host, moment):
        oks = [c[1] for c in self.calls.between(moment, float("inf"), host) if c[4] == 0 and c[0] >= moment]
        return min(oks) if oks else None


def describe_errors(calls):
    counts = {}
    for c in calls:
        if c[4] != 0:
            name = StatusCode.of(c[4]).name
            counts[(name, c[5])] = counts.get((name, c[5]), 0) + 1
    return "; ".join(f"{n}x {code} \"{message}\"" for (code, message), n in sorted(counts.items(), key=lambda i: -i[1]))


# -- verification against the database --------------------------------------------------------


def verify_journal(postgres, world, journal, attempted):
    """Problems found comparing every acknowledged write with the database (empty: none)."""
    problems = []
    group = world.group_id
    clients = {
        row[0]: (int(row[1]), row[2], int(row[3]))
        for row in postgres.sql(
            "SELECT c.id, c.version, c.account_name, (SELECT count(*) FROM contacts t WHERE t.client_id = c.id) "
            f"FROM clients c WHERE c.group_id = '{group}'")
    }
    entries = {
        row[0]: (row[1], int(row[2]), row[3])
        for row in postgres.sql(
            "SELECT e.id, e.client_id, e.amount_minor, coalesce(e.idempotency_key, '') FROM ledger_entries e "
            f"JOIN billing_accounts b ON b.client_id = e.client_id WHERE b.group_id = '{group}'")
    }
    accounts = postgres.sql(
        "SELECT b.client_id, b.balance_minor, b.entry_count, coalesce(sum(e.amount_minor), 0), count(e.id) "
        "FROM billing_accounts b LEFT JOIN ledger_entries e ON e.client_id = b.client_id "
        f"WHERE b.group_id = '{group}' GROUP BY b.client_id, b.balance_minor, b.entry_count")
    writes = journal.all()
    for w in writes:
        if w["kind"] in ("create", "update"):
            found = clients.get(w["client_id"])
            if found is None:
                problems.append(f"{w['kind']} {w['key']}: client {w['client_id']} missing")
            elif found[0] < w["version"]:
                problems.append(f"{w['kind']} {w['key']}: client at version {found[0]} < acknowledged {w['version']}")
            elif w["kind"] == "create" and found[2] != w["contacts"]:
                problems.append(f"create {w['key']}: {found[2]} contacts, {w['contacts']} acknowledged")
        else:
            found = entries.get(w["entry_id"])
            if found is None:
                problems.append(f"{w['kind']} {w['key']}: ledger entry {w['entry_id']} missing")
            elif found[0] != w["client_id"] or found[1] != w["amount"]:
                problems.append(f"{w['kind']} {w['key']}: entry {w['entry_id']} is {found}, acknowledged {w['amount']}")
    # Each key applied once: one client per create key, one ledger entry per post key; nothing
    # applied that was never sent.
    created_keys = {}
    for _, (_, name, _) in clients.items():
        if name.startswith("mh-"):
            key = name[3:].rsplit("-k", 1)[0]
            created_keys[key] = created_keys.get(key, 0) + 1
    posted_keys = {}
    for _, (_, _, key) in entries.items():
        if key:
            posted_keys[key] = posted_keys.get(key, 0) + 1
    for key, n in list(created_keys.items()) + list(posted_keys.items()):
        if n > 1:
            problems.append(f"key {key} applied {n} times")
        if key not in attempted and key.split("-")[0] in {w["label"] for w in writes}:
            problems.append(f"key {key} applied but never sent")
    for client_id, balance, count, total, listed in accounts:
        if int(balance) != int(total) or int(count) != int(listed):
            problems.append(
                f"account {client_id}: balance {balance} with {count} entries, its entries sum {total} in {listed}")
    summary = {
        "creates": sum(w["kind"] == "create" for w in writes),
        "updates": sum(w["kind"] == "update" for w in writes),
        "entries": sum(w["kind"] in ("credit", "charge") for w in writes),
    }
    return problems, summary


def check_journal(report, name, postgres, world, journal, attempted):
    problems, summary = verify_journal(postgres, world, journal, attempted)
    report.check(
        name, not problems,
        (f"{len(journal.all())} acknowledged writes ({summary['creates']} creates, {summary['updates']} updates, "
         f"{summary['entries']} ledger entries) all in the database, no key applied twice, balances = sums of entries")
        if not problems else f"{len(problems)} problems: " + "; ".join(problems[:8]))


# -- the run ----------------------------------------------------------------------------------


class Run:
    def __init__(self, args):
        self.args = args
        self.report = Report()
        self.work = args.work or tempfile.mkdtemp(prefix="clientele-multihost.")
        os.chmod(self.work, 0o755)
        self.network = Network(args.prefix)
        self.postgres = Postgres(self.work, self.network)
        self.hosts = {}
        self.journal = Journal(os.path.join(self.work, "journal.jsonl"))
        self.attempted = set()
        self.loads = []

    # setup

    def setup(self):
        t0 = time.monotonic()
        self.network.up()
        self.postgres.init()
        os.environ["PGPASSWORD"] = self.postgres.password
        self.check_pg_hba()
        for name in ("a", "b"):
            self.hosts[name] = Host(name, self.args.daemon, self.work, self.network, self.postgres)
            self.hosts[name].start()
        note(f"set up in {time.monotonic() - t0:.1f} s: 4 namespaces, PostgreSQL at {ADDRESSES['pg']}, "
             f"daemons at {ADDRESSES['a']} (a) and {ADDRESSES['b']} (b), store {self.postgres.url()}")

    def check_pg_hba(self):
        psql = os.path.join(self.postgres.bindir, "psql")
        base = f"host={ADDRESSES['pg']} port={PG_PORT} dbname=clientele connect_timeout=5"
        ok = run(self.network.prefix("a") + [psql, "-X", "-Atc", "SELECT 1", f"{base} user=clientele"],
                 check=False, env=dict(os.environ, PGPASSWORD=self.postgres.password))
        wrong = run(self.network.prefix("a") + [psql, "-X", "-Atc", "SELECT 1", f"{base} user=clientele"],
                    check=False, env=dict(os.environ, PGPASSWORD="wrong"))
        superuser = run(self.network.prefix("a") + [psql, "-X", "-Atc", "SELECT 1", f"{base} user=postgres"],
                        check=False, env=dict(os.environ, PGPASSWORD="x"))
        self.report.check(
            "pg_hba: the store's role with its password from the subnet, nothing else",
            ok.returncode == 0 and wrong.returncode != 0 and superuser.returncode != 0,
            f"clientele with its password: {'in' if ok.returncode == 0 else 'refused'}; wrong password: "
            f"{'refused' if wrong.returncode else 'in'}; postgres over TCP: {'refused' if superuser.returncode else 'in'}")

    def connection(self, host, token=None):
        return Connection(self.hosts[host].socket, token=token, timeout=30)

    def bootstrap(self):
        email = "owner@multihost.example"
        with self.connection("a") as conn:
            answer = conn.call("clientele.v1.Access", "BootstrapGroup", access_pb2.BootstrapGroupRequest(
                group_name="Multihost", owner_email=email, owner_name="Olga Owner", owner_password=PASSWORD),
                access_pb2.BootstrapGroupResponse)
        self.group_id = answer.group.id
        self.owner_email = email
        self.token = self.login("b", email)
        ledger = []
        with self.connection("a", self.token) as conn:
            for n in range(LEDGER_CLIENTS):
                client = conn.call(CLIENTS, "CreateClient", clients_pb2.CreateClientRequest(
                    group_id=self.group_id, fields=clients_pb2.ClientFields(
                        account_name=f"Ledger {n}", billing_emails=["billing@multihost.example"])), clients_pb2.Client)
                conn.call(BILLING, "AddCredit", billing_pb2.AddCreditRequest(
                    client_id=client.id, amount_minor=LEDGER_FLOAT, payment=billing_pb2.PaymentDetails(method="bank")),
                    billing_pb2.PostEntryResponse)
                ledger.append(client.id)
        self.world = World(self.group_id, self.token, ledger)

    def login(self, host, email, password=PASSWORD):
        with self.connection(host) as conn:
            return conn.call("clientele.v1.Access", "Login", access_pb2.LoginRequest(
                group_id=self.group_id, email=email, password=password), access_pb2.LoginResponse).token

    # cross-daemon checks

    def refused_within(self, host, token, seconds=1.0):
        """Seconds until `host` refuses `token` (WhoAmI UNAUTHENTICATED), or None past `seconds`."""
        start = time.monotonic()
        with self.connection(host, token) as conn:
            while time.monotonic() - start <= seconds:
                try:
                    conn.call("clientele.v1.Access", "WhoAmI", access_pb2.WhoAmIRequest(), access_pb2.WhoAmIResponse)
                except ClienteleError as error:
                    if error.code == StatusCode.UNAUTHENTICATED:
                        return time.monotonic() - start
                    raise
                time.sleep(0.005)
        return None

    def whoami(self, host, token):
        with self.connection(host, token) as conn:
            return conn.call("clientele.v1.Access", "WhoAmI", access_pb2.WhoAmIRequest(), access_pb2.WhoAmIResponse)

    def check_revocation(self, source="a", target="b", suffix=""):
        """A session logged out on `source`, then a user disabled there, refused on `target` within 1 s."""
        times, failures = [], []
        for trial in range(3):
            token = self.login(source, self.owner_email)
            for _ in range(3):
                self.whoami(target, token)  # cached by the target's authenticator
            with self.connection(source, token) as conn:
                conn.call("clientele.v1.Access", "Logout", access_pb2.LogoutRequest(), access_pb2.LogoutResponse)
            elapsed = self.refused_within(target, token)
            (times.append(elapsed) if elapsed is not None else failures.append(trial))
        A, B = source.upper(), target.upper()
        self.report.check(
            f"logout on {A} refused on {B} within 1 s{suffix}", not failures,
            f"3 sessions, refused on {B} after "
            + (", ".join(f"{t * 1000:.0f} ms" for t in times) or "-")
            + (f"; still accepted after 1 s in trial(s) {failures}" if failures else ""))
        # Within 1 s is also what the credential cache's lifetime (1 s) gives without any
        # notification; the notification makes it milliseconds. Slower means it did not arrive.
        late = [t for t in times if t > NOTIFIED_WITHIN]
        self.report.check(
            f"logout on {A} reaches {B} by notification (under {NOTIFIED_WITHIN * 1000:.0f} ms){suffix}",
            not late and not failures,
            "every session refused in time" if not late and not failures else
            f"{len(late) + len(failures)} of 3 refused only when {B}'s cache entry expired: {B} did not hear {A}")

        email = f"manager-{uuid.uuid4().hex[:6]}@multihost.example"
        with self.connection(source, self.token) as conn:
            user = conn.call("clientele.v1.Access", "CreateUser", access_pb2.CreateUserRequest(
                group_id=self.group_id, email=email, name="Mona Manager", password=PASSWORD,
                role=access_pb2.ROLE_MANAGER), access_pb2.User)
        token = self.login(target, email)
        for _ in range(3):
            self.whoami(target, token)
        with self.connection(source, self.token) as conn:
            conn.call("clientele.v1.Access", "SetUserDisabled", access_pb2.SetUserDisabledRequest(
                user_id=user.id, group_id=self.group_id, disabled=True), access_pb2.User)
        elapsed = self.refused_within(target, token)
        self.report.check(
            f"user disabled on {A} refused on {B} within 1 s{suffix}", elapsed is not None,
            f"refused on {B} after {elapsed * 1000:.0f} ms" if elapsed is not None else "still accepted after 1 s")

    def check_change_feed_follower(self, writer="a", follower="b", suffix=""):
        """A long poll on `follower` answers within 1 s of a client created on `writer`."""
        with self.connection(follower, self.token) as conn:
            start = conn.call("clientele.v1.Changes", "Follow", changes_pb2.FollowChangesRequest(
                group_id=self.group_id, from_now=True), changes_pb2.FollowChangesResponse)
        result = {}

        def follow():
            with Connection(self.hosts[follower].socket, token=self.token, timeout=20) as conn:
                answer = conn.call("clientele.v1.Changes", "Follow", changes_pb2.FollowChangesRequest(
                    group_id=self.group_id, after_cursor=start.next_cursor, wait_millis=10_000),
                    changes_pb2.FollowChangesResponse)
                result["at"] = time.monotonic()
                result["answer"] = answer

        thread = threading.Thread(target=follow)
        thread.start()
        time.sleep(0.5)  # the follower is waiting
        with self.connection(writer, self.token) as conn:
            written = time.monotonic()
            client = conn.call(CLIENTS, "CreateClient", clients_pb2.CreateClientRequest(
                group_id=self.group_id, fields=clients_pb2.ClientFields(
                    account_name="Followed", billing_emails=["billing@multihost.example"])), clients_pb2.Client)
            acked = time.monotonic()
        thread.join(15)
        answer = result.get("answer")
        seen = answer is not None and any(c.object_id == client.id for c in answer.changes)
        delay = result["at"] - acked if seen else None
        W, F = writer.upper(), follower.upper()
        self.report.check(
            f"change-feed follower on {F} (long poll) gets a client created on {W} within 1 s{suffix}",
            seen and delay <= 1.0,
            (f"answered {delay * 1000:.0f} ms after {W} acknowledged the write ({(acked - written) * 1000:.0f} ms call)"
             + ("; woken by the end of its 10 s wait, not by the write" if delay > 1.0 else ""))
            if seen else f"the follower's answer has no such change: {answer}")

    def check_idempotency(self):
        key = f"replay-{uuid.uuid4().hex[:8]}"
        request = clients_pb2.CreateClientRequest(group_id=self.group_id, fields=clients_pb2.ClientFields(
            account_name="Replayed", billing_emails=["billing@multihost.example"])).SerializeToString()
        with self.connection("a", self.token) as a, self.connection("b", self.token) as b:
            first = a.call_raw(CLIENTS, "CreateClient", request, idempotency_key=key)
            replay = b.call_raw(CLIENTS, "CreateClient", request, idempotency_key=key)
            credit = billing_pb2.AddCreditRequest(client_id=self.world.ledger_clients[0], amount_minor=123,
                                                  payment=billing_pb2.PaymentDetails(method="bank")).SerializeToString()
            credit_b = b.call_raw(BILLING, "AddCredit", credit, idempotency_key=key + "-credit")
            credit_a = a.call_raw(BILLING, "AddCredit", credit, idempotency_key=key + "-credit")
            other = clients_pb2.CreateClientRequest(group_id=self.group_id, fields=clients_pb2.ClientFields(
                account_name="Another", billing_emails=["billing@multihost.example"])).SerializeToString()
            try:
                b.call_raw(CLIENTS, "CreateClient", other, idempotency_key=key)
                reuse = "accepted"
            except ClienteleError as error:
                reuse = f"{error.code.name}: {error.message}"
        count = int(self.postgres.sql(
            f"SELECT count(*) FROM clients WHERE group_id = '{self.group_id}' AND account_name = 'Replayed'")[0][0])
        ok = first == replay and credit_a == credit_b and count == 1 and reuse.startswith("INVALID_ARGUMENT")
        self.report.check(
            "idempotency key replayed on the other daemon answers the first answer", ok,
            f"CreateClient A then B: {'same bytes' if first == replay else 'different answers'} ({count} client); "
            f"AddCredit B then A: {'same bytes' if credit_a == credit_b else 'different answers'}; "
            f"the key with another request on B: {reuse}")

    def check_version_race(self, rounds=10):
        with self.connection("a", self.token) as conn:
            client = conn.call(CLIENTS, "CreateClient", clients_pb2.CreateClientRequest(
                group_id=self.group_id, fields=clients_pb2.ClientFields(
                    account_name="Raced", billing_emails=["billing@multihost.example"])), clients_pb2.Client)
        version = client.version
        outcomes = []
        conns = {h: self.connection(h, self.token) for h in ("a", "b")}
        for round_ in range(rounds):
            barrier = threading.Barrier(2)
            results = {}

            def update(host):
                request = clients_pb2.UpdateClientRequest(
                    client_id=client.id, update_mask=field_mask_pb2.FieldMask(paths=["company_name"]),
                    fields=clients_pb2.ClientFields(company_name=f"{host} round {round_}"), expected_version=version)
                barrier.wait()
                try:
                    results[host] = conns[host].call(CLIENTS, "UpdateClient", request, clients_pb2.Client).version
                except ClienteleError as error:
                    results[host] = error.code.name

            threads = [threading.Thread(target=update, args=(h,)) for h in ("a", "b")]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            winners = [v for v in results.values() if isinstance(v, int)]
            losers = [v for v in results.values() if not isinstance(v, int)]
            outcomes.append((len(winners), losers))
            if winners:
                version = winners[0]
        for c in conns.values():
            c.close()
        bad = [o for o in outcomes if o[0] != 1 or o[1] != ["FAILED_PRECONDITION"]]
        final = int(self.postgres.sql(f"SELECT version FROM clients WHERE id = '{client.id}'")[0][0])
        self.report.check(
            "version preconditions racing from A and B: one update through per version", not bad and final == version,
            f"{rounds} rounds, each one update through and FAILED_PRECONDITION for the other; client at version {final}"
            if not bad else f"rounds with other outcomes: {bad}")

    def check_billing_race(self):
        """Charges racing from both daemons on one prepaid and one postpaid account."""
        results = []
        with self.connection("a", self.token) as conn:
            prepaid = conn.call(CLIENTS, "CreateClient", clients_pb2.CreateClientRequest(
                group_id=self.group_id, fields=clients_pb2.ClientFields(
                    account_name="Prepaid race", billing_emails=["billing@multihost.example"],
                    billing_mode=clients_pb2.BILLING_MODE_PREPAID)), clients_pb2.Client)
            conn.call(BILLING, "AddCredit", billing_pb2.AddCreditRequest(
                client_id=prepaid.id, amount_minor=20_000, payment=billing_pb2.PaymentDetails(method="bank")),
                billing_pb2.PostEntryResponse)
            postpaid = conn.call(CLIENTS, "CreateClient", clients_pb2.CreateClientRequest(
                group_id=self.group_id, fields=clients_pb2.ClientFields(
                    account_name="Postpaid race", billing_emails=["billing@multihost.example"],
                    billing_mode=clients_pb2.BILLING_MODE_POSTPAID, credit_limit_minor=15_000)), clients_pb2.Client)
        for label, client_id, opening, floor in (("prepaid", prepaid.id, 20_000, 0),
                                                 ("postpaid", postpaid.id, 0, -15_000)):
            acked, refused, other = [], [0], []
            lock = threading.Lock()

            def charge(host, seed):
                rng = random.Random(seed)
                refusals = 0
                with self.connection(host, self.token) as conn:
                    while refusals < 3:
                        amount = rng.randint(100, 1_500)
                        try:
                            answer = conn.call(BILLING, "Charge", billing_pb2.ChargeRequest(
                                client_id=client_id, amount_minor=amount, comment="race"),
                                billing_pb2.PostEntryResponse, idempotency_key=uuid.uuid4().hex)
                            with lock:
                                acked.append((answer.entry.amount_minor, answer.entry.balance_after_minor))
                        except ClienteleError as error:
                            if error.code == StatusCode.FAILED_PRECONDITION:
                                refusals += 1
                                with lock:
                                    refused[0] += 1
                            else:
                                with lock:
                                    other.append(f"{error.code.name}: {error.message}")
                                return

            threads = [threading.Thread(target=charge, args=(h, n)) for n, h in enumerate(["a", "b"] * 4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            balance, count, total = (int(x) for x in self.postgres.sql(
                "SELECT b.balance_minor, b.entry_count, (SELECT sum(amount_minor) FROM ledger_entries e "
                f"WHERE e.client_id = b.client_id) FROM billing_accounts b WHERE b.client_id = '{client_id}'")[0])
            expected = opening + sum(a for a, _ in acked)
            lowest = min([b for _, b in acked] + [balance])
            ok = balance == expected == total and lowest >= floor and not other and count == len(acked) + (opening > 0)
            results.append(ok)
            self.report.check(
                f"charges racing from A and B on a {label} account stay above its floor ({floor})", ok,
                f"8 callers: {len(acked)} charges acknowledged, {refused[0]} refused FAILED_PRECONDITION; balance {balance} "
                f"= opening {opening} + acknowledged charges ({expected}), lowest balance after an entry {lowest}"
                + (f"; other errors: {other[:3]}" if other else ""))

    def check_one_leader(self, name="periodic jobs: exactly one daemon holds the lock"):
        leaders = wait_for(lambda: self.postgres.periodic_jobs_leaders(), 5)
        self.report.check(name, len(leaders) == 1, f"held by {leaders or 'nobody'}")
        return leaders[0] if len(leaders) == 1 else None

    # phases under load

    def ensure_running(self, before):
        """A daemon that exited is a failure; it is started again so that the next phase means something."""
        for name, host in self.hosts.items():
            code = host.daemon.process.poll()
            if code is not None:
                self.report.check(f"daemon {name} running before {before}", False,
                                  f"it exited with {code}; started again (see its log below)")
                host.start()

    def load(self, label, seed):
        load = Load(label, self.hosts, self.world, self.journal, self.args.writers, seed)
        self.loads.append(load)
        return load.start()

    def finish(self, load, name):
        stuck = load.finish()
        self.attempted |= load.attempted
        with open(os.path.join(self.work, f"calls-{load.label}.jsonl"), "w") as f:
            for c in load.calls.between(0, float("inf")):
                f.write(json.dumps({"start": c[0] - load.started, "end": c[1] - load.started, "host": c[2],
                                    "method": c[3], "code": StatusCode.of(c[4]).name, "message": c[5]}) + "\n")
        if stuck:
            self.report.check(f"{name}: writers finished", False, f"{len(stuck)} writers still stuck after the load")
        check_journal(self.report, f"{name}: no acknowledged write lost", self.postgres, self.world, self.journal,
                      self.attempted)
        if load.refused:
            note(f"{name}: writes given up (not acknowledged): {len(load.refused)}, e.g. {load.refused[:3]}")

    def steady(self, seconds):
        load = self.load("s", 1)
        time.sleep(1.0)
        before = self.postgres.statistics()
        begin = time.monotonic()
        time.sleep(seconds)
        end = time.monotonic()
        after = self.postgres.statistics()
        calls = load.calls.between(begin, end)
        self.finish(load, "steady load")
        ok_calls = [c for c in calls if c[4] == 0 and c[0] >= begin and c[1] <= end]
        latencies = [(c[1] - c[0]) * 1000 for c in ok_calls]
        per_host = {h: sum(1 for c in ok_calls if c[2] == h) / (end - begin) for h in self.hosts}
        errors = [c for c in calls if c[4] != 0]
        self.throughput = (len(ok_calls) / (end - begin), per_host, percentile(latencies, 0.5), percentile(latencies, 0.99))
        writes = max(1, len([c for c in calls if c[4] == 0]))
        commits, rollbacks, rows, wal = (a - b for a, b in zip(after, before))
        note(f"PostgreSQL per acknowledged write: {commits / writes:.1f} commits (reads included), "
             f"{rollbacks / writes:.1f} rollbacks (serialization failures retried), {rows / writes:.1f} rows written, "
             f"{wal / writes / 1024:.1f} KiB of WAL")
        self.report.check(
            "steady load through both daemons", not errors and ok_calls,
            f"{self.args.writers * 2} writers: {len(ok_calls) / (end - begin):.0f} writes/s "
            f"(a {per_host['a']:.0f}/s, b {per_host['b']:.0f}/s), p50 {percentile(latencies, 0.5):.1f} ms, "
            f"p99 {percentile(latencies, 0.99):.1f} ms, {len(errors)} errors" + (f": {describe_errors(errors)}" if errors else ""))

    def postgres_restart(self):
        load = self.load("a", 2)
        time.sleep(2.0)
        stopped = time.monotonic()
        self.postgres.stop("fast")
        time.sleep(2.0)
        self.postgres.start()
        up = time.monotonic()
        recovered = {h: wait_for(lambda h=h: load.first_ok_after(h, up), 30) for h in self.hosts}
        time.sleep(1.5)
        self.finish(load, "(a) PostgreSQL restarted mid-load")
        window = load.calls.between(stopped, max([up] + [r for r in recovered.values() if r]))
        errors = [c for c in window if c[4] != 0]
        # Clear: UNAVAILABLE, and the message says the database (or the store) is what failed. A
        # call whose own deadline (5 s) passed while the daemon waited for the database may say
        # DEADLINE_EXCEEDED instead; any other answer is unclear.
        # The daemon's deadline timer starts when the request arrives, the client's when it is sent,
        # so at the 5 s mark the client's own "deadline exceeded waiting for the answer" and the
        # daemon's "deadline exceeded" race; either is clear when the call lasted its deadline (a
        # daemon that hung would show as a late recovery below, not here).
        unclear = [c for c in errors
                   if not (c[4] == int(StatusCode.UNAVAILABLE) and any(w in c[5] for w in ("database", "store")))
                   and not (c[4] == int(StatusCode.DEADLINE_EXCEEDED) and c[5] == "deadline exceeded")
                   and not (c[4] == int(StatusCode.DEADLINE_EXCEEDED) and c[5].startswith("deadline exceeded")
                            and c[1] - c[0] >= CALL_TIMEOUT - 0.05)]
        unavailable = [c for c in errors if c[4] == int(StatusCode.UNAVAILABLE)]
        self.report.check(
            "(a) calls during the restart fail UNAVAILABLE with a message naming the database",
            unavailable and not unclear,
            f"{len(errors)} failed calls: {describe_errors(errors)}"
            + (f"; unclear: {describe_errors(unclear)}" if unclear else "") if errors else "no call failed: the restart was not seen")
        after = [c for c in load.calls.between(up, float("inf")) if c[4] != 0 and c[0] >= up]
        self.report.check(
            "(a) both daemons serve again by themselves", all(recovered.values()),
            ", ".join(f"{h} {((r - up) * 1000):.0f} ms after PostgreSQL was up" if r else f"{h} not within 30 s"
                      for h, r in recovered.items())
            + f" (down {up - stopped:.1f} s); failed calls after it was up: {len(after)}"
            + (f" ({describe_errors(after)})" if after else ""))

    def link_cut(self, cut):
        other = "b" if cut == "a" else "a"
        load = self.load("b", 3)
        time.sleep(2.0)
        before = load.calls.between(time.monotonic() - 1.5, time.monotonic(), other)
        self.network.set_link(cut, "down")
        down = time.monotonic()
        # The server notices the silent peer by its keepalives (2 s idle, 3 probes 1 s apart) or
        # tcp_user_timeout (5 s), then ends its sessions, which frees the lock.
        takeover = wait_for(lambda: self.postgres.periodic_jobs_leaders() == [other], 8, interval=0.1)
        took = time.monotonic() - down
        time.sleep(max(0.0, 8.0 - (time.monotonic() - down)))
        self.network.set_link(cut, "up")
        restored = time.monotonic()
        recovered = wait_for(lambda: load.first_ok_after(cut, restored), 45)
        time.sleep(1.0)
        self.finish(load, f"(b) {cut}'s link cut mid-load")
        served = [c for c in load.calls.between(down, restored, other)]
        served_ok = [c for c in served if c[4] == 0 and c[0] >= down]
        served_err = [c for c in served if c[4] != 0]
        rate_before = sum(1 for c in before if c[4] == 0) / 1.5
        rate_during = len(served_ok) / (restored - down)
        self.report.check(
            f"(b) {other} keeps serving while {cut}'s link is down",
            served_ok and not served_err,
            f"{len(served_ok)} writes acknowledged by {other} in the {restored - down:.1f} s cut ({rate_during:.0f}/s; "
            f"{rate_before:.0f}/s before; its longest call {max([c[1] - c[0] for c in served] or [0]):.1f} s), "
            f"{len(served_err)} failed" + (f": {describe_errors(served_err)}" if served_err else ""))
        cut_calls = load.calls.between(down, restored, cut)
        self.report.check(
            f"(b) {cut} serves again after its link is back", recovered is not None,
            (f"first write acknowledged {((recovered - restored) * 1000):.0f} ms after the link came up; while down its "
             f"callers got: {describe_errors(cut_calls) or 'nothing (no call ended)'}")
            if recovered else "no write acknowledged within 45 s")
        self.report.check(
            f"(b) the periodic jobs moved to {other} while {cut} was cut off", takeover,
            f"{other} held the lock {took:.1f} s after the cut (server keepalives: 1 s idle + 2 x 1 s)" if takeover
            else f"leaders 8 s after the cut: {self.postgres.periodic_jobs_leaders()}")

    def kill_daemon(self, victim):
        survivor = "b" if victim == "a" else "a"
        load = self.load("c", 4)
        time.sleep(2.0)
        self.hosts[victim].kill()
        killed = time.monotonic()
        takeover = wait_for(lambda: self.postgres.periodic_jobs_leaders() == [survivor], 10, interval=0.1)
        took = time.monotonic() - killed
        time.sleep(max(0.0, 2.0 - (time.monotonic() - killed)))
        restarted = time.monotonic()
        self.hosts[victim].start()
        back = wait_for(lambda: load.first_ok_after(victim, restarted), 30)
        time.sleep(1.0)
        self.finish(load, f"(c) {victim} killed with SIGKILL mid-load")
        survivor_calls = load.calls.between(killed, restarted, survivor)
        failed = [c for c in survivor_calls if c[4] != 0]
        moved = [w for w in self.journal.all() if w["label"] == "c" and w["host"] == survivor
                 and w["key"].split("-")[1].startswith(victim) and w["attempts"] > 1]
        self.report.check(
            f"(c) {survivor} keeps serving while {victim} is dead", not failed and any(c[4] == 0 for c in survivor_calls),
            f"{sum(1 for c in survivor_calls if c[4] == 0)} writes acknowledged by {survivor}, {len(failed)} failed; "
            f"{len(moved)} writes of {victim}'s callers retried on {survivor} with their keys and acknowledged")
        self.report.check(
            f"(c) the periodic jobs moved to {survivor}", takeover,
            f"{survivor} held the lock {took:.1f} s after the kill" if takeover
            else f"leaders: {self.postgres.periodic_jobs_leaders()}")
        self.report.check(
            f"(c) {victim} restarted on the shared database and serves", back is not None,
            f"first write acknowledged {((back - restarted) * 1000):.0f} ms after the restart began" if back
            else "no write acknowledged within 30 s")

    # final checks

    def check_feed(self):
        changes, cursors = [], set()
        cursor = ""
        with Connection(self.hosts["b"].socket, token=self.token, timeout=60) as conn:
            while True:
                answer = conn.call("clientele.v1.Changes", "Follow", changes_pb2.FollowChangesRequest(
                    group_id=self.group_id, after_cursor=cursor, page_size=500), changes_pb2.FollowChangesResponse)
                for change in answer.changes:
                    changes.append((change.kind, change.object_id, change.version, change.deleted))
                    cursors.add(change.cursor)
                cursor = answer.next_cursor
                if not answer.changes and not answer.more:
                    break
        seen = {}
        for change in changes:
            seen[change] = seen.get(change, 0) + 1
        twice = [c for c, n in seen.items() if n > 1]
        created = {c[1] for c in changes if c[0] == changes_pb2.CHANGE_KIND_CLIENT_CREATED}
        posted = {c[1] for c in changes if c[0] == changes_pb2.CHANGE_KIND_LEDGER_ENTRY}
        missing = [w["key"] for w in self.journal.all()
                   if (w["kind"] == "create" and w["client_id"] not in created)
                   or (w["kind"] in ("credit", "charge") and w["entry_id"] not in posted)]
        self.report.check(
            "change feed read through B: every acknowledged create and entry once",
            not twice and not missing and len(cursors) == len(changes),
            f"{len(changes)} changes" + (f"; twice: {twice[:3]}" if twice else "")
            + (f"; missing {len(missing)}: {missing[:3]}" if missing else "")
            + (f"; {len(changes) - len(cursors)} repeated cursors" if len(cursors) != len(changes) else ""))

    def check_replays(self, sample=60):
        writes = self.journal.all()
        chosen = random.Random(7).sample(writes, min(sample, len(writes)))
        different = []
        conns = {h: Connection(self.hosts[h].socket, token=self.token, timeout=30) for h in self.hosts}
        for w in chosen:
            other = "b" if w["host"] == "a" else "a"
            answer = conns[other].call_raw(w["service"], w["method"], base64.b64decode(w["request"]),
                                           idempotency_key=w["key"])
            if answer != base64.b64decode(w["response"]):
                different.append(w["key"])
        for c in conns.values():
            c.close()
        self.report.check(
            "acknowledged writes replayed on the other daemon answer the same bytes", not different,
            f"{len(chosen)} replays" + (f"; different: {different[:5]}" if different else ", all identical"))

    def note_sizes(self):
        """Bytes per row (tables with their indexes) of the busiest tables, for sizing."""
        parts = []
        for table in ("clients", "contacts", "ledger_entries", "audit_entries", "changes", "idempotency_keys"):
            rows, size = self.postgres.sql(
                f"SELECT count(*), pg_total_relation_size('{table}') FROM {table}")[0]
            if int(rows):
                parts.append(f"{table} {int(size) / int(rows):.0f} B/row ({rows} rows)")
        total = int(self.postgres.sql("SELECT pg_database_size('clientele')")[0][0])
        note(f"database {total / 2**20:.0f} MiB; with indexes: " + ", ".join(parts))

    def stop_daemons(self):
        codes = {h: host.daemon.stop() for h, host in self.hosts.items()}
        self.report.check("both daemons stop cleanly on SIGTERM", all(c == 0 for c in codes.values()),
                          ", ".join(f"{h} exited {c}" for h, c in codes.items()))

    def run_all(self):
        """Every check, in order."""
        self.check_one_leader()
        self.check_revocation()
        self.check_change_feed_follower()
        self.check_idempotency()
        self.check_version_race()
        self.check_billing_race()
        self.steady(self.args.steady_seconds)
        self.ensure_running("(a)")
        self.postgres_restart()
        self.ensure_running("(b)")
        leader = self.check_one_leader("periodic jobs: one daemon holds the lock after the restart")
        self.link_cut(leader or "a")
        self.ensure_running("(c)")
        leader = self.check_one_leader("periodic jobs: one daemon holds the lock after the link is back")
        self.kill_daemon(leader or "b")
        self.check_one_leader("periodic jobs: one daemon holds the lock after the restart of the killed one")
        self.ensure_running("the checks after the failures")
        suffix = " (after the failures)"
        self.check_revocation("a", "b", suffix)
        self.check_revocation("b", "a", suffix)
        self.check_change_feed_follower("a", "b", suffix)
        self.check_change_feed_follower("b", "a", suffix)
        self.check_feed()
        self.check_replays()
        self.note_sizes()
        self.stop_daemons()

    # tear-down

    def teardown(self):
        for host in self.hosts.values():
            process = host.daemon.process
            if process is not None and process.poll() is None:
                process.kill()
                process.wait()
        if self.postgres.running():
            try:
                self.postgres.stop("immediate")
            except RuntimeError:
                pass
        self.network.down()
        if self.args.keep:
            print(f"work folder kept: {self.work}", file=sys.stderr)
        else:
            shutil.rmtree(self.work, ignore_errors=True)

    def dump_logs(self):
        for name, host in self.hosts.items():
            print(f"--- daemon {name} log (tail)\n{host.daemon.log()}", file=sys.stderr)
        try:
            with open(os.path.join(self.postgres.dir, "server.log"), errors="replace") as f:
                print(f"--- PostgreSQL log (tail)\n{f.read()[-3000:]}", file=sys.stderr)
        except OSError:
            pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--daemon", required=True)
    parser.add_argument("--prefix", required=True, help="namespace names: PREFIX-sw, -pg, -a, -b")
    parser.add_argument("--work", help="an empty folder for the run (default: a new temporary one)")
    parser.add_argument("--writers", type=int, default=3, help="writers per daemon")
    parser.add_argument("--steady-seconds", type=float, default=4.0)
    parser.add_argument("--measure", action="store_true",
                        help="only the steady load (writes/s through both daemons) and its journal check")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (journal, logs, cluster)")
    args = parser.parse_args()

    def terminated(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, terminated)
    began = time.monotonic()
    test = Run(args)
    crashed = None
    try:
        test.setup()
        test.bootstrap()
        if args.measure:
            test.steady(args.steady_seconds)
            test.stop_daemons()
        else:
            test.run_all()
    except BaseException as error:  # noqa: BLE001 - reported, then torn down
        crashed = error
        test.report.check("the run itself", False, f"{type(error).__name__}: {error}")
    finally:
        if test.report.failed:
            test.dump_logs()
        test.teardown()
    print(f"test-multihost: {test.report.passed} passed, {test.report.failed} failed in "
          f"{time.monotonic() - began:.0f} s", flush=True)
    if crashed is not None and not isinstance(crashed, Exception):
        sys.exit(130)
    sys.exit(1 if test.report.failed else 0)


if __name__ == "__main__":
    main()
