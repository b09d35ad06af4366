"""Wire compatibility of two google.protobuf.FileDescriptorSets: the released
API (old) against proto/ today (new).

A change breaks the wire when a peer built from the old descriptors and one
built from the new ones no longer understand each other's bytes, or a call of
the old contract no longer reaches a method that takes and returns the same
messages. Reported:

- a message, enum or service of the old set that is gone;
- a field removed without reserving its number, or an enum value removed
  without reserving its number;
- a field renumbered (same name, another number), or an enum value renumbered;
- a field whose type changed (scalar type, or the message or enum it names),
  or whose label changed (singular <-> repeated);
- an RPC removed, its request or response type changed, or its streaming
  changed.

Adding messages, fields, enum values, services or RPCs is compatible, and so
is renaming a field that keeps its number and type (the binary format carries
numbers, not names).
"""

from __future__ import annotations

from typing import Dict, Iterable, List, Tuple

from google.protobuf import descriptor_pb2

FileDescriptorSet = descriptor_pb2.FileDescriptorSet
Field = descriptor_pb2.FieldDescriptorProto

_TYPE_NAMES = {number: name[len("TYPE_"):].lower() for name, number in Field.Type.items()}
_LABEL_NAMES = {number: name[len("LABEL_"):].lower() for name, number in Field.Label.items()}


def _qualified(package: str, name: str) -> str:
    return f"{package}.{name}" if package else name


def _walk_messages(prefix: str, messages) -> Iterable[Tuple[str, descriptor_pb2.DescriptorProto]]:
    for message in messages:
        name = _qualified(prefix, message.name)
        yield name, message
        yield from _walk_messages(name, message.nested_type)


def _index(descriptor_set: FileDescriptorSet):
    """Messages, enums and services of a set by full name (no leading dot)."""
    messages: Dict[str, descriptor_pb2.DescriptorProto] = {}
    enums: Dict[str, descriptor_pb2.EnumDescriptorProto] = {}
    services: Dict[str, descriptor_pb2.ServiceDescriptorProto] = {}
    for file in descriptor_set.file:
        for enum in file.enum_type:
            enums[_qualified(file.package, enum.name)] = enum
        for name, message in _walk_messages(file.package, file.message_type):
            messages[name] = message
            for enum in message.enum_type:
                enums[_qualified(name, enum.name)] = enum
        for service in file.service:
            services[_qualified(file.package, service.name)] = service
    return messages, enums, services


def _reserved(ranges, number: int) -> bool:
    # A message's reserved ranges end exclusively, an enum's inclusively.
    for r in ranges:
        inclusive = type(r).__name__ == "EnumReservedRange"
        if r.start <= number and (number <= r.end if inclusive else number < r.end):
            return True
    return False


def _field_type(field: Field) -> str:
    if field.type in (Field.TYPE_MESSAGE, Field.TYPE_ENUM, Field.TYPE_GROUP):
        return f"{_TYPE_NAMES[field.type]} {field.type_name.lstrip('.')}"
    return _TYPE_NAMES[field.type]


def _compare_message(name: str, old, new, problems: List[str]) -> None:
    new_by_number = {f.number: f for f in new.field}
    new_by_name = {f.name: f for f in new.field}
    for field in old.field:
        where = f"{name}: field {field.number} ({field.name})"
        current = new_by_number.get(field.number)
        if current is None:
            moved = new_by_name.get(field.name)
            if moved is not None:
                problems.append(f"{where} renumbered to {moved.number}")
            elif not _reserved(new.reserved_range, field.number):
                problems.append(f"{where} removed without reserving its number")
            continue
        if _field_type(field) != _field_type(current):
            problems.append(f"{where} changed type from {_field_type(field)} to {_field_type(current)}")
        if field.label != current.label:
            problems.append(
                f"{where} changed label from {_LABEL_NAMES[field.label]} to {_LABEL_NAMES[current.label]}"
            )


def _compare_enum(name: str, old, new, problems: List[str]) -> None:
    new_numbers = {v.number for v in new.value}
    new_by_name = {v.name: v for v in new.value}
    for value in old.value:
        where = f"{name}: value {value.number} ({value.name})"
        if value.number in new_numbers:
            continue
        moved = new_by_name.get(value.name)
        if moved is not None:
            problems.append(f"{where} renumbered to {moved.number}")
        elif not _reserved(new.reserved_range, value.number):
            problems.append(f"{where} removed without reserving its number")


def _compare_service(name: str, old, new, problems: List[str]) -> None:
    new_methods = {m.name: m for m in new.method}
    for method in old.method:
        where = f"{name}/{method.name}"
        current = new_methods.get(method.name)
        if current is None:
            problems.append(f"{where}: RPC removed")
            continue
        for what, before, after in (
            ("request type", method.input_type, current.input_type),
            ("response type", method.output_type, current.output_type),
        ):
            if before != after:
                problems.append(f"{where}: {what} changed from {before.lstrip('.')} to {after.lstrip('.')}")
        if (method.client_streaming, method.server_streaming) != (current.client_streaming, current.server_streaming):
            problems.append(f"{where}: streaming changed")


def breaking_changes(old: FileDescriptorSet, new: FileDescriptorSet) -> List[str]:
    """Every wire-breaking difference from `old` to `new`, one readable line each; empty when compatible."""
    old_messages, old_enums, old_services = _index(old)
    new_messages, new_enums, new_services = _index(new)
    problems: List[str] = []
    for kind, before, after, compare in (
        ("message", old_messages, new_messages, _compare_message),
        ("enum", old_enums, new_enums, _compare_enum),
        ("service", old_services, new_services, _compare_service),
    ):
        for name in sorted(before):
            if name not in after:
                problems.append(f"{name}: {kind} removed")
            else:
                compare(name, before[name], after[name], problems)
    return problems


def load(path: str) -> FileDescriptorSet:
    descriptor_set = FileDescriptorSet()
    with open(path, "rb") as handle:
        descriptor_set.ParseFromString(handle.read())
    return descriptor_set
