from ...clientele.v1 import clients_pb2 as _clients_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

CHANGE_KIND_ACCOUNT: ChangeKind
CHANGE_KIND_CLIENT_CLOSED: ChangeKind
CHANGE_KIND_CLIENT_CREATED: ChangeKind
CHANGE_KIND_CLIENT_STATE_CHANGED: ChangeKind
CHANGE_KIND_CLIENT_UPDATED: ChangeKind
CHANGE_KIND_CONTACT: ChangeKind
CHANGE_KIND_GRANT: ChangeKind
CHANGE_KIND_LEDGER_ENTRY: ChangeKind
CHANGE_KIND_MEMBER: ChangeKind
CHANGE_KIND_STATEMENT: ChangeKind
CHANGE_KIND_UNSPECIFIED: ChangeKind
DESCRIPTOR: _descriptor.FileDescriptor

class Change(_message.Message):
    __slots__ = ["at_millis", "changed_fields", "client", "client_id", "cursor", "deleted", "kind", "object_id", "version"]
    AT_MILLIS_FIELD_NUMBER: _ClassVar[int]
    CHANGED_FIELDS_FIELD_NUMBER: _ClassVar[int]
    CLIENT_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    DELETED_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    OBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    at_millis: int
    changed_fields: _containers.RepeatedScalarFieldContainer[str]
    client: _clients_pb2.Client
    client_id: str
    cursor: str
    deleted: bool
    kind: ChangeKind
    object_id: str
    version: int
    def __init__(self, cursor: _Optional[str] = ..., kind: _Optional[_Union[ChangeKind, str]] = ..., object_id: _Optional[str] = ..., client_id: _Optional[str] = ..., version: _Optional[int] = ..., deleted: bool = ..., changed_fields: _Optional[_Iterable[str]] = ..., at_millis: _Optional[int] = ..., client: _Optional[_Union[_clients_pb2.Client, _Mapping]] = ...) -> None: ...

class FollowChangesRequest(_message.Message):
    __slots__ = ["after_cursor", "from_now", "group_id", "kinds", "page_size", "wait_millis"]
    AFTER_CURSOR_FIELD_NUMBER: _ClassVar[int]
    FROM_NOW_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    KINDS_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    WAIT_MILLIS_FIELD_NUMBER: _ClassVar[int]
    after_cursor: str
    from_now: bool
    group_id: str
    kinds: _containers.RepeatedScalarFieldContainer[ChangeKind]
    page_size: int
    wait_millis: int
    def __init__(self, group_id: _Optional[str] = ..., after_cursor: _Optional[str] = ..., kinds: _Optional[_Iterable[_Union[ChangeKind, str]]] = ..., wait_millis: _Optional[int] = ..., page_size: _Optional[int] = ..., from_now: bool = ...) -> None: ...

class FollowChangesResponse(_message.Message):
    __slots__ = ["changes", "more", "next_cursor"]
    CHANGES_FIELD_NUMBER: _ClassVar[int]
    MORE_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    changes: _containers.RepeatedCompositeFieldContainer[Change]
    more: bool
    next_cursor: str
    def __init__(self, changes: _Optional[_Iterable[_Union[Change, _Mapping]]] = ..., next_cursor: _Optional[str] = ..., more: bool = ...) -> None: ...

class ChangeKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
