"""The RPC benchmark behind scripts/bench (see its header): our daemon against
the Go ttrpc reference server, each loaded by two load generators, our own
clientele-bench and containerd's Go ttrpc.Client (clientele-loadgen), in
alternating rounds of one run; the ping-pong floor; an API key against no
credentials; optionally a baseline build of our daemon. Prints every
measurement as a JSON line (stderr) and the tables of medians (stdout)."""

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time

# (callers, connections, clientele-bench threads)
LOADS = [(1, 1, 1), (8, 1, 1), (64, 1, 1), (64, 4, 2)]
# Loads at which an API key is compared with no credentials (Go client, our daemon).
AUTH_LOADS = [(1, 1, 1), (64, 4, 2)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True, help="our release binaries (clienteled, clientele, clientele-bench)")
    parser.add_argument("--go-bin", required=True, help="clientele-refserver and clientele-loadgen")
    parser.add_argument("--pingpong", required=True, help="the compiled scripts/pingpong.c")
    parser.add_argument("--duration", type=float, default=3)
    parser.add_argument("--warmup", type=float, default=0.5)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--baseline", help="another clienteled to measure beside ours (same loads)")
    parser.add_argument("--loads", help="subset of loads, e.g. 1x1,64x4 (callers x connections)")
    parser.add_argument("--no-auth", action="store_true")
    args = parser.parse_args()

    loads = LOADS
    if args.loads:
        wanted = {tuple(int(x) for x in part.split("x")) for part in args.loads.split(",")}
        loads = [load for load in LOADS if load[:2] in wanted]
    work = tempfile.mkdtemp(prefix="clientele-bench-")
    env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(work, "config"))
    processes = []

    def start(command):
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
        processes.append(process)
        return process

    try:
        servers = {"ours": os.path.join(work, "ours.sock"), "go": os.path.join(work, "go.sock")}
        start([f"{args.bin}/clienteled", "--socket", servers["ours"], "--data-dir", f"{work}/data",
               "--log-level", "warning"])
        start([f"{args.go_bin}/clientele-refserver", "-socket", servers["go"]])
        if args.baseline:
            servers["baseline"] = os.path.join(work, "baseline.sock")
            start([args.baseline, "--socket", servers["baseline"], "--data-dir", f"{work}/baseline-data",
                   "--log-level", "warning"])
        for _ in range(200):
            if all(os.path.exists(s) for s in servers.values()):
                break
            time.sleep(0.1)
        time.sleep(0.5)
        secret = None if args.no_auth else api_key(args.bin, servers["ours"], env)

        def clientele_bench(socket, callers, connections, threads, metadata=None):
            command = [f"{args.bin}/clientele-bench", "--socket", socket, "--concurrency", str(callers),
                       "--connections", str(connections), "--threads", str(threads),
                       "--duration", str(args.duration), "--warmup", str(args.warmup), "--rounds", "1"]
            if metadata:
                command += ["--metadata", metadata]
            return json.loads(run(command, env))["ours"]

        def go_loadgen(socket, callers, connections, threads, metadata=None):
            command = [f"{args.go_bin}/clientele-loadgen", "-socket", socket, "-callers", str(callers),
                       "-connections", str(connections), "-duration", f"{args.duration}s",
                       "-warmup", f"{args.warmup}s"]
            if metadata:
                command += ["-metadata", metadata]
            return json.loads(run(command, env))

        generators = {"clientele-bench": clientele_bench, "go-client": go_loadgen}
        results = {}  # (generator, server, callers, connections, auth) -> [result]

        def measure(generator, server, load, metadata=None):
            callers, connections, threads = load
            result = generators[generator](servers[server], callers, connections, threads, metadata)
            key = (generator, server, callers, connections, "key" if metadata else "none")
            results.setdefault(key, []).append(result)
            print(json.dumps({"generator": generator, "server": server, "callers": callers,
                              "connections": connections, "auth": key[4], **result}), file=sys.stderr)

        floor = []
        order = [s for s in ("ours", "go", "baseline") if s in servers]
        for round_ in range(args.rounds):
            result = json.loads(run([args.pingpong, str(args.duration), str(args.warmup)], env))
            floor.append(result)
            print(json.dumps({"floor": "pingpong", **result}), file=sys.stderr)
            for load in loads:
                for generator in generators:
                    # Alternate which server goes first from round to round.
                    for server in order if round_ % 2 == 0 else order[::-1]:
                        measure(generator, server, load)
                if secret and load in AUTH_LOADS:
                    measure("go-client", "ours", load, f"authorization=Bearer {secret}")
        report(args, loads, results, floor, secret is not None)
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        subprocess.run(["rm", "-rf", work])


def run(command, env):
    done = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        sys.exit(f"bench: {' '.join(command[:1])} failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


def api_key(bin_dir, socket, env):
    """Bootstraps a group as the local operator, signs in, and issues an API key."""
    cli = f"{bin_dir}/clientele"
    password = "bench password long enough\n"
    out = subprocess.run([cli, "groups", "bootstrap", "--socket", socket, "--name", "Bench",
                          "--owner-email", "bench@example.com", "--owner-name", "Bench", "--password-stdin"],
                         input=password, env=env, capture_output=True, text=True, check=True).stdout
    group = json.loads(out)["group"]["id"]
    subprocess.run([cli, "login", "--socket", socket, "--group-id", group, "--email", "bench@example.com",
                    "--password-stdin"], input=password, env=env, capture_output=True, text=True, check=True)
    out = subprocess.run([cli, "keys", "issue", "--socket", socket, "--group", group, "--name", "bench",
                          "--role", "billing"], env=env, capture_output=True, text=True, check=True).stdout
    return json.loads(out)["secret"]


def median(results, field):
    return statistics.median(r[field] for r in results)


def report(args, loads, results, floor, auth):
    def cell(generator, server, load, auth="none"):
        return results.get((generator, server, load[0], load[1], auth))

    checks = []
    print()
    print(f"median of {args.rounds} alternating rounds of {args.duration:g} s (warm-up {args.warmup:g} s); "
          f"Health/Check, release build; {os.cpu_count()} cores")
    print()
    print("| load generator | callers × connections | ours calls/s | Go calls/s | calls/s ours÷Go "
          "| p50 µs ours / Go | p50 ours÷Go | p99 µs ours / Go |")
    print("|---|---|---|---|---|---|---|---|")
    for generator in ("go-client", "clientele-bench"):
        for load in loads:
            ours, go = cell(generator, "ours", load), cell(generator, "go", load)
            rate = median(ours, "calls_per_sec") / median(go, "calls_per_sec")
            p50 = median(ours, "p50_us") / median(go, "p50_us")
            print(f"| {generator} | {load[0]} × {load[1]} | {median(ours, 'calls_per_sec'):,.0f} "
                  f"| {median(go, 'calls_per_sec'):,.0f} | {rate:.2f}× "
                  f"| {median(ours, 'p50_us'):.0f} / {median(go, 'p50_us'):.0f} | {p50:.2f}× "
                  f"| {median(ours, 'p99_us'):.0f} / {median(go, 'p99_us'):.0f} |")
            if generator == "go-client":
                if load[:2] == (1, 1):
                    checks.append(("1 caller, Go client: p50 ≤ 1.0× Go's server", p50, p50 <= 1.0))
                else:
                    checks.append((f"{load[0]} × {load[1]}, Go client: calls/s ≥ 1.2× Go's server", rate,
                                   rate >= 1.2))
    print()
    one = (1, 1, 1)
    if floor and cell("go-client", "ours", one):
        f50, frate = median(floor, "p50_us"), median(floor, "calls_per_sec")
        print(f"ping-pong floor (16-byte write/read, Unix socket pair, scripts/pingpong.c): "
              f"p50 {f50:.1f} µs, {frate:,.0f} round trips/s")
        print()
        print("| 1 caller × 1 connection | p50 µs | p50 ÷ floor | calls/s | calls/s ÷ floor's |")
        print("|---|---|---|---|---|")
        for generator in ("go-client", "clientele-bench"):
            for server in ("ours", "go"):
                rs = cell(generator, server, one)
                print(f"| {server} server, {generator} | {median(rs, 'p50_us'):.0f} "
                      f"| {median(rs, 'p50_us') / f50:.2f}× | {median(rs, 'calls_per_sec'):,.0f} "
                      f"| {median(rs, 'calls_per_sec') / frate:.2f}× |")
        ratio = median(cell("go-client", "ours", one), "p50_us") / f50
        checks.append(("1 caller, Go client: p50 ≤ 1.5× the ping-pong floor", ratio, ratio <= 1.5))
        print()
    if auth:
        print("| API key vs none (our daemon, Go client) | calls/s key / none | p50 µs key / none | p50 overhead "
              "| calls/s overhead |")
        print("|---|---|---|---|---|")
        for load in loads:
            key, none = cell("go-client", "ours", load, "key"), cell("go-client", "ours", load)
            if not key:
                continue
            p50 = median(key, "p50_us") / median(none, "p50_us") - 1
            rate = 1 - median(key, "calls_per_sec") / median(none, "calls_per_sec")
            print(f"| {load[0]} × {load[1]} | {median(key, 'calls_per_sec'):,.0f} / "
                  f"{median(none, 'calls_per_sec'):,.0f} | {median(key, 'p50_us'):.0f} / {median(none, 'p50_us'):.0f} "
                  f"| {100 * p50:+.1f}% | {100 * rate:+.1f}% |")
            checks.append((f"{load[0]} × {load[1]}: API key p50 within 10% of none", 1 + p50, p50 <= 0.10))
        print()
    if args.baseline:
        print(f"| ours ÷ baseline ({args.baseline}) | callers × connections | calls/s | p50 | p99 |")
        print("|---|---|---|---|---|")
        for generator in ("go-client", "clientele-bench"):
            for load in loads:
                ours, base = cell(generator, "ours", load), cell(generator, "baseline", load)
                rate = median(ours, "calls_per_sec") / median(base, "calls_per_sec")
                p50 = median(ours, "p50_us") / median(base, "p50_us")
                p99 = median(ours, "p99_us") / median(base, "p99_us")
                print(f"| {generator} | {load[0]} × {load[1]} | {rate:.2f}× | {p50:.2f}× | {p99:.2f}× |")
                if generator == "clientele-bench":
                    checks.append((f"clientele-bench {load[0]} × {load[1]}: calls/s ≥ 0.95× baseline", rate,
                                   rate >= 0.95))
                    checks.append((f"clientele-bench {load[0]} × {load[1]}: p50 ≤ 1.05× baseline", p50,
                                   p50 <= 1.05))
        print()
    print("| target | measured | met |")
    print("|---|---|---|")
    for name, value, met in checks:
        print(f"| {name} | {value:.2f}× | {'yes' if met else '**no**'} |")


if __name__ == "__main__":
    main()
