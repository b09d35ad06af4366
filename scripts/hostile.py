"""Hostile clients against a real clienteled (driver of scripts/hostile-test).

  python3 scripts/hostile.py run --daemon PATH [--seconds S] [--silent N] [--ci] [--keep]

Starts the daemon, bootstraps a group, then runs phases. In each, a well-behaved
client (the probe: Health and GetClient in turn, one call at a time, a 2 ms pause
between calls, its own process and connection) measures its latencies while
attackers, each in its own process, misbehave:

  idle         no attacker: the baseline
  silent       N connections opened and left silent
  half frames  connections that send a header and part of the body, then stop
               (each must be closed by the daemon within the frame timeout)
  oversize     headers declaring 4 GiB (each must be answered RESOURCE_EXHAUSTED
               and closed at the frame timeout), and 5 MiB frames sent whole
               (answered RESOURCE_EXHAUSTED; the connection then still works)
  flood        connections pipelining 3 x the in-flight limit of GetClient at once,
               again and again (each call answered: OK or RESOURCE_EXHAUSTED)
  flood elsewhere
               the same flood sent to a second daemon while the probe calls the first,
               idle one: what the host's busy cores alone cost the probe, the floor under
               the flood phase (no daemon can keep its callers below it)
  non-reader   connections that pipeline ListClients and never read the answers
  all at once  every attacker above but the flood elsewhere, together

Attackers run at nice 10 (see spawn). Checks: no probe call fails; the probe's
p99 in the silent, half-frame and oversize phases is within max(3 x idle p99, idle p99 + FLOOR_MS) (the floor absorbs
scheduling noise of a shared 2-core machine when the idle p99 is a fraction of a
millisecond); in the CPU-flood phases (flood, flood elsewhere, non-reader, all at once) the 3 x
verdict is printed but not asserted, and p99 must stay under --flood-guard-ms; every
attacker saw what it should; the daemon's peak RSS (VmHWM) stays under RSS_BOUND_MIB
and it still answers afterwards. Prints a table; exit status 1 on any failure.
"""

import argparse
import json
import os
import resource
import select
import shlex
import socket
import struct
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))

from reliability import (  # noqa: E402
    ClienteleError,
    Connection,
    Daemon,
    MemorySampler,
    make_work_dir,
    percentile,
    setup_group,
    stop_daemon_and_clean_up,
)
from clientele_client import clients_pb2, health_pb2, ttrpc_pb2  # noqa: E402

HEADER = struct.Struct(">IIBB")
FRAME_TIMEOUT = 2.0
IN_FLIGHT_LIMIT = 1024  # the daemon's default --max-calls-per-connection
FLOOR_MS = 5.0
# Phases whose attackers keep both cores busy with calls a daemon must serve. There the
# 3 x idle p99 target is reported, not asserted (not met on 2 cores: see the README); the
# assertion is a guard on the fair call slots: p99 under --flood-guard-ms.
CPU_FLOODS = {"flood", "flood elsewhere", "non-reader", "all at once"}
# Phases whose attackers call a second daemon, not the one the probe calls.
ELSEWHERE = {"flood elsewhere"}
RSS_BOUND_MIB = 512
RESOURCE_EXHAUSTED = 8


# ---- frames ---------------------------------------------------------------------------


def request_frame(stream_id, service, method, message, token=None):
    envelope = ttrpc_pb2.Request(service=service, method=method, payload=message.SerializeToString())
    if token:
        envelope.metadata.add(key="authorization", value="Bearer " + token)
    body = envelope.SerializeToString()
    return HEADER.pack(len(body), stream_id, 1, 0) + body


class FrameCounter:
    """Reads answers off a socket and counts them by status code."""

    def __init__(self):
        self.buffer = bytearray()
        self.codes = {}
        self.answers = 0

    def feed(self, data):
        self.buffer += data
        while len(self.buffer) >= HEADER.size:
            length, _, _, _ = HEADER.unpack_from(self.buffer)
            if len(self.buffer) < HEADER.size + length:
                break
            body = bytes(self.buffer[HEADER.size:HEADER.size + length])
            del self.buffer[:HEADER.size + length]
            code = ttrpc_pb2.Response.FromString(body).status.code
            self.codes[code] = self.codes.get(code, 0) + 1
            self.answers += 1


def wait_closed(sockets, seconds):
    """Waits up to `seconds` for the daemon to close each socket; returns the seconds each took (None: open)."""
    start = time.monotonic()
    closed = {}
    poller = select.poll()
    by_fd = {s.fileno(): s for s in sockets}
    for fd in by_fd:
        poller.register(fd, select.POLLIN | select.POLLHUP)
    while len(closed) < len(by_fd):
        left = start + seconds - time.monotonic()
        if left <= 0:
            break
        for fd, _ in poller.poll(left * 1000):
            if fd in closed:
                continue
            try:
                data = by_fd[fd].recv(65536)
            except OSError:
                data = b""
            if not data:
                closed[fd] = time.monotonic() - start
                poller.unregister(fd)
    return [closed.get(fd) for fd in by_fd]


# ---- attackers (each runs in its own process) ------------------------------------------


def attack_silent(args):
    sockets, refused = [], 0
    for _ in range(args.count):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(args.socket)
            sockets.append(s)
        except OSError:
            refused += 1
            s.close()
    opened = len(sockets)
    time.sleep(max(0.0, args.deadline - time.time()))
    # Still open: no EOF waiting on them.
    readable = {fd for fd, _ in _poll_all(sockets, 0)}
    still_open = sum(1 for s in sockets if s.fileno() not in readable)
    for s in sockets:
        s.close()
    return {"opened": opened, "refused": refused, "still_open": still_open,
            "ok": refused == 0 and still_open == opened}


def _poll_all(sockets, timeout_ms, events=select.POLLIN | select.POLLHUP):
    poller = select.poll()
    for s in sockets:
        poller.register(s.fileno(), events)
    return poller.poll(timeout_ms)


def attack_half(args):
    rounds, total, late, slowest = 0, 0, 0, 0.0
    while time.time() + FRAME_TIMEOUT + 1 < args.deadline or rounds == 0:
        sockets = []
        for n in range(args.count):
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(args.socket)
            s.sendall(HEADER.pack(1000, 2 * n + 1, 1, 0) + b"x" * 10)
            sockets.append(s)
        times = wait_closed(sockets, FRAME_TIMEOUT + 3)
        for s in sockets:
            s.close()
        rounds += 1
        total += len(times)
        late += sum(1 for t in times if t is None)
        slowest = max([slowest] + [t for t in times if t is not None])
    return {"rounds": rounds, "connections": total, "not_closed": late, "slowest_close_s": round(slowest, 2),
            "ok": late == 0}


def attack_oversize(args):
    huge_ok = huge_total = discard_ok = discard_total = discard_timed_out = 0
    health = request_frame(3, "clientele.v1.Health", "Check", health_pb2.HealthCheckRequest())
    while time.time() + FRAME_TIMEOUT + 1 < args.deadline or huge_total == 0:
        # A header declaring 4 GiB: answered at once, closed when the body never comes.
        sockets = []
        for _ in range(args.count):
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(args.socket)
            s.sendall(HEADER.pack(0xFFFFFFFF, 1, 1, 0))
            sockets.append(s)
        for s in sockets:
            s.settimeout(FRAME_TIMEOUT + 3)
            counter = FrameCounter()
            try:
                while counter.answers == 0:
                    data = s.recv(65536)
                    if not data:
                        break
                    counter.feed(data)
                s.settimeout(None)
                closed = wait_closed([s], FRAME_TIMEOUT + 3)[0] is not None
            except OSError:
                closed = False
            huge_total += 1
            if counter.codes.get(RESOURCE_EXHAUSTED) == 1 and closed:
                huge_ok += 1
            s.close()
        # A 5 MiB frame sent whole: refused, skipped, and the next call on the connection answered.
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(args.socket)
        s.settimeout(10)
        size = 5 << 20
        counter = FrameCounter()
        started = time.time()
        sent_in = None
        try:
            s.sendall(HEADER.pack(size, 1, 1, 0) + b"\0" * size + health)
            sent_in = time.time() - started
            while counter.answers < 2:
                data = s.recv(65536)
                if not data:
                    break
                counter.feed(data)
        except OSError:
            pass
        discard_total += 1
        if counter.codes.get(RESOURCE_EXHAUSTED) == 1 and counter.codes.get(0) == 1:
            discard_ok += 1
        elif (sent_in if sent_in is not None else time.time() - started) >= FRAME_TIMEOUT:
            # Sending the 5 MiB took longer than the frame timeout (a loaded debug daemon
            # reads slowly while every attack runs): closing the connection is then the
            # daemon's documented answer, not a failure.
            discard_ok += 1
            discard_timed_out += 1
        s.close()
    return {"4GiB_headers": huge_total, "answered_and_closed": huge_ok, "5MiB_frames": discard_total,
            "skipped_then_served": discard_ok - discard_timed_out, "closed_after_frame_timeout": discard_timed_out,
            "ok": huge_ok == huge_total and discard_ok == discard_total}


def attack_flood(args):
    depth = 3 * IN_FLIGHT_LIMIT
    request = clients_pb2.GetClientRequest(client_id=args.client_id)
    results = []

    def one_connection():
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(args.socket)
        counter = FrameCounter()
        stream, sent, batches = 1, 0, 0
        while time.time() < args.deadline:
            batch = bytearray()
            for _ in range(depth):
                batch += request_frame(stream, "clientele.v1.Clients", "GetClient", request, args.token)
                stream += 2
            sender = threading.Thread(target=s.sendall, args=(bytes(batch),))
            sender.start()
            sent += depth
            while counter.answers < sent:
                data = s.recv(1 << 20)
                if not data:
                    break
                counter.feed(data)
            sender.join()
            batches += 1
            if counter.answers < sent:
                break
        s.close()
        results.append((sent, counter))

    threads = [threading.Thread(target=one_connection) for _ in range(args.count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    sent = sum(r[0] for r in results)
    answered = sum(r[1].answers for r in results)
    codes = {}
    for _, counter in results:
        for code, n in counter.codes.items():
            codes[code] = codes.get(code, 0) + n
    unexpected = sum(n for code, n in codes.items() if code not in (0, RESOURCE_EXHAUSTED))
    return {"sent": sent, "answered": answered, "ok_answers": codes.get(0, 0),
            "resource_exhausted": codes.get(RESOURCE_EXHAUSTED, 0), "other": unexpected,
            "ok": answered == sent and unexpected == 0 and sent > 0}


def attack_nonreader(args):
    request = clients_pb2.ListClientsRequest(group_id=args.group_id, page_size=500)
    sockets, pending, accepted = [], [], 0
    for _ in range(args.count):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(args.socket)
        s.setblocking(False)
        batch = b"".join(
            request_frame(2 * n + 1, "clientele.v1.Clients", "ListClients", request, args.token)
            for n in range(IN_FLIGHT_LIMIT)
        )
        sockets.append(s)
        pending.append(memoryview(batch))
    # Keep pushing requests while the daemon takes them; never read an answer.
    while time.time() < args.deadline:
        for n, s in enumerate(sockets):
            if not pending[n]:
                continue
            try:
                sent = s.send(pending[n])
                accepted += sent
                pending[n] = pending[n][sent:]
            except BlockingIOError:
                pass
        time.sleep(0.05)
    # Closed by the daemon once their unread answers passed its limit (the answers stay unread).
    hung_up = {fd for fd, events in _poll_all(sockets, 0, select.POLLRDHUP) if events & (select.POLLRDHUP | select.POLLHUP)}
    closed = sum(1 for s in sockets if s.fileno() in hung_up)
    for s in sockets:
        s.close()
    # Whether a connection passed the unread limit within the phase depends on how fast the
    # daemon got through its calls; memory is checked by the run (VmHWM), the closing by
    # the Swift test ServerHardeningTests.unreadAnswers.
    return {"connections": len(sockets), "request_bytes_accepted": accepted, "closed_by_daemon": closed, "ok": True}


ATTACKS = {
    "silent": attack_silent,
    "half": attack_half,
    "oversize": attack_oversize,
    "flood": attack_flood,
    "nonreader": attack_nonreader,
}


# ---- the probe -------------------------------------------------------------------------


def probe(args):
    latencies, errors, first_error = [], 0, None
    request = clients_pb2.GetClientRequest(client_id=args.client_id)
    with Connection(args.socket, token=args.token, timeout=10) as conn:
        conn.call("clientele.v1.Health", "Check", health_pb2.HealthCheckRequest(), health_pb2.HealthCheckResponse)
        end = time.monotonic() + args.seconds
        n = 0
        while time.monotonic() < end:
            start = time.perf_counter()
            try:
                if n % 2 == 0:
                    conn.call("clientele.v1.Health", "Check", health_pb2.HealthCheckRequest(),
                              health_pb2.HealthCheckResponse)
                else:
                    conn.call("clientele.v1.Clients", "GetClient", request, clients_pb2.Client)
                latencies.append((time.perf_counter() - start) * 1000)
            except ClienteleError as error:
                errors += 1
                first_error = first_error or f"{error.code.name}: {error.message}"
            n += 1
            time.sleep(0.002)
    return {"calls": len(latencies) + errors, "errors": errors, "first_error": first_error,
            "p50_ms": percentile(latencies, 0.5), "p99_ms": percentile(latencies, 0.99),
            "max_ms": max(latencies) if latencies else 0.0}


# ---- the run ---------------------------------------------------------------------------


def spawn(role, kind, common, **options):
    # Attackers run at nice 10: on a 2-core host a CPU-bound Python attacker would
    # otherwise measure the kernel's scheduling of the probe, not the daemon's.
    command = ["nice", "-n", "10"] if role == "attack" else []
    command += [sys.executable, __file__, role]
    if kind:
        command.append(kind)
    for key, value in {**common, **options}.items():
        command += [f"--{key.replace('_', '-')}", str(value)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, text=True)


def collect(process):
    out, _ = process.communicate()
    if process.returncode != 0 or not out.strip():
        return {"ok": False, "error": f"exited with {process.returncode}"}
    return json.loads(out.strip().splitlines()[-1])


def run(args):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = args.silent + 1000
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(want, soft)), hard))
    soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    if soft < want:
        print(f"hostile: open-file limit {soft} < {want}; raise it (ulimit -n) or lower --silent", file=sys.stderr)
        return 1

    work = make_work_dir("clientele-hostile.")
    daemon = Daemon(args.daemon, work, [
        "--max-connections", str(args.silent + 500), "--max-connections-per-uid", str(args.silent + 500),
        "--frame-timeout", str(FRAME_TIMEOUT), "--idle-timeout", "300",
    ] + args.daemon_arg)
    other = None  # the daemon of "flood elsewhere", started with that phase
    failures = []
    rows = []
    try:
        daemon.start()
        group_id, token, client_ids = setup_group(daemon.socket, clients=args.clients)
        sampler = MemorySampler(daemon).start()
        common = {"socket": daemon.socket, "token": token, "client_id": client_ids[0], "group_id": group_id}
        elsewhere = None
        S = args.seconds
        attackers = {
            "silent": [("silent", {"count": args.silent})],
            "half frames": [("half", {"count": 200})],
            "oversize": [("oversize", {"count": 50})],
            "flood": [("flood", {"count": 2})],
            "flood elsewhere": [("flood", {"count": 2})],
            "non-reader": [("nonreader", {"count": 4})],
        }
        attackers["all at once"] = [a for name in list(attackers) if name not in ELSEWHERE for a in attackers[name]]
        idle = None
        phases = ["idle"] + [p for p in attackers if not args.phases or p in args.phases]
        for phase in phases:
            start = time.monotonic()
            target = common
            if phase in ELSEWHERE:
                if elsewhere is None:
                    try:
                        other_work = make_work_dir("clientele-hostile-other.")
                        other = Daemon(args.daemon, other_work, args.daemon_arg,
                                       prefix=shlex.split(args.other_daemon_prefix or ""))
                        other.start()
                        other_group, other_token, other_clients = setup_group(other.socket, clients=args.clients)
                    except Exception as error:  # noqa: BLE001 - reported, and the run goes on
                        failures.append(f"{phase}: the second daemon did not start: {error}")
                        continue
                    elsewhere = {"socket": other.socket, "token": other_token, "client_id": other_clients[0],
                                 "group_id": other_group}
                target = elsewhere
            deadline = time.time() + S + 1.0
            running = [(kind, spawn("attack", kind, target, deadline=deadline, **opts))
                       for kind, opts in attackers.get(phase, [])]
            time.sleep(1.0 if running else 0)
            probe_process = spawn("probe", None, common, seconds=S)
            measured = collect(probe_process)
            results = [(kind, collect(p)) for kind, p in running]
            peak = sampler.peak_between(start, time.monotonic()) / 1024
            if phase == "idle":
                idle = measured
            bound = max(3 * idle["p99_ms"], idle["p99_ms"] + FLOOR_MS)
            row = {"phase": phase, "probe": measured, "bound_ms": bound, "peak_rss_mib": peak,
                   "attackers": results, "open_fds": daemon.open_files()}
            rows.append(row)
            row["within_3x"] = measured.get("p99_ms", float("inf")) <= bound
            if measured.get("errors", 1) or "p99_ms" not in measured:
                failures.append(f"{phase}: the probe failed ({measured.get('first_error')})")
            elif phase in CPU_FLOODS:
                if measured["p99_ms"] > args.flood_guard_ms:
                    failures.append(f"{phase}: probe p99 {measured['p99_ms']:.2f} ms > flood guard {args.flood_guard_ms} ms")
            elif not row["within_3x"]:
                failures.append(f"{phase}: probe p99 {measured['p99_ms']:.2f} ms > bound {bound:.2f} ms")
            for kind, result in results:
                if not result.get("ok"):
                    failures.append(f"{phase}: attacker {kind}: {json.dumps(result)}")
            print(json.dumps(row), file=sys.stderr)
        sampler.stop()
        hwm = daemon.status("VmHWM") / 1024
        try:
            with Connection(daemon.socket, token=token, timeout=10) as conn:
                conn.call("clientele.v1.Clients", "GetClient",
                          clients_pb2.GetClientRequest(client_id=client_ids[0]), clients_pb2.Client)
        except ClienteleError as error:
            failures.append(f"after the attacks the daemon does not answer: {error}")
        if hwm > RSS_BOUND_MIB:
            failures.append(f"peak RSS (VmHWM) {hwm:.0f} MiB > bound {RSS_BOUND_MIB} MiB")
        print_table(rows, hwm)
        by_phase = {row["phase"]: row["probe"].get("p99_ms") for row in rows}
        if by_phase.get("flood") and by_phase.get("flood elsewhere"):
            print(f"flood p99 ÷ flood elsewhere p99: {by_phase['flood'] / by_phase['flood elsewhere']:.2f} "
                  "(the daemon's own share of the flood's tail; 1 = none beyond the host's)")
        if daemon.process.poll() is not None:
            failures.append(f"the daemon exited with {daemon.process.returncode}")
    except Exception as error:  # noqa: BLE001 - any setup failure fails the test
        failures.append(f"{type(error).__name__}: {error}")
    finally:
        try:
            if other is not None:
                other_failures = []
                stop_daemon_and_clean_up(other, other.work, args.keep, other_failures)
                failures += [f"second daemon: {failure}" for failure in other_failures]
        finally:
            stop_daemon_and_clean_up(daemon, work, args.keep, failures)
    for failure in failures:
        print(f"FAIL {failure}")
    print(f"hostile: {len(rows)} phases, {len(failures)} failures")
    return 1 if failures else 0


def print_table(rows, hwm):
    print("| phase | probe calls | p50 ms | p99 ms | max ms | 3× bound ms | within 3× | peak RSS MiB | daemon fds | attackers |")
    print("|---|---:|---:|---:|---:|---:|---|---:|---:|---|")
    for row in rows:
        p = row["probe"]
        what = "; ".join(
            f"{kind}: " + ", ".join(f"{k}={v}" for k, v in r.items() if k != "ok") for kind, r in row["attackers"]
        ) or "-"
        print(f"| {row['phase']} | {p.get('calls', 0)} | {p.get('p50_ms', 0):.2f} | {p.get('p99_ms', 0):.2f} | "
              f"{p.get('max_ms', 0):.2f} | {row['bound_ms']:.2f} | {'yes' if row.get('within_3x') else 'no'} | "
              f"{row['peak_rss_mib']:.0f} | {row['open_fds']} | "
              f"{what} |")
    print(f"\ndaemon peak RSS (VmHWM): {hwm:.0f} MiB (bound {RSS_BOUND_MIB} MiB)")


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="role", required=True)
    r = sub.add_parser("run")
    r.add_argument("--daemon", required=True)
    r.add_argument("--seconds", type=float, default=10)
    r.add_argument("--silent", type=int, default=3000)
    r.add_argument("--clients", type=int, default=200)
    r.add_argument("--keep", action="store_true")
    r.add_argument("--flood-guard-ms", type=float, default=60,
                   help="most p99 allowed in the CPU-flood phases (release: 60, about 10 x what they measure now; "
                        "scripts/hostile-test gives a debug daemon 1500)")
    r.add_argument("--phases", nargs="*", help="only these phases (after idle), e.g. flood non-reader")
    r.add_argument("--daemon-arg", action="append", default=[], help="an extra clienteled argument (repeatable)")
    r.add_argument("--other-daemon-prefix", help='a command that runs the daemon of "flood elsewhere", '
                   'e.g. "chrt -i 0" (SCHED_IDLE) or "nice -n 10"')
    p = sub.add_parser("probe")
    a = sub.add_parser("attack")
    a.add_argument("kind", choices=sorted(ATTACKS))
    a.add_argument("--deadline", type=float, required=True)
    a.add_argument("--count", type=int, default=1)
    for parser_ in (p, a):
        for name in ("--socket", "--token", "--client-id", "--group-id"):
            parser_.add_argument(name, required=True)
        parser_.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    if args.role == "run":
        return run(args)
    result = probe(args) if args.role == "probe" else ATTACKS[args.kind](args)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
