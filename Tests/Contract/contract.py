#!/usr/bin/env python3
"""Contract tests: recorded request/response pairs replayed against a fresh daemon.

Each case is a folder Tests/Contract/cases/NNN-name/ holding

    request.bin    the request message as sent (the ttrpc Request's payload)
    request.txtpb  the same in protobuf text format, for reviewers
    response.bin   the ttrpc Response envelope as received: status and payload
    response.txtpb the answer in text format: the response message, or the error status
    meta.json      service, method, metadata sent, expected status code, volatile fields

The cases run in order against one daemon started with --test-deterministic
(fixed clock, seeded ids and tokens), so later cases name ids and tokens that
earlier ones created, and every answer is the same bytes in every run.
With $CLIENTELE_FRESH_STORE set (a command printing the --store URL of a new empty
database: scripts/test-postgres) each daemon runs on a database of its own instead of
SQLite in its data folder; the recordings are the same for both.

    contract.py --daemon PATH                 replay every case, compare byte for byte
    contract.py --daemon PATH --record        run tests/Contract/cases.py and rewrite cases/
    contract.py --daemon PATH --client python replay, the cases marked for Python through
                                              clientele_client.Connection
    contract.py --daemon PATH --client c --c-replay BIN
                                              replay, the cases marked for C through BIN
                                              (clients/c/tests/contract_replay.c)
    contract.py --daemon PATH --client swift --swift-replay BIN
                                              replay, EVERY case of a contract method through
                                              BIN (clientele-contract-replay: the typed Swift
                                              client's generated call for that method)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
from typing import Dict, List, Optional, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
CASES = os.path.join(HERE, "cases")
sys.path.insert(0, os.path.join(REPO, "clients", "python", "src"))

from google.protobuf import symbol_database, text_format  # noqa: E402

from clientele_client._pb.clientele.v1 import (  # noqa: E402,F401  (registers every message type)
    access_pb2,
    audit_pb2,
    billing_pb2,
    changes_pb2,
    clients_pb2,
    health_pb2,
    outbox_pb2,
    people_pb2,
    reflection_pb2,
)
from clientele_client._pb.google.rpc import status_pb2  # noqa: E402
from clientele_client._pb.ttrpc import ttrpc_pb2  # noqa: E402
from clientele_client.connection import HEADER, encode_frame, FRAME_REQUEST  # noqa: E402

MODULES = [access_pb2, audit_pb2, billing_pb2, changes_pb2, clients_pb2, health_pb2, outbox_pb2, people_pb2, reflection_pb2]
CODES = [
    "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
    "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
    "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
]  # fmt: skip


def method_types(service: str, method: str):
    """(request class, response class) of an RPC, from the generated descriptors."""
    package, _, name = service.rpartition(".")
    for module in MODULES:
        descriptor = module.DESCRIPTOR.services_by_name.get(name)
        if descriptor is not None and descriptor.full_name == service:
            rpc = descriptor.methods_by_name[method]
            db = symbol_database.Default()
            return db.GetSymbol(rpc.input_type.full_name), db.GetSymbol(rpc.output_type.full_name)
    raise KeyError(f"no RPC {service}/{method}")


# -- the daemon ------------------------------------------------------------------


def fresh_store() -> List[str]:
    """`--store URL` of a new empty database when $CLIENTELE_FRESH_STORE names a command that
    prints one (scripts/test-postgres), else nothing: the default store in the data folder."""
    command = os.environ.get("CLIENTELE_FRESH_STORE")
    if not command:
        return []
    url = subprocess.run(command, shell=True, check=True, capture_output=True, text=True).stdout.strip()
    return ["--store", url]


def engine_of(store: List[str]) -> str:
    """The engine Health names for a daemon started with `store` (the recordings are SQLite's)."""
    url = store[1] if store else os.environ.get("CLIENTELED_STORE", "sqlite")
    return "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"


def names_engine(meta: dict) -> bool:
    """Whether the case's answer names the store's engine (Health/Check: store.engine)."""
    return "store.engine_version" in meta.get("volatile", [])


def on_engine(meta: dict, engine: str) -> dict:
    """The case as compared on `engine`: recorded on SQLite, an answer naming the engine names
    another one elsewhere; that field is then masked here and checked by engine_named."""
    if engine == "sqlite" or not names_engine(meta):
        return meta
    return dict(meta, volatile=meta["volatile"] + ["store.engine"])


def engine_named(meta: dict, payload: bytes, engine: str) -> bool:
    """An answer naming the engine names the one the daemon runs on."""
    if engine == "sqlite" or not names_engine(meta):
        return True
    _, response_type = method_types(meta["service"], meta["method"])
    message = response_type()
    message.ParseFromString(payload)
    return message.store.engine == engine


class Daemon:
    """clienteled --test-deterministic on a fresh data folder (or fresh database), stopped with SIGTERM."""

    def __init__(self, binary: str) -> None:
        self.folder = tempfile.mkdtemp(prefix="clientele-contract-")
        self.socket = os.path.join(self.folder, "clienteled.sock")
        self.log_path = os.path.join(self.folder, "clienteled.log")
        self.log = open(self.log_path, "wb")
        store = fresh_store()
        self.engine = engine_of(store)
        self.process = subprocess.Popen(
            [os.path.abspath(binary), "--test-deterministic", "--socket", self.socket, "--data-dir", os.path.join(self.folder, "data")]
            + store,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            cwd=self.folder,
        )
        deadline = time.monotonic() + 30
        while not os.path.exists(self.socket):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise SystemExit(f"contract: the daemon did not start; its log:\n{self.read_log()}")
            time.sleep(0.05)

    def read_log(self) -> str:
        with open(self.log_path, "rb") as handle:
            return handle.read().decode(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)


class RawConnection:
    """One socket, one call at a time: the request envelope out, the response envelope's bytes back."""

    def __init__(self, path: str) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(60)
        self.sock.connect(path)
        self.stream = 1

    def call(self, service: str, method: str, payload: bytes, metadata: List[Tuple[str, str]]) -> bytes:
        request = ttrpc_pb2.Request(service=service, method=method, payload=payload)
        request.metadata.extend(ttrpc_pb2.KeyValue(key=k, value=v) for k, v in metadata)
        self.sock.sendall(encode_frame(self.stream, FRAME_REQUEST, request.SerializeToString()))
        length, stream, _, _ = HEADER.unpack(self.read(HEADER.size))
        body = self.read(length)
        if stream != self.stream:
            raise SystemExit(f"contract: answer on stream {stream}, expected {self.stream}")
        self.stream += 2
        return body

    def read(self, count: int) -> bytes:
        data = b""
        while len(data) < count:
            chunk = self.sock.recv(count - len(data))
            if not chunk:
                raise SystemExit("contract: the daemon closed the connection")
            data += chunk
        return data

    def close(self) -> None:
        self.sock.close()


# -- masking and rendering -------------------------------------------------------


def outcome(response: bytes) -> Tuple[int, str, bytes]:
    """(status code, message, payload) of a ttrpc Response envelope."""
    envelope = ttrpc_pb2.Response()
    envelope.ParseFromString(response)
    return envelope.status.code, envelope.status.message, envelope.payload


def masked_payload(meta: dict, payload: bytes) -> bytes:
    """The payload with the case's volatile fields (dotted paths) cleared, re-encoded."""
    if not meta.get("volatile"):
        return payload
    _, response_type = method_types(meta["service"], meta["method"])
    message = response_type()
    message.ParseFromString(payload)
    for path in meta["volatile"]:
        *parents, leaf = path.split(".")
        target = message
        for parent in parents:
            target = getattr(target, parent)
        target.ClearField(leaf)
    return message.SerializeToString(deterministic=True)


def comparable(meta: dict, response: bytes) -> bytes:
    """The response envelope with the volatile fields of its payload masked."""
    if not meta.get("volatile"):
        return response
    envelope = ttrpc_pb2.Response()
    envelope.ParseFromString(response)
    envelope.payload = masked_payload(meta, envelope.payload)
    return envelope.SerializeToString(deterministic=True)


def response_text(meta: dict, response: bytes) -> str:
    code, message, payload = outcome(response)
    header = f"# {meta['service']}/{meta['method']} -> {CODES[code] if code < len(CODES) else code}\n"
    if code != 0:
        return header + "# google.rpc.Status\n" + text_format.MessageToString(status_pb2.Status(code=code, message=message))
    _, response_type = method_types(meta["service"], meta["method"])
    decoded = response_type()
    decoded.ParseFromString(payload)
    volatile = "".join(f"# volatile (masked when compared): {path}\n" for path in meta.get("volatile", []))
    return header + f"# {response_type.DESCRIPTOR.full_name}\n" + volatile + text_format.MessageToString(decoded)


# -- record ----------------------------------------------------------------------


def record(daemon: Daemon) -> int:
    import cases as definitions

    # Answers that differ from the previous recording only in volatile fields keep their old
    # bytes, so that re-recording changes no file without a reason.
    previous: Dict[str, bytes] = {}
    if os.path.isdir(CASES):
        for name in os.listdir(CASES):
            path = os.path.join(CASES, name, "response.bin")
            if os.path.exists(path):
                with open(path, "rb") as handle:
                    previous[name] = handle.read()
        shutil.rmtree(CASES)
    os.makedirs(CASES)
    connection = RawConnection(daemon.socket)
    context: Dict[str, str] = {}
    failures = 0
    for number, case in enumerate(definitions.CASES, start=1):
        request_type, response_type = method_types(case.service, case.method)
        request = case.build(request_type, context)
        payload = request.SerializeToString(deterministic=True)
        metadata = case.metadata(context, number)
        response = connection.call(case.service, case.method, payload, metadata)
        code, message, body = outcome(response)
        if CODES[code] != case.expect:
            failures += 1
            print(f"contract: RECORD MISMATCH {number:03d}-{case.name}: expected {case.expect}, got {CODES[code]}: {message}")
        if code == 0 and case.save:
            decoded = response_type()
            decoded.ParseFromString(body)
            case.save(context, decoded)
        name = f"{number:03d}-{case.name}"
        folder = os.path.join(CASES, name)
        os.makedirs(folder)
        meta = {
            "service": case.service,
            "method": case.method,
            "description": case.description,
            "metadata": [list(pair) for pair in metadata],
            "expect": case.expect,
            "volatile": case.volatile,
            "clients": case.clients,
        }
        with open(os.path.join(folder, "meta.json"), "w") as handle:
            json.dump(meta, handle, indent=2)
            handle.write("\n")
        with open(os.path.join(folder, "request.bin"), "wb") as handle:
            handle.write(payload)
        with open(os.path.join(folder, "request.txtpb"), "w") as handle:
            handle.write(f"# {case.service}/{case.method}: {request_type.DESCRIPTOR.full_name}\n")
            handle.write(text_format.MessageToString(request))
        if name in previous and comparable(meta, previous[name]) == comparable(meta, response):
            response = previous[name]
        with open(os.path.join(folder, "response.bin"), "wb") as handle:
            handle.write(response)
        with open(os.path.join(folder, "response.txtpb"), "w") as handle:
            handle.write(response_text(meta, response))
    connection.close()
    count = len(definitions.CASES)
    rpcs = len({(c.service, c.method) for c in definitions.CASES})
    print(f"contract: recorded {count} cases covering {rpcs} RPCs into {os.path.relpath(CASES, REPO)}/")
    return 1 if failures else 0


# -- replay ----------------------------------------------------------------------


def load_cases() -> List[Tuple[str, dict, bytes, bytes]]:
    loaded = []
    for name in sorted(os.listdir(CASES)):
        folder = os.path.join(CASES, name)
        with open(os.path.join(folder, "meta.json")) as handle:
            meta = json.load(handle)
        with open(os.path.join(folder, "request.bin"), "rb") as handle:
            request = handle.read()
        with open(os.path.join(folder, "response.bin"), "rb") as handle:
            response = handle.read()
        # The readable files must say what the bytes say: a reviewer reads those.
        request_type, _ = method_types(meta["service"], meta["method"])
        with open(os.path.join(folder, "request.txtpb")) as handle:
            parsed = text_format.Parse(handle.read(), request_type())
        if parsed.SerializeToString(deterministic=True) != request:
            raise SystemExit(f"contract: {name}: request.txtpb and request.bin differ")
        with open(os.path.join(folder, "response.txtpb")) as handle:
            if handle.read() != response_text(meta, response):
                raise SystemExit(f"contract: {name}: response.txtpb does not match response.bin")
        loaded.append((name, meta, request, response))
    return loaded


def via_python(socket_path: str, meta: dict, request: bytes) -> Tuple[int, str, bytes]:
    from clientele_client import Connection
    from clientele_client.errors import ClienteleError

    with Connection(socket_path, timeout=60) as connection:
        try:
            return 0, "", connection.call_raw(
                meta["service"], meta["method"], request, metadata=[tuple(p) for p in meta["metadata"]]
            )
        except ClienteleError as error:
            return int(error.code), error.message, b""


def via_c(binary: str, socket_path: str, meta: dict, request: bytes) -> Tuple[int, str, bytes]:
    with tempfile.TemporaryDirectory() as folder:
        request_path = os.path.join(folder, "request.bin")
        answer_path = os.path.join(folder, "response.bin")
        with open(request_path, "wb") as handle:
            handle.write(request)
        command = [binary, socket_path, meta["service"], meta["method"], request_path, answer_path]
        command += [f"{key}={value}" for key, value in meta["metadata"]]
        subprocess.run(command, check=True)
        with open(answer_path, "rb") as handle:
            return outcome(handle.read())


def through_client(client: Optional[str], meta: dict) -> bool:
    """Whether the case goes through the client: Swift takes every case (its typed calls
    cover the whole contract), Python and C the cases marked for them."""
    if client == "swift":
        return True
    return bool(client) and client in meta.get("clients", [])


def replay(daemon: Daemon, client: Optional[str], c_binary: Optional[str]) -> int:
    cases = load_cases()
    connection = RawConnection(daemon.socket)
    failures = 0
    through = 0
    for name, meta, request, expected in cases:
        meta = on_engine(meta, daemon.engine)
        if through_client(client, meta):
            through += 1
            if client == "python":
                answer = via_python(daemon.socket, meta, request)
            else:  # the C and Swift replay programs take the same arguments
                answer = via_c(c_binary, daemon.socket, meta, request)
            want_code, want_message, want_payload = outcome(expected)
            same = answer[:2] == (want_code, want_message) and masked_payload(meta, answer[2]) == masked_payload(
                meta, want_payload
            )
            same = same and engine_named(meta, answer[2], daemon.engine)
            got = f"{CODES[answer[0]]}: {answer[1]}"
        else:
            actual = connection.call(meta["service"], meta["method"], request, [tuple(p) for p in meta["metadata"]])
            same = comparable(meta, actual) == comparable(meta, expected) and engine_named(meta, outcome(actual)[2], daemon.engine)
            got = response_text(meta, actual)
        if not same:
            failures += 1
            print(f"contract: FAIL {name}: the answer differs from response.bin; got:\n{got}")
    connection.close()
    label = f", {through} through the {client} client" if client else ""
    print(f"contract: {len(cases) - failures} of {len(cases)} cases replayed byte for byte{label}")
    if client and through == 0:
        print(f"contract: no case is marked for the {client} client")
        return 1
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--daemon", required=True, help="the clienteled binary")
    parser.add_argument("--record", action="store_true", help="rewrite cases/ from cases.py")
    parser.add_argument("--client", choices=["python", "c", "swift"], help="replay the cases through this client")
    parser.add_argument("--c-replay", help="the C replay program (with --client c)")
    parser.add_argument("--swift-replay", help="clientele-contract-replay (with --client swift)")
    arguments = parser.parse_args()
    if arguments.client == "c" and not arguments.c_replay:
        parser.error("--client c needs --c-replay")
    if arguments.client == "swift" and not arguments.swift_replay:
        parser.error("--client swift needs --swift-replay")
    daemon = Daemon(arguments.daemon)
    try:
        if arguments.record:
            return record(daemon)
        return replay(daemon, arguments.client, arguments.swift_replay or arguments.c_replay)
    finally:
        daemon.stop()


if __name__ == "__main__":
    sys.exit(main())
