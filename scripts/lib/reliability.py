"""Shared by the reliability drivers (hostile.py, soak.py, disk.py): a clienteled on a
temporary socket, a bootstrapped group and its owner's token, memory samples of the
daemon from /proc, and latency percentiles.

The daemon runs as the caller's uid, which makes the caller its local operator (it
may bootstrap a group without a token); every other call uses the owner's token.
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "clients", "python", "src"))

from clientele_client import (  # noqa: E402
    AccessClient,
    ClienteleError,
    Connection,
    StatusCode,
    access_pb2,
    clients_pb2,
)

PASSWORD = "a long enough password"


class Daemon:
    """clienteled on a socket in `work`; stopped with SIGTERM (then SIGKILL) by `stop`."""

    def __init__(self, binary, work, extra_args=(), data_dir=None, prefix=()):
        self.binary = binary
        self.work = work
        self.socket = os.path.join(work, "d.sock")
        self.data_dir = data_dir or os.path.join(work, "data")
        self.log_path = os.path.join(work, "daemon.log")
        self.extra_args = list(extra_args)
        self.prefix = list(prefix)
        self.process = None

    def start(self, wait=True):
        log = open(self.log_path, "ab")
        command = self.prefix + [
            self.binary, "--socket", self.socket, "--data-dir", self.data_dir, "--log-level", "warning"
        ] + self.extra_args
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        if wait:
            self.wait_until_listening()
        return self

    def wait_until_listening(self, seconds=30):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"clienteled exited with {self.process.returncode}:\n{self.log()}")
            if os.path.exists(self.socket):
                try:
                    with Connection(self.socket, timeout=5) as conn:
                        conn.call("clientele.v1.Health", "Check", _health_request(), _health_response())
                    return
                except ClienteleError:
                    pass
            time.sleep(0.05)
        raise RuntimeError(f"clienteled did not listen within {seconds} s:\n{self.log()}")

    def log(self):
        try:
            with open(self.log_path, errors="replace") as f:
                return f.read()[-4000:]
        except OSError:
            return ""

    def status(self, field):
        """A field of /proc/PID/status in KiB (VmRSS, RssAnon, VmHWM), or 0 once the process is gone."""
        try:
            with open(f"/proc/{self.process.pid}/status") as f:
                for line in f:
                    if line.startswith(field + ":"):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0

    def open_files(self):
        try:
            return len(os.listdir(f"/proc/{self.process.pid}/fd"))
        except OSError:
            return 0

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else None
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()


class MemorySampler:
    """Samples a memory field of the daemon's /proc status (VmRSS by default; RssAnon
    leaves out the mapped database file) every `interval` seconds; `peak_between` per phase."""

    def __init__(self, daemon, interval=0.1, field="VmRSS"):
        self.daemon = daemon
        self.interval = interval
        self.field = field
        self.samples = []  # (monotonic, KiB)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def _run(self):
        while not self._stop.is_set():
            self.samples.append((time.monotonic(), self.daemon.status(self.field)))
            self._stop.wait(self.interval)

    def peak_between(self, start, end):
        values = [rss for t, rss in self.samples if start <= t <= end]
        return max(values) if values else 0

    def stop(self):
        self._stop.set()
        self._thread.join()


def percentile(values, fraction):
    """The nearest-rank percentile of `values` (0 < fraction <= 1)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, int(-(-fraction * len(ordered) // 1)))
    return ordered[min(rank, len(ordered)) - 1]


def setup_group(socket_path, clients=1):
    """Bootstraps a group as the local operator, signs its owner in and creates `clients`
    clients. Returns (group id, token, [client ids])."""
    email = f"owner-{uuid.uuid4().hex[:8]}@acme.example"
    with Connection(socket_path, timeout=60) as conn:
        answer = AccessClient(conn).bootstrap_group(
            access_pb2.BootstrapGroupRequest(
                group_name="Reliability Group", owner_email=email, owner_name="Olga Owner", owner_password=PASSWORD
            )
        )
        token = AccessClient(conn).login(access_pb2.LoginRequest(group_id=answer.group.id, email=email, password=PASSWORD)).token
        ids = []
        for n in range(clients):
            created = conn.call(
                "clientele.v1.Clients", "CreateClient",
                new_client_request(answer.group.id, f"Client {n} {uuid.uuid4().hex[:6]}"),
                clients_pb2.Client, token=token,
            )
            ids.append(created.id)
    return answer.group.id, token, ids


def new_client_request(group_id, name):
    return clients_pb2.CreateClientRequest(
        group_id=group_id,
        fields=clients_pb2.ClientFields(account_name=name, billing_emails=["billing@example.com"]),
    )


def _health_request():
    from clientele_client import health_pb2

    return health_pb2.HealthCheckRequest()


def _health_response():
    from clientele_client import health_pb2

    return health_pb2.HealthCheckResponse


def make_work_dir(prefix):
    work = tempfile.mkdtemp(prefix=prefix)
    os.chmod(work, 0o755)
    return work


def remove_work_dir(work, keep):
    if keep:
        print(f"work folder kept: {work}", file=sys.stderr)
    else:
        shutil.rmtree(work, ignore_errors=True)


def stop_daemon_and_clean_up(daemon, work, keep, failures):
    """Ends a run: stops the daemon (an unclean exit status is a failure), prints its log
    when anything failed, and removes the work folder unless asked to keep it."""
    code = daemon.stop()
    if code not in (0, None):
        failures.append(f"the daemon stopped with status {code}")
    if failures:
        print(daemon.log(), file=sys.stderr)
    remove_work_dir(work, keep)


__all__ = [
    "ClienteleError", "Connection", "Daemon", "MemorySampler", "PASSWORD", "StatusCode", "make_work_dir",
    "new_client_request", "percentile", "remove_work_dir", "setup_group", "stop_daemon_and_clean_up",
]
