from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class AuditEntry(_message.Message):
    __slots__ = ["action", "actor", "at_millis", "changed_fields", "client_id", "detail", "group_id", "id", "on_behalf_of", "request_id", "resource"]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    AT_MILLIS_FIELD_NUMBER: _ClassVar[int]
    CHANGED_FIELDS_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    ON_BEHALF_OF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_FIELD_NUMBER: _ClassVar[int]
    action: str
    actor: str
    at_millis: int
    changed_fields: _containers.RepeatedScalarFieldContainer[str]
    client_id: str
    detail: str
    group_id: str
    id: str
    on_behalf_of: str
    request_id: str
    resource: str
    def __init__(self, id: _Optional[str] = ..., group_id: _Optional[str] = ..., client_id: _Optional[str] = ..., actor: _Optional[str] = ..., on_behalf_of: _Optional[str] = ..., action: _Optional[str] = ..., resource: _Optional[str] = ..., request_id: _Optional[str] = ..., changed_fields: _Optional[_Iterable[str]] = ..., at_millis: _Optional[int] = ..., detail: _Optional[str] = ...) -> None: ...

class ListAuditRequest(_message.Message):
    __slots__ = ["action_prefix", "actor", "client_id", "group_id", "page_size", "page_token", "since_millis", "until_millis"]
    ACTION_PREFIX_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    SINCE_MILLIS_FIELD_NUMBER: _ClassVar[int]
    UNTIL_MILLIS_FIELD_NUMBER: _ClassVar[int]
    action_prefix: str
    actor: str
    client_id: str
    group_id: str
    page_size: int
    page_token: str
    since_millis: int
    until_millis: int
    def __init__(self, group_id: _Optional[str] = ..., client_id: _Optional[str] = ..., actor: _Optional[str] = ..., action_prefix: _Optional[str] = ..., since_millis: _Optional[int] = ..., until_millis: _Optional[int] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListAuditResponse(_message.Message):
    __slots__ = ["entries", "next_page_token"]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[AuditEntry]
    next_page_token: str
    def __init__(self, entries: _Optional[_Iterable[_Union[AuditEntry, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
