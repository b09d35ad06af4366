from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class GetDescriptorSetRequest(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class GetDescriptorSetResponse(_message.Message):
    __slots__ = ["file_descriptor_set", "services"]
    FILE_DESCRIPTOR_SET_FIELD_NUMBER: _ClassVar[int]
    SERVICES_FIELD_NUMBER: _ClassVar[int]
    file_descriptor_set: bytes
    services: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, file_descriptor_set: _Optional[bytes] = ..., services: _Optional[_Iterable[str]] = ...) -> None: ...
