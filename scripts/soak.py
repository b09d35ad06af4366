"""Load and soak test of clienteled (driver of scripts/soak).

  python3 scripts/soak.py --daemon PATH [--minutes M (1)] [--callers C (64)] [--processes P (4)] [--keep]

Starts the daemon, bootstraps a group with clients, then C callers (threads spread
over P processes, each caller with its own connection, one call at a time, no
pause) run a mix for M minutes:

  GetClient 40%, ListClients 20%, UpdateClient 15%, AddCredit 15%, CreateClient 10%

Reports calls/s, p50/p99/max latency per method and overall, errors, and the
daemon's anonymous RSS (RssAnon: heap and stacks, not the database file it reads
through a memory map, whose pages the kernel may drop) at the start of the load,
after the first tenth of the run (warm), and at the end, with VmRSS and VmHWM.
Checks: no error; the end RssAnon is within
max(1.25 x warm RSS, warm + 32 MiB) plus the writer's page cache (WRITER_CACHE_MIB;
it fills as writes touch pages and may not be full when a short run is warm) (memory
stable once warm); after a clean stop,
every client's balance equals its acknowledged credits (checked through
GetBalance). Exit status 1 on any failure.
"""

import argparse
import json
import multiprocessing
import os
import random
import sys
import threading
import time
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))

from reliability import (  # noqa: E402
    ClienteleError,
    Connection,
    Daemon,
    MemorySampler,
    make_work_dir,
    new_client_request,
    percentile,
    setup_group,
    stop_daemon_and_clean_up,
)
from clientele_client import billing_pb2, clients_pb2  # noqa: E402
from google.protobuf import field_mask_pb2  # noqa: E402

MIX = [("GetClient", 40), ("ListClients", 20), ("UpdateClient", 15), ("AddCredit", 15), ("CreateClient", 10)]
SEED_CLIENTS = 200
# A small writer page cache (the default is 64 MiB): the cache fills as writes touch pages,
# for longer than the first tenth of a short run, and the memory check must not mistake
# that for a leak nor hide one behind it.
WRITER_CACHE_MIB = 4


def caller(socket_path, token, group_id, client_ids, end, seed, out):
    rng = random.Random(seed)
    methods = [m for m, w in MIX for _ in range(w)]
    latencies = {m: [] for m, _ in MIX}
    errors, first_error = 0, None
    credits = {}
    with Connection(socket_path, token=token, timeout=30) as conn:
        while time.monotonic() < end:
            method = rng.choice(methods)
            client_id = rng.choice(client_ids)
            start = time.perf_counter()
            try:
                if method == "GetClient":
                    conn.call("clientele.v1.Clients", "GetClient", clients_pb2.GetClientRequest(client_id=client_id),
                              clients_pb2.Client)
                elif method == "ListClients":
                    conn.call("clientele.v1.Clients", "ListClients",
                              clients_pb2.ListClientsRequest(group_id=group_id, page_size=20),
                              clients_pb2.ListClientsResponse)
                elif method == "UpdateClient":
                    conn.call("clientele.v1.Clients", "UpdateClient", clients_pb2.UpdateClientRequest(
                        client_id=client_id, update_mask=field_mask_pb2.FieldMask(paths=["company_name"]),
                        fields=clients_pb2.ClientFields(company_name=f"Company {rng.randrange(10**9)}")),
                        clients_pb2.Client)
                elif method == "AddCredit":
                    amount = rng.randrange(1, 1000)
                    conn.call("clientele.v1.Billing", "AddCredit",
                              billing_pb2.AddCreditRequest(client_id=client_id, amount_minor=amount),
                              billing_pb2.PostEntryResponse, idempotency_key=uuid.uuid4().hex)
                    credits[client_id] = credits.get(client_id, 0) + amount
                else:
                    conn.call("clientele.v1.Clients", "CreateClient",
                              new_client_request(group_id, f"Soak {uuid.uuid4().hex[:10]}"), clients_pb2.Client)
                latencies[method].append((time.perf_counter() - start) * 1000)
            except ClienteleError as error:
                errors += 1
                first_error = first_error or f"{method}: {error.code.name}: {error.message}"
    out.append((latencies, errors, first_error, credits))


def worker(socket_path, token, group_id, client_ids, end, callers, seed, queue):
    results = []
    threads = [threading.Thread(target=caller, args=(socket_path, token, group_id, client_ids, end, seed * 1000 + n,
                                                     results)) for n in range(callers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    queue.put(results)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--daemon", required=True)
    parser.add_argument("--minutes", type=float, default=1)
    parser.add_argument("--callers", type=int, default=64)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    work = make_work_dir("clientele-soak.")
    daemon = Daemon(args.daemon, work, ["--writer-cache-mib", str(WRITER_CACHE_MIB)])
    failures = []
    try:
        daemon.start()
        group_id, token, client_ids = setup_group(daemon.socket, clients=SEED_CLIENTS)
        sampler = MemorySampler(daemon, interval=0.5, field="RssAnon").start()
        seconds = args.minutes * 60
        start = time.monotonic()
        end = start + seconds
        rss_start = daemon.status("RssAnon")
        queue = multiprocessing.Queue()
        per_process = [args.callers // args.processes + (1 if n < args.callers % args.processes else 0)
                       for n in range(args.processes)]
        processes = [multiprocessing.Process(target=worker, args=(daemon.socket, token, group_id, client_ids, end, c,
                                                                  n + 1, queue))
                     for n, c in enumerate(per_process) if c]
        for p in processes:
            p.start()
        results = [r for _ in processes for r in queue.get()]
        for p in processes:
            p.join()
        elapsed = time.monotonic() - start
        sampler.stop()
        warm_at = start + seconds / 10
        warm = [rss for t, rss in sampler.samples if t >= warm_at]
        rss_warm = warm[0] if warm else rss_start
        rss_end = sampler.samples[-1][1] if sampler.samples else 0
        hwm = daemon.status("VmHWM")
        vmrss_end = daemon.status("VmRSS")

        by_method = {m: [] for m, _ in MIX}
        errors, first_error, credits = 0, None, {}
        for latencies, e, fe, c in results:
            for m, values in latencies.items():
                by_method[m].extend(values)
            errors += e
            first_error = first_error or fe
            for client_id, amount in c.items():
                credits[client_id] = credits.get(client_id, 0) + amount
        everything = [v for values in by_method.values() for v in values]
        calls = len(everything) + errors
        print(f"soak: {args.callers} callers in {len(processes)} processes for {elapsed:.0f} s")
        print("| method | calls | calls/s | p50 ms | p99 ms | max ms |")
        print("|---|---:|---:|---:|---:|---:|")
        for m, values in list(by_method.items()) + [("all", everything)]:
            print(f"| {m} | {len(values)} | {len(values) / elapsed:.0f} | {percentile(values, 0.5):.2f} | "
                  f"{percentile(values, 0.99):.2f} | {max(values) if values else 0:.2f} |")
        print(f"\nerrors: {errors}" + (f" (first: {first_error})" if first_error else ""))
        print(f"daemon anonymous RSS (RssAnon): start {rss_start / 1024:.0f} MiB, warm {rss_warm / 1024:.0f} MiB, "
              f"end {rss_end / 1024:.0f} MiB; VmRSS at the end {vmrss_end / 1024:.0f} MiB, "
              f"peak (VmHWM) {hwm / 1024:.0f} MiB")
        summary = {"callers": args.callers, "seconds": round(elapsed), "calls": calls,
                   "calls_per_s": round(calls / elapsed), "p99_ms": round(percentile(everything, 0.99), 2),
                   "errors": errors, "rss_start_mib": round(rss_start / 1024), "rss_warm_mib": round(rss_warm / 1024),
                   "rss_end_mib": round(rss_end / 1024), "vmrss_end_mib": round(vmrss_end / 1024),
                   "vmhwm_mib": round(hwm / 1024)}
        print(json.dumps(summary), file=sys.stderr)
        if errors:
            failures.append(f"{errors} calls failed (first: {first_error})")
        if calls == 0:
            failures.append("no call was made")
        if rss_end > max(1.25 * rss_warm, rss_warm + 32 * 1024) + WRITER_CACHE_MIB * 1024:
            failures.append(f"memory grew: warm {rss_warm / 1024:.0f} MiB, end {rss_end / 1024:.0f} MiB")

        # Every acknowledged credit is in the balance (the seeded clients start at 0).
        with Connection(daemon.socket, token=token, timeout=30) as conn:
            wrong = 0
            for client_id in client_ids:
                balance = conn.call("clientele.v1.Billing", "GetBalance",
                                    billing_pb2.GetBalanceRequest(client_id=client_id), billing_pb2.Balance)
                if balance.balance_minor != credits.get(client_id, 0):
                    wrong += 1
            if wrong:
                failures.append(f"{wrong} balances differ from their acknowledged credits")
            else:
                print(f"balances: all {len(client_ids)} equal their acknowledged credits")
    except Exception as error:  # noqa: BLE001 - any setup failure fails the run
        failures.append(f"{type(error).__name__}: {error}")
    finally:
        stop_daemon_and_clean_up(daemon, work, args.keep, failures)
    for failure in failures:
        print(f"FAIL {failure}")
    print(f"soak: {'0 failures' if not failures else f'{len(failures)} failures'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
