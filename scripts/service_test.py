#!/usr/bin/env python3
"""Checks clienteled as systemd runs it, without a running systemd (scripts/test-service).

- the unit files in packaging/systemd/ pass `systemd-analyze verify` (no warning at all)
  and `systemd-analyze security --offline` stays under an exposure of 2.0; a unit with a
  misspelt key is caught (the check can fail);
- sd_notify: a datagram socket (a path, then an abstract "@" name) records what the daemon
  sends: READY=1 (with STATUS=) only once its socket accepts, WATCHDOG=1 repeating with
  WATCHDOG_USEC, none when WATCHDOG_PID names another process, STOPPING=1 on SIGTERM;
- socket activation with `systemd-socket-activate`: the first connection starts the daemon,
  `clientele health` and an operator-only call (the peer's uid from SO_PEERCRED) answer,
  and at exit the socket file is still there, the same inode with the same mode (never
  created, chmodded nor removed by the daemon); a socket the daemon cannot serve on (wrong
  LISTEN_PID, a file, a datagram socket, a socket not listening, a TCP socket) is a clear
  startup error;
- --log-format json: every line is one JSON object with an RFC 3339 time, a level and a
  message; a call's line carries method, code, request_id, micros, peer_uid and peer_pid
  (the caller's); no password nor token appears;
- --version of both binaries: the version and a 12-digit commit of this repository,
  which Health/Check answers as server_commit;
- the daemon runs under PR_SET_MDWE (what MemoryDenyWriteExecute=yes enforces).
"""
import argparse
import ctypes
import json
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time

RESULTS = {"passed": 0, "failed": 0}


def check(name, ok, detail=""):
    if ok:
        RESULTS["passed"] += 1
        print(f"ok {name}")
    else:
        RESULTS["failed"] += 1
        print(f"FAIL {name}" + (f": {detail}" if detail else ""))
    return ok


class Recorder:
    """An AF_UNIX datagram socket that records every notification with its arrival time."""

    def __init__(self, address):
        self.address = address  # a path, or "@name" for an abstract socket
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind("\0" + address[1:] if address.startswith("@") else address)
        self.sock.setblocking(False)
        self.messages = []  # (monotonic time, {key: value}, raw text)

    def poll(self):
        while True:
            try:
                data = self.sock.recv(4096)
            except BlockingIOError:
                return
            text = data.decode()
            fields = dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
            self.messages.append((time.monotonic(), fields, text))

    def wait_for(self, key, value="1", timeout=60.0, after=0, on_arrival=None):
        """Waits for a message with key=value among the messages from index `after` on;
        `on_arrival` runs at once when it arrives (before any other bookkeeping)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.poll()
            for index in range(after, len(self.messages)):
                if self.messages[index][1].get(key) == value:
                    result = on_arrival() if on_arrival else None
                    return index, result
            time.sleep(0.005)
        return None, None

    def count(self, key, value="1"):
        self.poll()
        return sum(1 for _, fields, _ in self.messages if fields.get(key) == value)

    def close(self):
        self.sock.close()
        if not self.address.startswith("@"):
            try:
                os.unlink(self.address)
            except FileNotFoundError:
                pass


def connects(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.connect(path)
        return True
    except OSError:
        return False
    finally:
        s.close()


def stop(process, timeout=30):
    """SIGTERM, then the exit status (None if it had to be killed)."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return None


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LISTEN_", "NOTIFY_", "WATCHDOG_"))}
    env.update(extra)
    return env


# ---------------------------------------------------------------------------- units


def test_units(repo, bin_dir, work):
    if not shutil.which("systemd-analyze"):
        check("systemd-analyze is installed (Debian package systemd)", False)
        return
    units = os.path.join(work, "units")
    os.makedirs(units)
    for name in ("clienteled.service", "clienteled.socket"):
        with open(os.path.join(repo, "packaging/systemd", name)) as source:
            text = source.read()
        # verify checks that ExecStart's program exists: point it at the build's.
        text = text.replace("/usr/sbin/clienteled", os.path.join(bin_dir, "clienteled"))
        with open(os.path.join(units, name), "w") as target:
            target.write(text)
    paths = [os.path.join(units, "clienteled.socket"), os.path.join(units, "clienteled.service")]

    def verify(files):
        # --man=no: the man pages are installed by the Debian package, not here.
        return subprocess.run(["systemd-analyze", "verify", "--man=no", *files], capture_output=True, text=True)

    result = verify(paths)
    check(
        "systemd-analyze verify: both units, no error and no warning",
        result.returncode == 0 and not result.stdout.strip() and not result.stderr.strip(),
        result.stdout + result.stderr,
    )
    broken = os.path.join(work, "broken")
    os.makedirs(broken)
    for path in paths:
        shutil.copy(path, broken)
    with open(os.path.join(broken, "clienteled.service")) as f:
        text = f.read()
    with open(os.path.join(broken, "clienteled.service"), "w") as f:
        f.write(text.replace("WatchdogSec=", "WatchdogSecs="))
    result = verify([os.path.join(broken, "clienteled.socket"), os.path.join(broken, "clienteled.service")])
    check(
        "the verify check catches a misspelt key",
        "WatchdogSecs" in result.stdout + result.stderr,
        result.stdout + result.stderr,
    )
    security = subprocess.run(
        ["systemd-analyze", "security", "--offline=yes", "--man=no", "--threshold=20", paths[1]],
        capture_output=True,
        text=True,
    )
    exposure = re.search(r"Overall exposure level for \S+: ([0-9.]+)", security.stdout)
    check(
        "systemd-analyze security --offline: exposure at most 2.0",
        security.returncode == 0 and exposure is not None,
        exposure.group(0) if exposure else security.stdout[-500:] + security.stderr,
    )
    if exposure:
        print(f"  ({exposure.group(0)})")

    def settings(name):
        with open(os.path.join(repo, "packaging/systemd", name)) as f:
            pairs = [line.strip().split("=", 1) for line in f if "=" in line and not line.lstrip().startswith("#")]
        table = {}
        for key, value in pairs:
            table.setdefault(key, []).append(value)
        return table

    sock, service = settings("clienteled.socket"), settings("clienteled.service")
    check(
        "the socket unit owns /run/clientele/clienteled.sock, mode 0660, group clientele",
        sock.get("ListenStream") == ["/run/clientele/clienteled.sock"]
        and sock.get("SocketMode") == ["0660"]
        and sock.get("SocketGroup") == ["clientele"]
        and sock.get("Accept", ["no"]) == ["no"],
        str(sock),
    )
    wanted = {
        "Type": "notify",
        "User": "clientele",
        "StateDirectory": "clientele",
        "RuntimeDirectory": "clientele",
        "RuntimeDirectoryPreserve": "yes",
        "ProtectSystem": "strict",
        "ProtectHome": "yes",
        "NoNewPrivileges": "yes",
        "PrivateTmp": "yes",
        "PrivateDevices": "yes",
        "RestrictAddressFamilies": "AF_UNIX",
        "LockPersonality": "yes",
        "MemoryDenyWriteExecute": "yes",
        "UMask": "0077",
    }
    wrong = {k: service.get(k) for k, v in wanted.items() if service.get(k) != [v]}
    check("the service unit: notify, user clientele, state and runtime folders, hardening", not wrong, str(wrong))
    check(
        "the service unit: a watchdog and the @system-service call filter",
        "WatchdogSec" in service and "@system-service" in service.get("SystemCallFilter", []),
        str(service.get("SystemCallFilter")),
    )


# ---------------------------------------------------------------------------- notify


def test_notify(bin_dir, work, abstract):
    label = "abstract" if abstract else "path"
    address = f"@clientele-notify-test-{os.getpid()}" if abstract else os.path.join(work, "notify.sock")
    recorder = Recorder(address)
    sock_path = os.path.join(work, f"direct-{label}.sock")
    log = open(os.path.join(work, f"direct-{label}.log"), "w")
    daemon = subprocess.Popen(
        [os.path.join(bin_dir, "clienteled"), "--socket", sock_path, "--data-dir", os.path.join(work, f"data-{label}")],
        env=clean_env(NOTIFY_SOCKET=address, WATCHDOG_USEC="300000"),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        # At the instant READY=1 arrives the socket must already accept.
        index, accepted = recorder.wait_for("READY", on_arrival=lambda: connects(sock_path))
        check(f"[{label} NOTIFY_SOCKET] READY=1 arrives", index is not None, "no READY=1 within 60 s")
        if index is None:
            return
        ready_time, ready_fields, _ = recorder.messages[index]
        check(f"[{label}] the socket accepts when READY=1 arrives", accepted is True)
        check(f"[{label}] READY=1 comes with a STATUS=", "serving on" in ready_fields.get("STATUS", ""), str(ready_fields))
        check(
            f"[{label}] READY=1 names the main pid",
            ready_fields.get("MAINPID") == str(daemon.pid),
            str(ready_fields),
        )
        check(
            f"[{label}] no WATCHDOG=1 before READY=1",
            all(fields.get("WATCHDOG") != "1" for _, fields, _ in recorder.messages[:index]),
        )
        # Read as they come (arrival times are read times): 1.6 s of pings.
        watch_end = time.monotonic() + 1.6
        while time.monotonic() < watch_end:
            recorder.poll()
            time.sleep(0.01)
        pings = [t for t, fields, _ in recorder.messages if fields.get("WATCHDOG") == "1"]
        # WATCHDOG_USEC=300000: a ping every 150 ms, so about 10 in 1.6 s; at least 4 allows
        # for a loaded machine, and none may come much faster than every 150 ms.
        gaps = [b - a for a, b in zip(pings, pings[1:])]
        check(f"[{label}] WATCHDOG=1 repeats with WATCHDOG_USEC=300000", len(pings) >= 4, f"{len(pings)} pings")
        check(
            f"[{label}] the watchdog pings every half WATCHDOG_USEC, not faster",
            all(gap > 0.1 for gap in gaps),
            f"gaps {[round(g, 3) for g in gaps]}",
        )
        before_stop = len(recorder.messages)
        daemon.send_signal(signal.SIGTERM)
        index, _ = recorder.wait_for("STOPPING", after=before_stop, timeout=30)
        check(f"[{label}] STOPPING=1 on SIGTERM", index is not None)
        status = stop(daemon)
        check(f"[{label}] the daemon exits 0 after SIGTERM", status == 0, f"status {status}")
        check(f"[{label}] without socket activation the daemon removes its own socket, as before", not os.path.exists(sock_path))
    finally:
        stop(daemon)
        log.close()
        recorder.close()


def test_watchdog_pid(bin_dir, work):
    address = os.path.join(work, "notify-pid.sock")
    recorder = Recorder(address)
    sock_path = os.path.join(work, "direct-pid.sock")
    daemon = subprocess.Popen(
        [os.path.join(bin_dir, "clienteled"), "--socket", sock_path, "--data-dir", os.path.join(work, "data-pid")],
        env=clean_env(NOTIFY_SOCKET=address, WATCHDOG_USEC="200000", WATCHDOG_PID="1"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        index, _ = recorder.wait_for("READY")
        time.sleep(1.0)
        check(
            "WATCHDOG_PID naming another process: READY=1 but no WATCHDOG=1",
            index is not None and recorder.count("WATCHDOG") == 0,
            f"ready {index}, pings {recorder.count('WATCHDOG')}",
        )
    finally:
        stop(daemon)
        recorder.close()


# ---------------------------------------------------------------------------- activation

RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")


def test_activation(bin_dir, work, daemon_commit=None):
    if not shutil.which("systemd-socket-activate"):
        check("systemd-socket-activate is installed (Debian package systemd)", False)
        return
    run_dir = os.path.join(work, "run")
    os.makedirs(run_dir)
    sock_path = os.path.join(run_dir, "clienteled.sock")
    unused = os.path.join(work, "flag-socket-not-used.sock")
    notify = os.path.join(work, "notify-activation.sock")
    recorder = Recorder(notify)
    log_path = os.path.join(work, "activation.log")
    log = open(log_path, "w")
    launcher = subprocess.Popen(
        [
            "systemd-socket-activate", "-l", sock_path, "--fdname=clienteled",
            "-E", f"NOTIFY_SOCKET={notify}", "-E", "WATCHDOG_USEC=400000",
            os.path.join(bin_dir, "clienteled"), "--socket", unused,
            "--data-dir", os.path.join(work, "data-activation"),
            "--log-format", "json", "--log-level", "debug",
        ],
        env=clean_env(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    cli = os.path.join(bin_dir, "clientele")
    password = "service test password 7f3a9c"
    try:
        for _ in range(200):
            if os.path.exists(sock_path):
                break
            time.sleep(0.05)
        check("systemd-socket-activate listens before the daemon runs", os.path.exists(sock_path))
        before = os.stat(sock_path)
        check(
            "nothing runs yet: systemd-socket-activate waits for the first connection",
            recorder.count("READY") == 0,
        )
        # The first connection starts the daemon; the call waits in the socket's queue.
        health = subprocess.Popen(
            [cli, "health", "--socket", sock_path, "--timeout", "120"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=clean_env(),
        )  # fmt: skip
        out, err = health.communicate(timeout=180)
        answer = json.loads(out) if health.returncode == 0 else {}
        check(
            "the first connection starts the daemon and `clientele health` answers SERVING",
            answer.get("status") == "SERVING",
            f"exit {health.returncode}: {err.decode()[-300:]}",
        )
        if daemon_commit:
            check(
                "Health answers the daemon's commit (server_commit), as clienteled --version prints it",
                answer.get("server_commit") == daemon_commit,
                f"{answer.get('server_commit')!r} != {daemon_commit!r}",
            )
        index, _ = recorder.wait_for("READY", timeout=30)
        check("[activation] READY=1 arrives", index is not None)
        check(
            "[activation] READY=1's STATUS names the passed socket",
            index is not None and sock_path in recorder.messages[index][1].get("STATUS", ""),
            str(recorder.messages[index][1]) if index is not None else "",
        )
        # An operator-only call: the daemon recognises its own uid through SO_PEERCRED on the
        # connections it accepts from the passed socket.
        boot = subprocess.run(
            [cli, "groups", "bootstrap", "--socket", sock_path, "--name", "Activated",
             "--owner-email", "owner@example.com", "--owner-name", "Olga Owner", "--password-stdin"],
            input=password + "\n", capture_output=True, text=True, env=clean_env(),
        )  # fmt: skip
        check(
            "[activation] an operator-only call (groups bootstrap) passes: peer credentials work",
            boot.returncode == 0,
            boot.stderr[-300:],
        )
        group_id = json.loads(boot.stdout)["group"]["id"] if boot.returncode == 0 else ""
        login = subprocess.run(
            [cli, "login", "--socket", sock_path, "--group-id", group_id, "--email", "owner@example.com",
             "--password-stdin"],
            input=password + "\n", capture_output=True, text=True,
            env=clean_env(XDG_CONFIG_HOME=os.path.join(work, "config")),
        )  # fmt: skip
        check("[activation] login answers", login.returncode == 0, login.stderr[-300:])
        token = ""
        token_file = os.path.join(work, "config", "clientele", "token")
        if os.path.exists(token_file):
            with open(token_file) as f:
                token = f.read().strip()
        # A refused call: its line must carry the refusal's code.
        subprocess.run(
            [cli, "whoami", "--socket", sock_path, "--token", "not-a-real-token"], capture_output=True,
            env=clean_env(),
        )  # fmt: skip
        # One call whose caller's pid we know.
        probe = subprocess.Popen(
            [cli, "health", "--socket", sock_path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env=clean_env(),
        )  # fmt: skip
        probe_pid = probe.pid
        probe.wait(timeout=60)
        time.sleep(0.2)
        check(
            "[activation] --socket given but unused: the daemon created no file there",
            not os.path.exists(unused),
        )
        before_stop = len(recorder.messages)
        launcher.send_signal(signal.SIGTERM)  # systemd-socket-activate execs: this is the daemon
        index, _ = recorder.wait_for("STOPPING", after=before_stop, timeout=30)
        check("[activation] STOPPING=1 on SIGTERM", index is not None)
        status = stop(launcher)
        check("[activation] the daemon exits 0 after SIGTERM", status == 0, f"status {status}")
        check("[activation] the socket file is still there after the daemon exited", os.path.exists(sock_path))
        if os.path.exists(sock_path):
            after = os.stat(sock_path)
            check(
                "[activation] ... the same socket (inode), mode and owner: never recreated nor chmodded",
                (after.st_ino, after.st_mode, after.st_uid, after.st_gid)
                == (before.st_ino, before.st_mode, before.st_uid, before.st_gid),
                f"{stat.filemode(before.st_mode)} -> {stat.filemode(after.st_mode)}",
            )
        check("[activation] WATCHDOG=1 was sent under activation too", recorder.count("WATCHDOG") >= 1)
    finally:
        stop(launcher)
        log.close()
        recorder.close()

    # The JSON log of that run.
    with open(log_path) as f:
        lines = [line for line in f.read().splitlines() if line.strip()]
    daemon_lines = [line for line in lines if line.startswith("{")]
    other = [line for line in lines if not line.startswith("{")]
    # systemd-socket-activate writes its own text lines ("Listening on ...", "Execing ...").
    check(
        "[json log] only systemd-socket-activate's own lines are not JSON",
        all(re.match(r"^(Listening on|Communication attempt|Execing|Received SIG)", line) for line in other),
        str(other[:3]),
    )
    parsed = []
    bad = []
    for line in daemon_lines:
        try:
            parsed.append(json.loads(line))
        except ValueError:
            bad.append(line)
    check("[json log] every daemon line parses as one JSON object", not bad and parsed, str(bad[:2]))
    check(
        "[json log] every line has an RFC 3339 time with fraction, a level and a message",
        all(RFC3339.match(entry.get("time", "")) and entry.get("level") and "message" in entry for entry in parsed),
        str([entry for entry in parsed if not RFC3339.match(entry.get("time", ""))][:2]),
    )
    listening = [entry for entry in parsed if entry.get("message") == "listening"]
    check(
        "[json log] 'listening' says the socket came from systemd",
        listening and listening[0].get("activation") == "systemd" and listening[0].get("socket") == sock_path,
        str(listening),
    )
    calls = [entry for entry in parsed if entry.get("message") == "call"]
    health_call = [
        entry for entry in calls
        if entry.get("method") == "clientele.v1.Health/Check" and entry.get("peer_pid") == probe_pid
    ]  # fmt: skip
    check(
        "[json log] a call's line carries method, code, request_id, micros, peer_uid and the caller's peer_pid",
        len(health_call) == 1
        and health_call[0].get("code") == "OK"
        and isinstance(health_call[0].get("micros"), int)
        and health_call[0].get("request_id")
        and health_call[0].get("peer_uid") == os.getuid(),
        str(health_call or calls[-3:]),
    )
    check(
        "[json log] a refused call's line carries its code (UNAUTHENTICATED for a bad token)",
        any(entry.get("code") == "UNAUTHENTICATED" for entry in calls),
        str([(entry.get("method"), entry.get("code")) for entry in calls]),
    )
    text = "\n".join(lines)
    check(
        "[json log] neither the password nor the session token appears",
        password not in text and (not token or token not in text),
    )


def start_with_fd3(bin_dir, work, prepare, label, listen_pid=None):
    """Starts clienteled with LISTEN_FDS=1 and fd 3 set by `prepare()` (in the child);
    LISTEN_PID is the child's own pid unless `listen_pid` is given. Returns (status, output)."""
    env = clean_env(LISTEN_FDS="1")
    script = 'export LISTEN_PID="${FORCED_PID:-$$}"; exec "$@"'
    if listen_pid is not None:
        env["FORCED_PID"] = str(listen_pid)
    result = subprocess.run(
        ["sh", "-c", script, "sh", os.path.join(bin_dir, "clienteled"),
         "--data-dir", os.path.join(work, f"data-bad-{label}"), "--socket", os.path.join(work, f"bad-{label}.sock")],
        env=env, preexec_fn=prepare, close_fds=False, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    return result.returncode, result.stdout + result.stderr


def test_bad_activation(bin_dir, work):
    keep = []

    def fd3_from(make):
        def prepare():
            fd = make()
            os.dup2(fd, 3)  # dup2 clears close-on-exec on fd 3

        return prepare

    def unix_stream(listen):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        path = os.path.join(work, f"fd3-{len(keep)}.sock")
        s.bind(path)
        if listen:
            s.listen(8)
        keep.append(s)
        return s.fileno()

    listening_path = unix_stream(True)
    not_listening = unix_stream(False)
    datagram = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    datagram.bind(os.path.join(work, "fd3-dgram.sock"))
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    tcp.bind(("127.0.0.1", 0))
    tcp.listen(8)
    keep += [datagram, tcp]
    regular = os.open(os.path.join(work, "fd3-file"), os.O_CREAT | os.O_RDWR, 0o600)

    cases = [
        ("wrong-pid", lambda: os.dup2(listening_path, 3), 1, "LISTEN_PID=1 is not this process"),
        ("file", lambda: os.dup2(regular, 3), None, "fd 3 is not a socket"),
        ("not-listening", lambda: os.dup2(not_listening, 3), None, "fd 3 is not listening"),
        ("datagram", lambda: os.dup2(datagram.fileno(), 3), None, "fd 3 is not a stream socket"),
        ("tcp", lambda: os.dup2(tcp.fileno(), 3), None, "fd 3 is not a Unix socket"),
    ]
    for label, prepare, pid, expected in cases:
        status, output = start_with_fd3(bin_dir, work, prepare, label, listen_pid=pid)
        check(
            f"[bad activation: {label}] a clear startup error ({expected!r}), exit 1",
            status == 1 and expected in output and "cannot start" in output,
            f"exit {status}: {output[-400:]}",
        )
        check(
            f"[bad activation: {label}] the --socket path was not created",
            not os.path.exists(os.path.join(work, f"bad-{label}.sock")),
        )
    for s in keep:
        s.close()
    os.close(regular)


# ---------------------------------------------------------------------------- version, MDWE


def test_version(repo, bin_dir, work):
    with open(os.path.join(repo, "Sources/ClienteleAPI/ClienteleVersion.swift")) as f:
        version = re.search(r'current = "([^"]+)"', f.read()).group(1)
    commits = {}
    for name in ("clienteled", "clientele"):
        result = subprocess.run([os.path.join(bin_dir, name), "--version"], capture_output=True, text=True)
        match = re.fullmatch(rf"{re.escape(version)} \(commit ([0-9a-f]{{12}})\)", result.stdout.strip())
        check(f"{name} --version prints the version and a 12-digit commit", match is not None, result.stdout + result.stderr)
        if match:
            commits[name] = match.group(1)
    if commits:
        commit = next(iter(commits.values()))
        ancestor = subprocess.run(["git", "-C", repo, "merge-base", "--is-ancestor", commit, "HEAD"])
        check("... a commit of this repository (HEAD or before it)", ancestor.returncode == 0, commit)
        check("... the same commit in both binaries", len(set(commits.values())) == 1, str(commits))
    return commits


def test_mdwe(bin_dir, work):
    """MemoryDenyWriteExecute=yes forbids writable+executable mappings; the kernel's
    PR_SET_MDWE (Linux 6.3) enforces the same, inherited across exec: the daemon must start
    and answer under it."""
    libc = ctypes.CDLL(None, use_errno=True)
    PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN = 65, 1

    def prepare():
        if libc.prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN, 0, 0, 0) != 0:
            os._exit(97)

    probe = subprocess.run(["true"], preexec_fn=prepare)
    if probe.returncode == 97:
        print("skip MemoryDenyWriteExecute: this kernel has no PR_SET_MDWE (before Linux 6.3)")
        return
    sock_path = os.path.join(work, "mdwe.sock")
    daemon = subprocess.Popen(
        [os.path.join(bin_dir, "clienteled"), "--socket", sock_path, "--data-dir", os.path.join(work, "data-mdwe")],
        preexec_fn=prepare, env=clean_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        health = subprocess.run(
            [os.path.join(bin_dir, "clientele"), "health", "--socket", sock_path, "--timeout", "5"],
            capture_output=True, text=True,
        )  # fmt: skip
        for _ in range(120):
            if health.returncode == 0 or daemon.poll() is not None:
                break
            time.sleep(0.5)
            health = subprocess.run(
                [os.path.join(bin_dir, "clientele"), "health", "--socket", sock_path, "--timeout", "5"],
                capture_output=True, text=True,
            )  # fmt: skip
        check(
            "under PR_SET_MDWE (MemoryDenyWriteExecute) the daemon starts and answers health",
            health.returncode == 0 and '"SERVING"' in health.stdout,
            health.stdout + health.stderr,
        )
        check("under PR_SET_MDWE the daemon stops cleanly", stop(daemon) == 0)
    finally:
        stop(daemon)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", required=True, help="folder with clienteled and clientele")
    parser.add_argument("--repo", required=True)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="clientele-service-")
    try:
        print("-- unit files")
        test_units(args.repo, args.bin, work)
        print("-- --version")
        commits = test_version(args.repo, args.bin, work)
        print("-- sd_notify (daemon binding its own socket)")
        test_notify(args.bin, work, abstract=False)
        test_notify(args.bin, work, abstract=True)
        test_watchdog_pid(args.bin, work)
        print("-- socket activation (systemd-socket-activate) and JSON logs")
        test_activation(args.bin, work, commits.get("clienteled"))
        test_bad_activation(args.bin, work)
        print("-- MemoryDenyWriteExecute")
        test_mdwe(args.bin, work)
    finally:
        if RESULTS["failed"]:
            print(f"(work folder kept: {work})")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(f"service: {RESULTS['passed']} passed, {RESULTS['failed']} failed")
    return 1 if RESULTS["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
