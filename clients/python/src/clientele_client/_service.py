"""The base of the generated per-service clients (see services.py)."""

from __future__ import annotations

import os
from typing import ClassVar, List, Optional, Tuple, Type, TypeVar, Union

from google.protobuf.message import Message

from .connection import Connection, Metadata

M = TypeVar("M", bound=Message)


class ServiceClient:
    """Calls one ttrpc service over a :class:`Connection`.

    ``connection`` may be a socket path, which opens a connection of the
    client's own. ``token``, ``timeout`` and ``metadata`` are defaults for the
    client's calls, taking precedence over the connection's; each method takes
    the same keywords for one call.
    """

    SERVICE: ClassVar[str] = ""

    def __init__(
        self,
        connection: Union[Connection, str, "os.PathLike[str]"],
        *,
        token: Optional[str] = None,
        timeout: Optional[float] = None,
        metadata: Optional[Metadata] = None,
    ) -> None:
        self.connection = connection if isinstance(connection, Connection) else Connection(connection)
        self.token = token
        self.timeout = timeout
        self.metadata = metadata

    def _call(
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
        return self.connection.call(
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
