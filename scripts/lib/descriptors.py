"""Protobuf descriptor helpers shared by the descriptor-driven sweeps, across protobuf versions."""

from google.protobuf import descriptor


def is_repeated(field) -> bool:
    """Whether a field descriptor is repeated: `is_repeated` on protobuf 5.28+ (7.x has no `label`)."""
    flag = getattr(field, "is_repeated", None)
    return flag if flag is not None else field.label == descriptor.FieldDescriptor.LABEL_REPEATED
