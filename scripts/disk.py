"""Disk trouble for clienteled (driver of scripts/disk-test).

  python3 scripts/disk.py --daemon PATH [--keep]

Full disk: the data folder is a small tmpfs mounted by the test (or, where mounting
is not allowed, a file-size limit RLIMIT_FSIZE on the daemon with SIGXFSZ ignored,
so that writes past it fail with EFBIG). Clients are created, then a filler file
takes the remaining space, then writes go on until one fails. Checks: the failure
is UNAVAILABLE or RESOURCE_EXHAUSTED with a message saying the disk is full; the
daemon is still up and reads (GetClient, ListClients) answer; further writes fail
the same way; once the filler is removed, writes succeed again without a restart;
after a clean stop PRAGMA integrity_check is ok and every acknowledged client is
there.

Read-only data folder: the daemon runs as `nobody` (root ignores file modes):
  - a read-only folder holding a database: the daemon refuses to start, saying why;
  - a writable folder whose database file is read-only: a clear startup error or
    clear write errors (UNAVAILABLE naming the read-only database), never success.

Exit status 1 on any failure.
"""

import argparse
import os
import pwd
import resource
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))

from reliability import (  # noqa: E402
    ClienteleError,
    Connection,
    Daemon,
    StatusCode,
    make_work_dir,
    new_client_request,
    remove_work_dir,
    setup_group,
)
from clientele_client import clients_pb2  # noqa: E402

TMPFS_BYTES = 16 << 20
FSIZE_BYTES = 4 << 20

passed = 0
failed = 0


def check(name, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
        print(f"ok {name}")
    else:
        failed += 1
        print(f"FAIL {name}" + (f": {detail}" if detail else ""))


def disk_full_message(error):
    text = error.message.lower()
    return error.code in (StatusCode.UNAVAILABLE, StatusCode.RESOURCE_EXHAUSTED) and (
        "disk is full" in text or "no space" in text or "too large" in text
    )


def create(conn, group_id, token, name):
    return conn.call("clientele.v1.Clients", "CreateClient", new_client_request(group_id, name), clients_pb2.Client,
                     token=token)


def fill(path):
    """Writes zeros to `path` until the file system refuses; returns the bytes written."""
    written = 0
    chunk = b"\0" * (64 << 10)
    with open(path, "wb", buffering=0) as f:
        while True:
            try:
                n = f.write(chunk)
            except OSError:
                break
            if not n:
                break
            written += n
        try:
            os.fsync(f.fileno())
        except OSError:
            pass
    return written


def full_disk(binary, keep):
    work = make_work_dir("clientele-disk.")
    data = os.path.join(work, "data")
    os.makedirs(data)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={TMPFS_BYTES},mode=0700", "tmpfs", data],
                             capture_output=True).returncode == 0
    preexec = None
    if not mounted:
        print(f"disk: cannot mount a tmpfs; falling back to RLIMIT_FSIZE = {FSIZE_BYTES} bytes on the daemon")

        def preexec():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (FSIZE_BYTES, FSIZE_BYTES))

    print(f"disk: data folder on {'a ' + str(TMPFS_BYTES >> 20) + ' MiB tmpfs' if mounted else 'a file-size limit'}")
    daemon = Daemon(binary, work, data_dir=data)
    filler = os.path.join(data, "filler")
    try:
        if preexec:
            daemon.process = subprocess.Popen(
                [binary, "--socket", daemon.socket, "--data-dir", data, "--log-level", "warning"],
                stdout=open(daemon.log_path, "ab"), stderr=subprocess.STDOUT, preexec_fn=preexec)
            daemon.wait_until_listening()
        else:
            daemon.start()
        group_id, token, ids = setup_group(daemon.socket, clients=20)
        acknowledged = set(ids)
        with Connection(daemon.socket, token=token, timeout=30) as conn:
            if mounted:
                print(f"disk: filler of {fill(filler) >> 10} KiB takes the rest of the tmpfs")
            failure = None
            for n in range(20000):
                try:
                    acknowledged.add(create(conn, group_id, token, f"Filler client {n}").id)
                except ClienteleError as error:
                    failure = error
                    break
            check("writes on a full disk fail", failure is not None, f"{len(acknowledged)} creates all succeeded")
            if failure is None:
                return
            print(f"disk: first refused write after {len(acknowledged)} clients: {failure.code.name}: {failure.message}")
            check("the error is UNAVAILABLE or RESOURCE_EXHAUSTED saying the disk is full", disk_full_message(failure),
                  f"{failure.code.name}: {failure.message}")
            check("the daemon is still running", daemon.process.poll() is None)
            try:
                got = conn.call("clientele.v1.Clients", "GetClient", clients_pb2.GetClientRequest(client_id=ids[0]),
                                clients_pb2.Client)
                listed = conn.call("clientele.v1.Clients", "ListClients",
                                   clients_pb2.ListClientsRequest(group_id=group_id, page_size=10),
                                   clients_pb2.ListClientsResponse)
                check("reads keep working (GetClient, ListClients)", got.id == ids[0] and len(listed.clients) == 10)
            except ClienteleError as error:
                check("reads keep working (GetClient, ListClients)", False, f"{error.code.name}: {error.message}")
            again = []
            for n in range(5):
                try:
                    acknowledged.add(create(conn, group_id, token, f"Retry client {n}").id)
                    again.append(None)
                except ClienteleError as error:
                    again.append(error)
            check("later writes fail the same clear way (or succeed), never another error",
                  all(e is None or disk_full_message(e) for e in again),
                  "; ".join(f"{e.code.name}: {e.message}" for e in again if e is not None))
            if mounted:
                os.remove(filler)
            else:
                print("disk: (file-size limit: space cannot be freed; checking the writes that fit)")
            recovered = None
            if mounted:
                for attempt in range(50):
                    try:
                        acknowledged.add(create(conn, group_id, token, f"After space returned {attempt}").id)
                        recovered = attempt
                        break
                    except ClienteleError as error:
                        print(f"disk: still refused after freeing space: {error.code.name}: {error.message}")
                        time.sleep(0.1)
                check("writes succeed again once space is freed, without a restart", recovered is not None)
                ok_after = 0
                for n in range(20):
                    try:
                        acknowledged.add(create(conn, group_id, token, f"Recovered client {n}").id)
                        ok_after += 1
                    except ClienteleError:
                        pass
                check("and keep succeeding (20 more creates)", ok_after == 20, f"{ok_after} of 20")
        status = daemon.stop()
        check("the daemon stops cleanly (status 0)", status == 0, f"status {status}")
        integrity = subprocess.run(["sqlite3", os.path.join(data, "clientele.sqlite"), "PRAGMA integrity_check"],
                                   capture_output=True, text=True)
        check("PRAGMA integrity_check is ok", integrity.stdout.strip() == "ok", integrity.stdout + integrity.stderr)
        daemon.start()
        with Connection(daemon.socket, token=token, timeout=30) as conn:
            missing = 0
            for client_id in acknowledged:
                try:
                    conn.call("clientele.v1.Clients", "GetClient", clients_pb2.GetClientRequest(client_id=client_id),
                              clients_pb2.Client)
                except ClienteleError:
                    missing += 1
        check(f"after a restart every acknowledged client ({len(acknowledged)}) is there", missing == 0,
              f"{missing} missing")
    finally:
        daemon.stop()
        if failed:
            print(daemon.log(), file=sys.stderr)
        if mounted:
            subprocess.run(["umount", data])
        remove_work_dir(work, keep)


def as_nobody():
    nobody = pwd.getpwnam("nobody")
    return ["setpriv", f"--reuid={nobody.pw_uid}", f"--regid={nobody.pw_gid}", "--clear-groups", "--"], nobody


def read_only(binary, keep):
    prefix, nobody = as_nobody()
    work = make_work_dir("clientele-ro.")
    data = os.path.join(work, "data")
    try:
        # A database made by the daemon as nobody, then the folder made read-only.
        daemon = Daemon(binary, work, data_dir=data, prefix=prefix)
        os.makedirs(data, mode=0o700)
        os.chown(data, nobody.pw_uid, nobody.pw_gid)
        os.chown(work, nobody.pw_uid, nobody.pw_gid)
        daemon.start()
        group_id, token, _ = setup_group(daemon.socket, clients=1)
        check("as nobody, the daemon starts on a writable folder", True)
        daemon.stop()
        os.chmod(data, 0o500)
        for name in os.listdir(data):
            os.chmod(os.path.join(data, name), 0o400)
        started = subprocess.run(prefix + [binary, "--socket", daemon.socket, "--data-dir", data],
                                 capture_output=True, text=True, timeout=30)
        said = (started.stdout + started.stderr).strip().splitlines()
        last = said[-1] if said else ""
        print(f"disk: read-only folder: exit {started.returncode}: {last}")
        check("a read-only data folder: the daemon refuses to start", started.returncode != 0)
        check("... saying why (permission / read-only, naming the path)",
              ("permission denied" in last.lower() or "read-only" in last.lower()) and data in last, last)

        # The folder writable again, the database file alone read-only.
        os.chmod(data, 0o700)
        for name in os.listdir(data):
            if name != "clientele.sqlite":
                os.chmod(os.path.join(data, name), 0o600)
        daemon = Daemon(binary, work, data_dir=data, prefix=prefix)
        daemon.start(wait=False)
        try:
            daemon.wait_until_listening(seconds=20)
            listening = True
        except RuntimeError:
            listening = False
        if not listening:
            said = daemon.log().strip().splitlines()
            last = said[-1] if said else ""
            print(f"disk: read-only database file: startup refused: {last}")
            check("a read-only database file: a clear startup error",
                  "read-only" in last.lower() or "permission" in last.lower() or "readonly" in last.lower(), last)
        else:
            try:
                with Connection(daemon.socket, token=token, timeout=30) as conn:
                    create(conn, group_id, token, "Must not be written")
                check("a read-only database file: writes fail", False, "the write succeeded")
            except ClienteleError as error:
                print(f"disk: read-only database file: write refused: {error.code.name}: {error.message}")
                check("a read-only database file: writes fail with UNAVAILABLE saying read-only",
                      error.code == StatusCode.UNAVAILABLE and "read-only" in error.message.lower(),
                      f"{error.code.name}: {error.message}")
        daemon.stop()
    finally:
        remove_work_dir(work, keep)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--daemon", required=True)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    if os.getuid() != 0:
        print("disk: needs root (mount a tmpfs, run the daemon as nobody)", file=sys.stderr)
        print("disk: 0 passed, 1 failed")
        return 1
    if not shutil.which("sqlite3"):
        print("disk: sqlite3 is missing; run scripts/install-deps", file=sys.stderr)
        return 1
    full_disk(args.daemon, args.keep)
    read_only(args.daemon, args.keep)
    print(f"disk: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
