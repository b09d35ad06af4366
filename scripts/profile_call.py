"""The per-call cost behind scripts/profile-call (see its header): one caller
(containerd's Go ttrpc client, clientele-loadgen) making Health/Check calls
against our daemon and against the Go reference server, in alternating rounds.
Per call: the server's syscalls by kind (strace -f -y), its context switches
by thread and CPU time (perf stat --per-thread -e context-switches,task-clock).
Prints JSON lines (stderr) and a Markdown table of medians (stdout)."""

import argparse
import collections
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--daemon", required=True)
    parser.add_argument("--go-bin", required=True)
    parser.add_argument("--duration", type=float, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--callers", type=int, default=1)
    parser.add_argument("--baseline", help="another clienteled to profile beside --daemon")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="clientele-profile-")
    servers = {
        "ours": ([args.daemon, "--socket", f"{work}/ours.sock", "--data-dir", f"{work}/data",
                  "--log-level", "warning"], f"{work}/ours.sock"),
        "go": ([f"{args.go_bin}/clientele-refserver", "-socket", f"{work}/go.sock"], f"{work}/go.sock"),
    }
    if args.baseline:
        servers["baseline"] = ([args.baseline, "--socket", f"{work}/base.sock", "--data-dir", f"{work}/base-data",
                                "--log-level", "warning"], f"{work}/base.sock")
    processes = {}
    try:
        for name, (command, _) in servers.items():
            processes[name] = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            if all(os.path.exists(socket) for _, socket in servers.values()):
                break
            time.sleep(0.1)
        loadgen = f"{args.go_bin}/clientele-loadgen"

        def load(socket, duration):
            out = subprocess.run([loadgen, "-socket", socket, "-callers", str(args.callers), "-duration",
                                  f"{duration}s", "-warmup", "0"], capture_output=True, text=True, check=True)
            return json.loads(out.stdout)

        for _, socket in servers.values():
            load(socket, 1)  # warm up: connections, caches, the JIT-free but lazy runtimes

        rows = collections.defaultdict(list)
        order = list(servers)
        for round_ in range(args.rounds):
            for name in order if round_ % 2 == 0 else order[::-1]:
                pid, socket = processes[name].pid, servers[name][1]
                row = perf_stat(pid, loadgen, socket, args, work)
                row.update(strace(pid, lambda: load(socket, args.duration), work))
                row["server"] = name
                print(json.dumps(row), file=sys.stderr)
                rows[name].append(row)
        report(rows, args)
    finally:
        for process in processes.values():
            process.send_signal(signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        subprocess.run(["rm", "-rf", work])


def perf_stat(pid, loadgen, socket, args, work):
    """Context switches by thread and CPU time of the server over one loadgen run, per call."""
    out = f"{work}/perf.txt"
    before = cpu_ticks(pid)
    done = subprocess.run(["perf", "stat", "--per-thread", "-x", ",", "-e", "context-switches,task-clock",
                           "-p", str(pid), "-o", out, "--", loadgen, "-socket", socket, "-callers",
                           str(args.callers), "-duration", f"{args.duration}s", "-warmup", "0"],
                          capture_output=True, text=True, check=True)
    after = cpu_ticks(pid)
    result = json.loads(done.stdout)
    calls = result["calls"]
    tick_us = 1e6 / os.sysconf("SC_CLK_TCK")
    switches = collections.Counter()
    cpu_ms = 0.0
    for line in open(out):
        fields = line.strip().split(",")
        if len(fields) < 4 or fields[1].startswith("<"):
            continue
        thread = re.sub(r"-\d+$", "", fields[0].strip())
        # Thread names of one kind are numbered: NIO-ELT-1-#2, the dispatch pool's.
        if fields[3] == "context-switches":
            switches[thread] += float(fields[1])
        elif fields[3] == "task-clock":
            cpu_ms += float(fields[1])
    busy = {t: n / calls for t, n in switches.items() if n / calls >= 0.05}
    return {"calls_perf": calls, "p50_us": result["p50_us"], "calls_per_sec": result["calls_per_sec"],
            "context_switches": sum(switches.values()) / calls, "switching_threads": busy,
            "cpu_us": cpu_ms * 1000 / calls, "user_us": (after[0] - before[0]) * tick_us / calls,
            "system_us": (after[1] - before[1]) * tick_us / calls}


def cpu_ticks(pid):
    """The process's user and system time so far, in clock ticks (/proc/PID/stat)."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return int(fields[11]), int(fields[12])


SYSCALL = re.compile(r"^\d+\s+(\w+)\((\d+)?(<[^>]*>)?")


def strace(pid, run_load, work):
    """The server's syscalls per call, by name, and for reads and writes by kind of descriptor."""
    log = f"{work}/strace.log"
    tracer = subprocess.Popen(["strace", "-f", "-qq", "-y", "-e", "signal=none", "-p", str(pid), "-o", log],
                              stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    result = run_load()
    tracer.send_signal(signal.SIGINT)
    tracer.wait()
    counts = collections.Counter()
    for line in open(log):
        match = SYSCALL.match(line)
        if not match:
            continue  # "<... resumed>" halves and exits
        name, fd = match.group(1), match.group(3) or ""
        if name in ("read", "write", "readv", "writev", "recvmsg", "sendmsg"):
            kind = "eventfd" if "eventfd" in fd else "socket" if "socket" in fd else "other"
            name = f"{name} ({kind})"
        if name == "epoll_pwait":
            name = "epoll_wait"
        counts[name] += 1
    # strace slows every syscall: the server makes fewer calls than usual, the same per call.
    calls = result["calls"]
    return {"calls_strace": calls, "syscalls": {k: v / calls for k, v in counts.items()},
            "syscalls_total": sum(counts.values()) / calls}


def report(rows, args):
    def med(name, f):
        return statistics.median(f(r) for r in rows[name])

    names = list(rows)
    print()
    print(f"per call, {args.callers} caller (Go ttrpc client), Health/Check; medians of {args.rounds} rounds of "
          f"{args.duration:g} s")
    print()
    print("| per call | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    kinds = sorted({k for rs in rows.values() for r in rs for k, v in r["syscalls"].items()},
                   key=lambda k: -max(med(n, lambda r: r["syscalls"].get(k, 0)) for n in names))
    print("| syscalls (all) | " + " | ".join(f"{med(n, lambda r: r['syscalls_total']):.2f}" for n in names) + " |")
    for kind in kinds:
        values = [med(n, lambda r: r["syscalls"].get(kind, 0)) for n in names]
        if max(values) < 0.01:
            continue
        print(f"| `{kind}` | " + " | ".join(f"{v:.2f}" for v in values) + " |")
    print("| context switches | " + " | ".join(f"{med(n, lambda r: r['context_switches']):.2f}" for n in names)
          + " |")
    print("| threads switching ≥ 0.05 per call | " + " | ".join(
        ", ".join(f"{t} {v:.2f}" for t, v in sorted(rows[n][len(rows[n]) // 2]["switching_threads"].items()))
        for n in names) + " |")
    print("| server CPU µs (task-clock) | " + " | ".join(f"{med(n, lambda r: r['cpu_us']):.1f}" for n in names)
          + " |")
    print("| of which user µs / system µs (/proc) | " + " | ".join(
        f"{med(n, lambda r: r['user_us']):.1f} / {med(n, lambda r: r['system_us']):.1f}" for n in names) + " |")
    print("| p50 µs (under perf stat) | " + " | ".join(f"{med(n, lambda r: r['p50_us']):.0f}" for n in names)
          + " |")
    print("| calls/s (under perf stat) | " + " | ".join(
        f"{med(n, lambda r: r['calls_per_sec']):,.0f}" for n in names) + " |")


if __name__ == "__main__":
    main()
