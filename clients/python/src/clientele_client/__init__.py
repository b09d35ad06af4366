"""Clientele Python client: ttrpc over clienteled's Unix socket.

    from clientele_client import Connection, ClientsClient, clients_pb2

    conn = Connection("var/run/clienteled.sock", token=token, timeout=5)
    page = ClientsClient(conn).list_clients(clients_pb2.ListClientsRequest(group_id=group))

    async with AsyncClient("var/run/clienteled.sock", token=token, timeout=5) as c:
        page = await c.clients.list_clients(clients_pb2.ListClientsRequest(group_id=group))

Message classes are generated into ``clientele_client._pb`` by scripts/generate
and re-exported here by file (``health_pb2``, ``access_pb2``, ...); the service
clients, blocking (``services.py``) and asyncio (``aio.py``), by
scripts/codegen/emit_python.py.
"""

from ._pb.clientele.v1 import (
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
from ._pb.google.rpc import status_pb2
from ._pb.ttrpc import ttrpc_pb2
from ._service import ServiceClient
from .aio import (
    AsyncAccessClient,
    AsyncAuditClient,
    AsyncBillingClient,
    AsyncChangesClient,
    AsyncClient,
    AsyncClientsClient,
    AsyncHealthClient,
    AsyncOutboxClient,
    AsyncPeopleClient,
    AsyncReflectionClient,
)
from .aio_connection import AsyncConnection, AsyncServiceClient
from .connection import Connection, Metadata
from .credentials import default_token, token_file
from .errors import ClienteleError, StatusCode
from .services import (
    AccessClient,
    AuditClient,
    BillingClient,
    ChangesClient,
    Clientele,
    ClientsClient,
    HealthClient,
    OutboxClient,
    PeopleClient,
    ReflectionClient,
)

__version__ = "0.1.0"

__all__ = [
    "AccessClient",
    "AsyncAccessClient",
    "AsyncAuditClient",
    "AsyncBillingClient",
    "AsyncChangesClient",
    "AsyncClient",
    "AsyncClientsClient",
    "AsyncConnection",
    "AsyncHealthClient",
    "AsyncOutboxClient",
    "AsyncPeopleClient",
    "AsyncReflectionClient",
    "AsyncServiceClient",
    "AuditClient",
    "BillingClient",
    "ChangesClient",
    "Clientele",
    "ClienteleError",
    "ClientsClient",
    "Connection",
    "HealthClient",
    "Metadata",
    "OutboxClient",
    "PeopleClient",
    "ReflectionClient",
    "ServiceClient",
    "StatusCode",
    "default_token",
    "access_pb2",
    "audit_pb2",
    "billing_pb2",
    "changes_pb2",
    "clients_pb2",
    "health_pb2",
    "outbox_pb2",
    "people_pb2",
    "reflection_pb2",
    "status_pb2",
    "token_file",
    "ttrpc_pb2",
]
