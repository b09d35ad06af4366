"""Tests of proto_compat: the released descriptor set against deliberately broken copies."""

from __future__ import annotations

import os
import unittest

from google.protobuf import descriptor_pb2

import proto_compat

RELEASED = os.path.join(os.path.dirname(__file__), "..", "..", "proto", "released", "clientele-v1.pb")
Field = descriptor_pb2.FieldDescriptorProto


class BreakingChangesTests(unittest.TestCase):
    def setUp(self) -> None:
        self.old = proto_compat.load(RELEASED)
        self.new = descriptor_pb2.FileDescriptorSet()
        self.new.CopyFrom(self.old)

    # -- helpers -----------------------------------------------------------------

    def file(self, name: str):
        return next(f for f in self.new.file if f.name == name)

    def message(self, file: str, name: str):
        return next(m for m in self.file(file).message_type if m.name == name)

    def field(self, file: str, message: str, name: str):
        return next(f for f in self.message(file, message).field if f.name == name)

    def assertBreaks(self, *expected: str) -> None:
        self.assertEqual(proto_compat.breaking_changes(self.old, self.new), list(expected))

    # -- compatible --------------------------------------------------------------

    def test_released_set_is_not_empty(self) -> None:
        services = [s.name for f in self.old.file for s in f.service]
        self.assertIn("Clients", services)
        self.assertGreater(sum(len(s.method) for f in self.old.file for s in f.service), 60)

    def test_identical_sets_are_compatible(self) -> None:
        self.assertBreaks()

    def test_additions_and_a_rename_are_compatible(self) -> None:
        client = self.message("clientele/v1/clients.proto", "Client")
        client.field.add(name="added_later", number=999, type=Field.TYPE_STRING, label=Field.LABEL_OPTIONAL)
        self.file("clientele/v1/clients.proto").message_type.add(name="BrandNew")
        self.file("clientele/v1/health.proto").service[0].method.add(
            name="Watch", input_type=".clientele.v1.HealthCheckRequest", output_type=".clientele.v1.HealthCheckResponse"
        )
        client.field[0].name = "renamed_field"
        self.assertBreaks()

    def test_removed_field_with_its_number_reserved_is_compatible(self) -> None:
        client = self.message("clientele/v1/clients.proto", "Client")
        removed = client.field[1]
        client.reserved_range.add(start=removed.number, end=removed.number + 1)
        del client.field[1]
        self.assertBreaks()

    # -- breaking ----------------------------------------------------------------

    def test_removed_field(self) -> None:
        client = self.message("clientele/v1/clients.proto", "Client")
        removed = client.field[1]
        number, name = removed.number, removed.name
        del client.field[1]
        self.assertBreaks(f"clientele.v1.Client: field {number} ({name}) removed without reserving its number")

    def test_reserving_the_next_number_does_not_excuse_a_removal(self) -> None:
        client = self.message("clientele/v1/clients.proto", "Client")
        removed = client.field[1]
        number, name = removed.number, removed.name
        client.reserved_range.add(start=number + 1000, end=number + 1001)
        del client.field[1]
        self.assertBreaks(f"clientele.v1.Client: field {number} ({name}) removed without reserving its number")

    def test_renumbered_field(self) -> None:
        field = self.field("clientele/v1/clients.proto", "GetClientRequest", "client_id")
        old_number = field.number
        field.number = 77
        self.assertBreaks(f"clientele.v1.GetClientRequest: field {old_number} (client_id) renumbered to 77")

    def test_changed_scalar_type(self) -> None:
        field = self.field("clientele/v1/clients.proto", "GetClientRequest", "client_id")
        field.type = Field.TYPE_BYTES
        self.assertBreaks(
            f"clientele.v1.GetClientRequest: field {field.number} (client_id) changed type from string to bytes"
        )

    def test_changed_message_type(self) -> None:
        field = next(
            f for f in self.message("clientele/v1/health.proto", "HealthCheckResponse").field if f.name == "store"
        )
        field.type_name = ".clientele.v1.HealthCheckRequest"
        self.assertBreaks(
            "clientele.v1.HealthCheckResponse: field 3 (store) changed type from message clientele.v1.StoreStatus"
            " to message clientele.v1.HealthCheckRequest"
        )

    def test_changed_label(self) -> None:
        field = self.field("clientele/v1/clients.proto", "GetClientRequest", "client_id")
        field.label = Field.LABEL_REPEATED
        self.assertBreaks(
            f"clientele.v1.GetClientRequest: field {field.number} (client_id) changed label from optional to repeated"
        )

    def test_removed_message(self) -> None:
        messages = self.file("clientele/v1/health.proto").message_type
        index = next(i for i, m in enumerate(messages) if m.name == "StoreStatus")
        del messages[index]
        self.assertBreaks(
            "clientele.v1.StoreStatus: message removed", "clientele.v1.StoreStatus.State: enum removed"
        )

    def test_removed_and_renumbered_enum_values(self) -> None:
        status = self.message("clientele/v1/health.proto", "StoreStatus")
        state = next(e for e in status.enum_type if e.name == "State")
        del state.value[3]  # UNAVAILABLE = 3
        state.value[2].number = 9  # DEGRADED = 2
        self.assertBreaks(
            "clientele.v1.StoreStatus.State: value 2 (DEGRADED) renumbered to 9",
            "clientele.v1.StoreStatus.State: value 3 (UNAVAILABLE) removed without reserving its number",
        )

    def test_removed_enum_value_with_its_number_reserved_is_compatible(self) -> None:
        state = next(e for e in self.message("clientele/v1/health.proto", "StoreStatus").enum_type if e.name == "State")
        del state.value[3]
        state.reserved_range.add(start=3, end=3)
        self.assertBreaks()

    def test_removed_service(self) -> None:
        del self.file("clientele/v1/health.proto").service[0]
        self.assertBreaks("clientele.v1.Health: service removed")

    def test_removed_rpc(self) -> None:
        clients = self.file("clientele/v1/clients.proto").service[0]
        index = next(i for i, m in enumerate(clients.method) if m.name == "GetClient")
        del clients.method[index]
        self.assertBreaks("clientele.v1.Clients/GetClient: RPC removed")

    def test_changed_rpc_types(self) -> None:
        check = self.file("clientele/v1/health.proto").service[0].method[0]
        check.input_type = ".clientele.v1.StoreStatus"
        check.output_type = ".clientele.v1.StoreStatus"
        self.assertBreaks(
            "clientele.v1.Health/Check: request type changed from clientele.v1.HealthCheckRequest to"
            " clientele.v1.StoreStatus",
            "clientele.v1.Health/Check: response type changed from clientele.v1.HealthCheckResponse to"
            " clientele.v1.StoreStatus",
        )

    def test_changed_streaming(self) -> None:
        self.file("clientele/v1/health.proto").service[0].method[0].server_streaming = True
        self.assertBreaks("clientele.v1.Health/Check: streaming changed")


if __name__ == "__main__":
    unittest.main()
