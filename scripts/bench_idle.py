"""The idle-connection benchmark behind scripts/bench-idle (see its header).

Opens N connections to a release clienteled, makes one Health/Check on each
(so that every connection is admitted and its state built), leaves them idle,
and measures the daemon's RSS before and after, and the latency of calls on a
fresh connection against the same daemon idle (containerd's Go client,
clientele-loadgen, one caller): with the N connections open, then after
closing them. Prints JSON lines (stderr) and a Markdown table (stdout)."""

import argparse
import json
import os
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import time


def varint(n):
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def health_check_frame(stream_id):
    """A ttrpc request frame (10-byte header + ttrpc.Request) for clientele.v1.Health/Check, empty message."""
    body = b""
    for field, text in ((1, b"clientele.v1.Health"), (2, b"Check")):
        body += bytes([field << 3 | 2]) + varint(len(text)) + text
    return struct.pack(">IIBB", len(body), stream_id, 1, 0) + body


def read_frame(sock):
    header = b""
    while len(header) < 10:
        chunk = sock.recv(10 - len(header))
        if not chunk:
            raise ConnectionError("closed before an answer")
        header += chunk
    length, stream_id, kind, _ = struct.unpack(">IIBB", header)
    body = b""
    while len(body) < length:
        chunk = sock.recv(length - len(body))
        if not chunk:
            raise ConnectionError("closed mid-answer")
        body += chunk
    # Response: field 1 = status (absent on success), field 2 = payload.
    return stream_id, kind, body


def rss_kib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--daemon", required=True)
    parser.add_argument("--loadgen", required=True)
    parser.add_argument("--connections", type=int, default=10_000)
    parser.add_argument("--duration", type=float, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="clientele-idle-")
    path = f"{work}/d.sock"
    limit = args.connections + 100
    daemon = subprocess.Popen([args.daemon, "--socket", path, "--data-dir", f"{work}/data", "--log-level", "warning",
                               "--max-connections", str(limit), "--max-connections-per-uid", str(limit)],
                              stdout=subprocess.DEVNULL)
    sockets = []
    try:
        for _ in range(200):
            if os.path.exists(path):
                break
            time.sleep(0.1)

        def fresh(label):
            """Calls on a fresh connection (the Go client, one caller); the p50 of `rounds` runs' p50s."""
            runs = []
            for _ in range(args.rounds):
                out = subprocess.run([args.loadgen, "-socket", path, "-duration", f"{args.duration}s",
                                      "-warmup", "0.3s"], capture_output=True, text=True, check=True).stdout
                runs.append(json.loads(out))
                print(json.dumps({"phase": label, **runs[-1]}), file=sys.stderr)
            return statistics.median(r["p50_us"] for r in runs), statistics.median(r["p99_us"] for r in runs)

        def first_call_ms(count=50):
            """Connect and one Health/Check, from nothing: the median of `count` fresh connections, in ms."""
            times = []
            for _ in range(count):
                began = time.perf_counter()
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect(path)
                s.sendall(health_check_frame(1))
                read_frame(s)
                times.append((time.perf_counter() - began) * 1000)
                s.close()
            return statistics.median(times)

        fresh("warm-up")
        time.sleep(1)
        rss_idle = rss_kib(daemon.pid)
        idle_p50, idle_p99 = fresh("idle")
        idle_first = first_call_ms()

        began = time.perf_counter()
        for i in range(args.connections):
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(path)
            s.sendall(health_check_frame(1))
            sockets.append(s)
            if len(sockets) % 1000 == 0:
                # Read the answers of this thousand: every connection admitted, none refused.
                for t in sockets[-1000:]:
                    _, kind, body = read_frame(t)
                    if kind != 2 or body[:1] == b"\x0a":
                        raise SystemExit(f"bench-idle: connection {len(sockets)} was refused: {body!r}")
        for t in sockets[len(sockets) // 1000 * 1000:]:
            read_frame(t)
        opened_s = time.perf_counter() - began
        time.sleep(2)
        rss_open = rss_kib(daemon.pid)
        open_p50, open_p99 = fresh("10k open")
        open_first = first_call_ms()
        rss_open_after_calls = rss_kib(daemon.pid)

        for s in sockets:
            s.close()
        sockets = []
        time.sleep(2)
        rss_closed = rss_kib(daemon.pid)
        closed_p50, _ = fresh("closed again")

        n = args.connections
        delta_mib = (rss_open - rss_idle) / 1024
        print()
        print(f"{n:,} idle connections (each made one Health/Check, opened in {opened_s:.1f} s); "
              f"fresh connection: Go client, one caller, median of {args.rounds} runs of {args.duration:g} s")
        print()
        print("| measurement | daemon idle | with the connections open | ratio / delta |")
        print("|---|---|---|---|")
        print(f"| daemon RSS | {rss_idle / 1024:.1f} MiB | {rss_open / 1024:.1f} MiB | "
              f"+{delta_mib:.1f} MiB ({(rss_open - rss_idle) / n:.1f} KiB per connection) |")
        print(f"| p50 of calls on a fresh connection | {idle_p50:.0f} µs | {open_p50:.0f} µs | "
              f"{open_p50 / idle_p50:.2f}× |")
        print(f"| p99 of calls on a fresh connection | {idle_p99:.0f} µs | {open_p99:.0f} µs | "
              f"{open_p99 / idle_p99:.2f}× |")
        print(f"| connect + first call (Python, median of 50) | {idle_first:.2f} ms | {open_first:.2f} ms | "
              f"{open_first / idle_first:.2f}× |")
        print()
        print(f"after closing them: RSS {rss_closed / 1024:.1f} MiB, fresh-connection p50 {closed_p50:.0f} µs "
              f"(RSS after the fresh-connection runs with them open: {rss_open_after_calls / 1024:.1f} MiB)")
        print()
        print("| target | measured | met |")
        print("|---|---|---|")
        print(f"| RSS ≤ 100 MiB above idle with {n:,} connections | +{delta_mib:.1f} MiB | "
              f"{'yes' if delta_mib <= 100 else '**no**'} |")
        ratio = open_p50 / idle_p50
        print(f"| fresh connection's p50 ≤ 2× idle | {ratio:.2f}× | {'yes' if ratio <= 2 else '**no**'} |")
    finally:
        for s in sockets:
            s.close()
        daemon.send_signal(signal.SIGTERM)
        try:
            daemon.wait(timeout=30)
        except subprocess.TimeoutExpired:
            daemon.kill()
        subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    main()
