from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class HealthCheckRequest(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class HealthCheckResponse(_message.Message):
    __slots__ = ["server_commit", "server_version", "status", "store", "uptime_millis"]
    class ServingStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = []
    NOT_SERVING: HealthCheckResponse.ServingStatus
    SERVER_COMMIT_FIELD_NUMBER: _ClassVar[int]
    SERVER_VERSION_FIELD_NUMBER: _ClassVar[int]
    SERVING: HealthCheckResponse.ServingStatus
    SERVING_STATUS_UNSPECIFIED: HealthCheckResponse.ServingStatus
    STATUS_FIELD_NUMBER: _ClassVar[int]
    STORE_FIELD_NUMBER: _ClassVar[int]
    UPTIME_MILLIS_FIELD_NUMBER: _ClassVar[int]
    server_commit: str
    server_version: str
    status: HealthCheckResponse.ServingStatus
    store: StoreStatus
    uptime_millis: int
    def __init__(self, status: _Optional[_Union[HealthCheckResponse.ServingStatus, str]] = ..., server_version: _Optional[str] = ..., store: _Optional[_Union[StoreStatus, _Mapping]] = ..., uptime_millis: _Optional[int] = ..., server_commit: _Optional[str] = ...) -> None: ...

class StoreStatus(_message.Message):
    __slots__ = ["detail", "engine", "engine_version", "state"]
    class State(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = []
    DEGRADED: StoreStatus.State
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    ENGINE_FIELD_NUMBER: _ClassVar[int]
    ENGINE_VERSION_FIELD_NUMBER: _ClassVar[int]
    READY: StoreStatus.State
    STATE_FIELD_NUMBER: _ClassVar[int]
    STATE_UNSPECIFIED: StoreStatus.State
    UNAVAILABLE: StoreStatus.State
    detail: str
    engine: str
    engine_version: str
    state: StoreStatus.State
    def __init__(self, state: _Optional[_Union[StoreStatus.State, str]] = ..., engine: _Optional[str] = ..., engine_version: _Optional[str] = ..., detail: _Optional[str] = ...) -> None: ...
