"""ttrpc over a Unix socket: frames, the envelope and a multiplexing connection.

Wire format (see the repository's docs/protocol.md): every frame is a 10-byte
header -- payload length (uint32, big-endian), stream id (uint32, big-endian),
type (uint8: 1 request, 2 response) and flags (uint8) -- followed by the
payload, at most 4 MiB. A request frame carries a ``ttrpc.Request`` envelope, a
response frame a ``ttrpc.Response``. The client picks odd, increasing stream
ids; the answers may come in any order.
"""

from __future__ import annotations

import os
import select
import socket
import struct
import threading
import time
from typing import Dict, Iterable, List, Mapping, Optional, Tuple, Type, TypeVar, Union

from google.protobuf.message import DecodeError, Message

from ._pb.ttrpc import ttrpc_pb2
from .errors import ClienteleError, StatusCode

__all__ = [
    "Connection",
    "Metadata",
    "HEADER_SIZE",
    "MAX_MESSAGE_SIZE",
    "FRAME_REQUEST",
    "FRAME_RESPONSE",
    "encode_frame",
    "decode_header",
]

HEADER = struct.Struct(">IIBB")
HEADER_SIZE = HEADER.size  # 10
MAX_MESSAGE_SIZE = 4 << 20  # 4 MiB, inclusive
FRAME_REQUEST = 1
FRAME_RESPONSE = 2
_MAX_STREAM_ID = 0xFFFFFFFF

#: Call metadata: a mapping, or (key, value) pairs when a key repeats.
Metadata = Union[Mapping[str, str], Iterable[Tuple[str, str]]]

M = TypeVar("M", bound=Message)


def encode_frame(stream_id: int, frame_type: int, payload: bytes, flags: int = 0) -> bytes:
    """One frame: the 10-byte header and the payload."""
    return HEADER.pack(len(payload), stream_id, frame_type, flags) + payload


def decode_header(header: bytes) -> Tuple[int, int, int, int]:
    """(length, stream id, type, flags) of a 10-byte header."""
    return HEADER.unpack(header)


def _pairs(metadata: Optional[Metadata]) -> List[Tuple[str, str]]:
    if metadata is None:
        return []
    items = metadata.items() if isinstance(metadata, Mapping) else metadata
    return [(str(k).lower(), str(v)) for k, v in items]


def _request_body(
    service: str,
    method: str,
    payload: bytes,
    *,
    pairs: List[Tuple[str, str]],
    token: Optional[str],
    idempotency_key: Optional[str],
    deadline: Optional[float],
) -> bytes:
    """The encoded ``ttrpc.Request`` of a call (shared by Connection and AsyncConnection).

    ``pairs`` is the metadata as sent; ``token`` adds ``authorization: Bearer
    <token>`` unless the pairs hold an ``authorization`` key; ``idempotency_key``
    adds ``idempotency-key``; ``deadline`` (time.monotonic()) becomes ``timeout_nano``.
    """
    pairs = list(pairs)
    if token and not any(key == "authorization" for key, _ in pairs):
        pairs.append(("authorization", f"Bearer {token}"))
    if idempotency_key is not None:
        pairs.append(("idempotency-key", idempotency_key))
    request = ttrpc_pb2.Request(service=service, method=method, payload=payload)
    request.metadata.extend(ttrpc_pb2.KeyValue(key=k, value=v) for k, v in pairs)
    if deadline is not None:
        request.timeout_nano = max(1, int((deadline - time.monotonic()) * 1e9))
    body = request.SerializeToString()
    if len(body) > MAX_MESSAGE_SIZE:
        raise ClienteleError(
            StatusCode.RESOURCE_EXHAUSTED,
            f"request of {len(body)} bytes exceeds the maximum message size of {MAX_MESSAGE_SIZE}",
        )
    return body


def _answer(response: ttrpc_pb2.Response) -> bytes:
    """The payload of a ``ttrpc.Response``; raises :class:`ClienteleError` for a non-OK status."""
    if response.HasField("status") and response.status.code != 0:
        raise ClienteleError(response.status.code, response.status.message, list(response.status.details))
    return response.payload


def _decode(response_type: Type[M], payload: bytes) -> M:
    response = response_type()
    try:
        response.ParseFromString(payload)
    except DecodeError as error:
        raise ClienteleError(
            StatusCode.INTERNAL, f"cannot decode {response_type.DESCRIPTOR.full_name}: {error}"
        ) from None
    return response


class _Pending:
    __slots__ = ("response", "error", "done")

    def __init__(self) -> None:
        self.response: Optional[ttrpc_pb2.Response] = None
        self.error: Optional[ClienteleError] = None
        self.done = False


class Connection:
    """A connection to clienteled, shared safely by any number of threads.

    Calls are multiplexed: each gets its own stream id, and whichever waiting
    thread is free reads the socket and hands every answer to its caller, so a
    slow call does not hold up the others and no background thread is needed.
    The socket is opened on the first call (or by :meth:`connect`) and opened
    again on the next call after the daemon closed it; calls in flight when it
    breaks fail with UNAVAILABLE.

    ``token`` is sent as ``authorization: Bearer <token>``; ``timeout``
    (seconds) and ``metadata`` are defaults for every call. A call's timeout
    goes to the daemon as ``timeout_nano`` and also bounds the client's own
    wait on the socket: when it passes, the call raises DEADLINE_EXCEEDED and a
    late answer is dropped.

    Not fork-safe: open a new connection in a child process.
    """

    def __init__(
        self,
        path: Union[str, "os.PathLike[str]"],
        *,
        token: Optional[str] = None,
        timeout: Optional[float] = None,
        metadata: Optional[Metadata] = None,
        connect_timeout: float = 5.0,
    ) -> None:
        self.path = os.fspath(path)
        self.token = token
        self.timeout = timeout
        self.metadata = _pairs(metadata)
        self.connect_timeout = connect_timeout
        self._cv = threading.Condition(threading.Lock())
        self._send_lock = threading.Lock()
        self._sock: Optional[socket.socket] = None
        self._generation = 0
        self._next_id = 1
        self._pending: Dict[int, _Pending] = {}
        self._reading = False
        self._rbuf = bytearray()
        self._closed = False

    # -- lifecycle -------------------------------------------------------------

    def connect(self) -> None:
        """Opens the socket now instead of on the first call."""
        with self._cv:
            self._closed = False
            self._connected_locked()

    def close(self) -> None:
        """Closes the socket; calls in flight fail with CANCELLED."""
        with self._cv:
            self._closed = True
            self._break_locked(self._generation, ClienteleError(StatusCode.CANCELLED, "connection closed"))

    def __enter__(self) -> "Connection":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Connection({self.path!r})"

    # -- calls -----------------------------------------------------------------

    def call(
        self,
        service: str,
        method: str,
        request: Message,
        response_type: Type[M],
        *,
        timeout: Optional[float] = None,
        metadata: Optional[Metadata] = None,
        token: Optional[str] = None,
        idempotency_key: Optional[str] = None,
    ) -> M:
        """Calls ``service/method`` (e.g. ``clientele.v1.Clients``, ``GetClient``)
        with a request message and decodes the answer as ``response_type``.

        Raises :class:`ClienteleError` for a non-OK status.
        """
        payload = self.call_raw(
            service,
            method,
            request.SerializeToString(),
            timeout=timeout,
            metadata=metadata,
            token=token,
            idempotency_key=idempotency_key,
        )
        return _decode(response_type, payload)

    def call_raw(
        self,
        service: str,
        method: str,
        payload: bytes,
        *,
        timeout: Optional[float] = None,
        metadata: Optional[Metadata] = None,
        token: Optional[str] = None,
        idempotency_key: Optional[str] = None,
    ) -> bytes:
        """Like :meth:`call`, with the request and the answer as encoded bytes.

        ``timeout`` (seconds; None: the connection's default, which is no
        deadline unless set) bounds the whole call. Metadata is sent as given
        (keys lower-cased, a key may repeat) after the connection's defaults;
        ``token`` (else the connection's) adds ``authorization: Bearer <token>``
        unless the metadata has an ``authorization`` key; ``idempotency_key``
        adds ``idempotency-key``.
        """
        if timeout is None:
            timeout = self.timeout
        deadline = None if timeout is None else time.monotonic() + timeout
        if timeout is not None and timeout <= 0:
            raise ClienteleError(StatusCode.DEADLINE_EXCEEDED, "deadline exceeded before the call was sent")

        body = _request_body(
            service,
            method,
            payload,
            pairs=self.metadata + _pairs(metadata),
            token=token if token is not None else self.token,
            idempotency_key=idempotency_key,
            deadline=deadline,
        )

        pending = _Pending()
        with self._cv:
            sock = self._connected_locked()
            generation = self._generation
            stream_id = self._next_id
            self._next_id += 2
            self._pending[stream_id] = pending

        self._send(sock, generation, stream_id, encode_frame(stream_id, FRAME_REQUEST, body), deadline)
        return _answer(self._wait(pending, stream_id, generation, deadline))

    # -- internals (the lock is held where a name ends in _locked) -------------

    def _connected_locked(self) -> socket.socket:
        if self._closed:
            raise ClienteleError(StatusCode.CANCELLED, "connection closed")
        if self._sock is not None and self._next_id > _MAX_STREAM_ID and not self._pending:
            self._break_locked(self._generation, ClienteleError(StatusCode.UNAVAILABLE, "stream ids used up"))
        if self._sock is None:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                sock.settimeout(self.connect_timeout)
                sock.connect(self.path)
                sock.setblocking(False)
            except OSError as error:
                sock.close()
                raise ClienteleError(
                    StatusCode.UNAVAILABLE, f"cannot connect to {self.path}: {error.strerror or error}"
                ) from None
            self._sock = sock
            self._generation += 1
            self._next_id = 1
            self._rbuf = bytearray()
        if self._next_id > _MAX_STREAM_ID:
            raise ClienteleError(StatusCode.RESOURCE_EXHAUSTED, "stream ids used up; retry")
        return self._sock

    def _break_locked(self, generation: int, error: ClienteleError) -> None:
        """Closes connection ``generation`` (if still current), failing its calls."""
        if generation != self._generation or self._sock is None:
            return
        try:
            self._sock.shutdown(socket.SHUT_RDWR)  # wakes a reader blocked in poll
        except OSError:
            pass
        self._sock.close()
        self._sock = None
        self._rbuf = bytearray()
        for pending in self._pending.values():
            pending.error = error
            pending.done = True
        self._pending.clear()
        self._cv.notify_all()

    def _send(self, sock: socket.socket, generation: int, stream_id: int, frame: bytes, deadline: Optional[float]) -> None:
        sent = 0
        try:
            if not self._send_lock.acquire(timeout=-1 if deadline is None else max(0.0, deadline - time.monotonic())):
                raise ClienteleError(StatusCode.DEADLINE_EXCEEDED, "deadline exceeded while waiting to send")
            try:
                view = memoryview(frame)
                while sent < len(frame):
                    try:
                        sent += sock.send(view[sent:])
                    except BlockingIOError:
                        if not _poll(sock, select.POLLOUT, deadline):
                            raise ClienteleError(
                                StatusCode.DEADLINE_EXCEEDED, "deadline exceeded while sending"
                            ) from None
            finally:
                self._send_lock.release()
        except (ClienteleError, OSError) as error:
            with self._cv:
                self._pending.pop(stream_id, None)
                if isinstance(error, OSError) or sent > 0:
                    # A half-sent frame or a broken socket leaves nothing usable.
                    self._break_locked(
                        generation, ClienteleError(StatusCode.UNAVAILABLE, f"connection to {self.path} broken")
                    )
            if isinstance(error, OSError):
                raise ClienteleError(
                    StatusCode.UNAVAILABLE, f"cannot send to {self.path}: {error.strerror or error}"
                ) from None
            raise

    def _wait(self, pending: _Pending, stream_id: int, generation: int, deadline: Optional[float]) -> ttrpc_pb2.Response:
        while True:
            with self._cv:
                while True:
                    if pending.done:
                        if pending.error is not None:
                            raise pending.error
                        assert pending.response is not None
                        return pending.response
                    remaining = None if deadline is None else deadline - time.monotonic()
                    if remaining is not None and remaining <= 0:
                        self._pending.pop(stream_id, None)  # a late answer is dropped
                        raise ClienteleError(StatusCode.DEADLINE_EXCEEDED, "deadline exceeded waiting for the answer")
                    if not self._reading and self._generation == generation and self._sock is not None:
                        self._reading = True
                        sock = self._sock
                        break
                    self._cv.wait(remaining)
            # This thread reads for everyone until it has a frame or its deadline passes.
            error: Optional[ClienteleError] = None
            frames: List[Tuple[int, int, bytes]] = []
            try:
                frames = self._read(sock, deadline)
            except ClienteleError as failure:
                error = failure
            except OSError as failure:
                error = ClienteleError(StatusCode.UNAVAILABLE, f"connection to {self.path} broken: {failure}")
            with self._cv:
                self._reading = False
                if error is not None:
                    self._break_locked(generation, error)
                for sid, frame_type, body in frames:
                    waiter = self._pending.get(sid) if frame_type == FRAME_RESPONSE else None
                    if waiter is None:
                        continue  # an abandoned call's answer, or a frame type unary calls never get
                    del self._pending[sid]
                    response = ttrpc_pb2.Response()
                    try:
                        response.ParseFromString(body)
                        waiter.response = response
                    except DecodeError as failure:
                        waiter.error = ClienteleError(StatusCode.INTERNAL, f"undecodable response envelope: {failure}")
                    waiter.done = True
                self._cv.notify_all()

    def _read(self, sock: socket.socket, deadline: Optional[float]) -> List[Tuple[int, int, bytes]]:
        """Complete frames, after waiting at most until ``deadline`` for bytes.

        Bytes of an unfinished frame stay in the buffer for the next reader, so
        a timeout never desynchronises the stream.
        """
        if _poll(sock, select.POLLIN, deadline):
            try:
                chunk = sock.recv(1 << 16)
            except BlockingIOError:
                chunk = None
            if chunk == b"":
                raise ClienteleError(StatusCode.UNAVAILABLE, f"connection to {self.path} closed by the daemon")
            if chunk:
                self._rbuf += chunk
        frames = []
        while len(self._rbuf) >= HEADER_SIZE:
            length, sid, frame_type, _flags = HEADER.unpack_from(self._rbuf)
            if length > MAX_MESSAGE_SIZE:
                raise ClienteleError(StatusCode.INTERNAL, f"daemon sent a frame of {length} bytes (over 4 MiB)")
            if len(self._rbuf) < HEADER_SIZE + length:
                break
            frames.append((sid, frame_type, bytes(self._rbuf[HEADER_SIZE : HEADER_SIZE + length])))
            del self._rbuf[: HEADER_SIZE + length]
        return frames


def _poll(sock: socket.socket, events: int, deadline: Optional[float]) -> bool:
    """Waits until ``sock`` is ready for ``events`` (or has an error); False on timeout."""
    poller = select.poll()
    poller.register(sock, events)
    if deadline is None:
        return bool(poller.poll())
    remaining_ms = max(0, int((deadline - time.monotonic()) * 1000 + 0.999))
    return bool(poller.poll(remaining_ms))
