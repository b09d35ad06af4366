"""ttrpc over a Unix socket for asyncio: one connection, any number of concurrent calls.

The wire format and the envelope are the blocking client's (see connection.py):
10-byte frame headers, ``ttrpc.Request`` / ``ttrpc.Response`` envelopes, odd
and increasing stream ids picked by the client, answers in any order. Tokens,
metadata, idempotency keys and deadlines are sent exactly as ``Connection``
sends them (the same code builds the envelope).
"""

from __future__ import annotations

import asyncio
import os
import time
from typing import ClassVar, Dict, List, Optional, Tuple, Type, TypeVar, Union

from google.protobuf.message import DecodeError, Message

from ._pb.ttrpc import ttrpc_pb2
from .connection import (
    FRAME_REQUEST,
    FRAME_RESPONSE,
    HEADER,
    HEADER_SIZE,
    MAX_MESSAGE_SIZE,
    Metadata,
    _answer,
    _decode,
    _pairs,
    _request_body,
    encode_frame,
)
from .errors import ClienteleError, StatusCode

__all__ = ["AsyncConnection", "AsyncServiceClient"]

_MAX_STREAM_ID = 0xFFFFFFFF

M = TypeVar("M", bound=Message)


class _Link:
    """One open socket: its streams, the futures of its calls in flight and its reader task."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.pending: Dict[int, "asyncio.Future[ttrpc_pb2.Response]"] = {}
        self.next_id = 1
        self.task: Optional["asyncio.Task[None]"] = None
        self.broken = False

    def fail(self, error: ClienteleError) -> None:
        """Closes the socket and fails every call in flight with ``error``."""
        self.broken = True
        for future in self.pending.values():
            if not future.done():
                future.set_exception(error)
        self.pending.clear()
        self.writer.close()


class AsyncConnection:
    """An asyncio connection to clienteled, shared by any number of concurrent tasks.

    Calls are multiplexed: each gets the next odd stream id and one reader task
    hands every answer to its caller's future, so 50 gathered calls need one
    socket. The socket is opened on the first call (or by :meth:`connect`) and
    opened again on the next call after the daemon closed it; calls in flight
    when it breaks fail with UNAVAILABLE.

    ``token`` is sent as ``authorization: Bearer <token>``; ``timeout``
    (seconds) and ``metadata`` are defaults for every call. A call's timeout is
    sent as ``timeout_nano`` and also bounds the client's own wait: when it
    passes, the call raises DEADLINE_EXCEEDED and a late answer is dropped by
    its stream id. A cancelled call's answer is dropped the same way.

    Use it from one event loop. Errors are :class:`ClienteleError`, as with the
    blocking :class:`~clientele_client.Connection`.
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
        self._link: Optional[_Link] = None
        self._connecting: Optional[asyncio.Lock] = None
        self._closed = False

    # -- lifecycle -------------------------------------------------------------

    async def connect(self) -> None:
        """Opens the socket now instead of on the first call."""
        self._closed = False
        await self._connected(None)

    async def close(self) -> None:
        """Closes the socket; calls in flight fail with CANCELLED."""
        self._closed = True
        link, self._link = self._link, None
        if link is None:
            return
        link.fail(ClienteleError(StatusCode.CANCELLED, "connection closed"))
        if link.task is not None:
            link.task.cancel()
            try:
                await link.task
            except (asyncio.CancelledError, Exception):  # noqa: BLE001 - the reader's end is not the caller's
                pass
        try:
            await link.writer.wait_closed()
        except (OSError, asyncio.CancelledError):
            pass

    async def __aenter__(self) -> "AsyncConnection":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def __repr__(self) -> str:
        return f"AsyncConnection({self.path!r})"

    # -- calls -----------------------------------------------------------------

    async def call(
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
        payload = await self.call_raw(
            service,
            method,
            request.SerializeToString(),
            timeout=timeout,
            metadata=metadata,
            token=token,
            idempotency_key=idempotency_key,
        )
        return _decode(response_type, payload)

    async def call_raw(
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
        deadline unless set) bounds the whole call, connecting included.
        Metadata, ``token`` and ``idempotency_key`` are sent as
        :meth:`Connection.call_raw <clientele_client.Connection.call_raw>` sends them.
        """
        if timeout is None:
            timeout = self.timeout
        deadline = None if timeout is None else time.monotonic() + timeout
        if timeout is not None and timeout <= 0:
            raise ClienteleError(StatusCode.DEADLINE_EXCEEDED, "deadline exceeded before the call was sent")

        link = await self._connected(deadline)
        if link.next_id > _MAX_STREAM_ID:
            raise ClienteleError(StatusCode.RESOURCE_EXHAUSTED, "stream ids used up; retry")
        body = _request_body(
            service,
            method,
            payload,
            pairs=self.metadata + _pairs(metadata),
            token=token if token is not None else self.token,
            idempotency_key=idempotency_key,
            deadline=deadline,
        )
        stream_id = link.next_id
        link.next_id += 2
        future: "asyncio.Future[ttrpc_pb2.Response]" = asyncio.get_running_loop().create_future()
        link.pending[stream_id] = future
        try:
            # write() queues the whole frame at once, so concurrent calls never interleave bytes.
            link.writer.write(encode_frame(stream_id, FRAME_REQUEST, body))
            await asyncio.wait_for(link.writer.drain(), _remaining(deadline))
            response = await asyncio.wait_for(asyncio.shield(future), _remaining(deadline))
        except asyncio.TimeoutError:
            raise ClienteleError(StatusCode.DEADLINE_EXCEEDED, "deadline exceeded waiting for the answer") from None
        except (ConnectionError, OSError) as error:
            failure = ClienteleError(StatusCode.UNAVAILABLE, f"connection to {self.path} broken: {error}")
            self._break(link, failure)
            raise failure from None
        finally:
            # An abandoned call (deadline, cancellation) drops its late answer by stream id.
            link.pending.pop(stream_id, None)
            if not future.done():
                future.cancel()
        return _answer(response)

    # -- internals ---------------------------------------------------------------

    async def _connected(self, deadline: Optional[float]) -> _Link:
        if self._closed:
            raise ClienteleError(StatusCode.CANCELLED, "connection closed")
        link = self._link
        if link is not None and not link.broken and not (link.next_id > _MAX_STREAM_ID and not link.pending):
            return link
        if self._connecting is None:
            self._connecting = asyncio.Lock()
        try:
            await asyncio.wait_for(self._connecting.acquire(), _remaining(deadline))
        except asyncio.TimeoutError:
            raise ClienteleError(StatusCode.DEADLINE_EXCEEDED, "deadline exceeded while connecting") from None
        try:
            link = self._link
            if link is not None and not link.broken and not (link.next_id > _MAX_STREAM_ID and not link.pending):
                return link  # another task connected meanwhile
            if link is not None:
                self._break(link, ClienteleError(StatusCode.UNAVAILABLE, "stream ids used up"))
            wait = self.connect_timeout
            remaining = _remaining(deadline)
            if remaining is not None and remaining < wait:
                wait = remaining
            try:
                reader, writer = await asyncio.wait_for(
                    asyncio.open_unix_connection(self.path, limit=MAX_MESSAGE_SIZE + HEADER_SIZE), wait
                )
            except asyncio.TimeoutError:
                if remaining is not None and remaining <= self.connect_timeout:
                    raise ClienteleError(StatusCode.DEADLINE_EXCEEDED, "deadline exceeded while connecting") from None
                raise ClienteleError(StatusCode.UNAVAILABLE, f"cannot connect to {self.path}: timed out") from None
            except OSError as error:
                raise ClienteleError(
                    StatusCode.UNAVAILABLE, f"cannot connect to {self.path}: {error.strerror or error}"
                ) from None
            if self._closed:
                writer.close()
                raise ClienteleError(StatusCode.CANCELLED, "connection closed")
            link = _Link(reader, writer)
            link.task = asyncio.get_running_loop().create_task(self._read(link))
            self._link = link
            return link
        finally:
            self._connecting.release()

    def _break(self, link: _Link, error: ClienteleError) -> None:
        if not link.broken:
            link.fail(error)
        if self._link is link:
            self._link = None

    async def _read(self, link: _Link) -> None:
        """The link's reader: hands every answer to the future of its stream id."""
        error: ClienteleError
        try:
            while True:
                header = await link.reader.readexactly(HEADER_SIZE)
                length, stream_id, frame_type, _flags = HEADER.unpack(header)
                if length > MAX_MESSAGE_SIZE:
                    error = ClienteleError(StatusCode.INTERNAL, f"daemon sent a frame of {length} bytes (over 4 MiB)")
                    break
                body = await link.reader.readexactly(length) if length else b""
                future = link.pending.pop(stream_id, None) if frame_type == FRAME_RESPONSE else None
                if future is None or future.done():
                    continue  # an abandoned call's answer, or a frame type unary calls never get
                response = ttrpc_pb2.Response()
                try:
                    response.ParseFromString(body)
                except DecodeError as failure:
                    future.set_exception(ClienteleError(StatusCode.INTERNAL, f"undecodable response envelope: {failure}"))
                    continue
                future.set_result(response)
        except asyncio.IncompleteReadError:
            error = ClienteleError(StatusCode.UNAVAILABLE, f"connection to {self.path} closed by the daemon")
        except (ConnectionError, OSError) as failure:
            error = ClienteleError(StatusCode.UNAVAILABLE, f"connection to {self.path} broken: {failure}")
        self._break(link, error)


def _remaining(deadline: Optional[float]) -> Optional[float]:
    if deadline is None:
        return None
    return max(0.0, deadline - time.monotonic())


class AsyncServiceClient:
    """Calls one ttrpc service over an :class:`AsyncConnection`.

    ``connection`` may be a socket path, which opens a connection of the
    client's own. ``token``, ``timeout`` and ``metadata`` are defaults for the
    client's calls, taking precedence over the connection's; each method takes
    the same keywords for one call.
    """

    SERVICE: ClassVar[str] = ""

    def __init__(
        self,
        connection: Union[AsyncConnection, str, "os.PathLike[str]"],
        *,
        token: Optional[str] = None,
        timeout: Optional[float] = None,
        metadata: Optional[Metadata] = None,
    ) -> None:
        self.connection = connection if isinstance(connection, AsyncConnection) else AsyncConnection(connection)
        self.token = token
        self.timeout = timeout
        self.metadata = metadata

    async def _call(
        self,
        method: str,
        request: Message,
        response_type: Type[M],
        *,
        timeout: Optional[float],
        metadata: Optional[Metadata],
        token: Optional[str],
        idempotency_key: Optional[str],
    ) -> M:
        pairs: List[Tuple[str, str]] = []
        for source in (self.metadata, metadata):
            if source is not None:
                pairs.extend(source.items() if hasattr(source, "items") else source)
        return await self.connection.call(
            self.SERVICE,
            method,
            request,
            response_type,
            timeout=timeout if timeout is not None else self.timeout,
            metadata=pairs,
            token=token if token is not None else self.token,
            idempotency_key=idempotency_key,
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.connection!r})"
