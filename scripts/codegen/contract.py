"""The contract as the client generators see it: services, methods, message types
and their comments, read from proto/ through `protoc --descriptor_set_out
--include_source_info` (so the comments come from the .proto files themselves).

Every emitter (scripts/codegen/emit_*.py) takes a `Contract` and returns
{relative path: file text}; scripts/codegen/generate.py writes or checks them.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from google.protobuf import descriptor_pb2

REPO = Path(__file__).resolve().parents[2]
PROTO_DIR = REPO / "proto"
API_PREFIX = "clientele/"


@dataclass(frozen=True)
class Method:
    name: str  # CreateClient
    service: "str"  # clientele.v1.Clients
    input_type: str  # clientele.v1.CreateClientRequest (no leading dot)
    output_type: str  # clientele.v1.Client
    comment: str  # the // lines above the rpc, without the slashes

    @property
    def full_name(self) -> str:
        """clientele.v1.Clients/CreateClient, as ttrpc names it on the wire."""
        return f"{self.service}/{self.name}"

    @property
    def snake_name(self) -> str:
        return snake(self.name)

    @property
    def lower_camel_name(self) -> str:
        return lower_camel(self.name)


@dataclass(frozen=True)
class Service:
    name: str  # Clients
    full_name: str  # clientele.v1.Clients
    package: str  # clientele.v1
    proto_file: str  # clientele/v1/clients.proto
    comment: str
    methods: list[Method] = field(default_factory=list)


@dataclass(frozen=True)
class Contract:
    services: list[Service]
    # message full name (no dot) -> the proto file that declares it
    message_files: dict[str, str]

    @property
    def methods(self) -> list[Method]:
        return [m for s in self.services for m in s.methods]


def snake(name: str) -> str:
    """CreateClient -> create_client, IssueAPIKey -> issue_api_key."""
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()


def lower_camel(name: str) -> str:
    """CreateClient -> createClient, IssueAPIKey -> issueAPIKey, WhoAmI -> whoAmI."""
    leading = re.match(r"[A-Z]+(?=[A-Z][a-z]|$)|[A-Z]", name)
    if not leading:
        return name
    head = leading.group(0)
    return head.lower() + name[len(head):]


def swift_message_name(full_name: str) -> str:
    """clientele.v1.CreateClientRequest -> Clientele_V1_CreateClientRequest (swift-protobuf's naming)."""
    package, _, message = full_name.rpartition(".")
    parts = [p[:1].upper() + p[1:] for p in package.split(".") if p]
    return "_".join(parts + [message.replace(".", "_")])


def _comment(locations: dict, path: tuple) -> str:
    location = locations.get(path)
    if location is None:
        return ""
    lines = location.leading_comments.rstrip("\n").split("\n")
    return "\n".join(line[1:] if line.startswith(" ") else line for line in lines).strip("\n")


def load(proto_dir: Path = PROTO_DIR) -> Contract:
    """Runs protoc over every proto/clientele/**/*.proto and reads the services back."""
    api = sorted(str(p.relative_to(proto_dir)) for p in proto_dir.rglob("*.proto")
                 if str(p.relative_to(proto_dir)).startswith(API_PREFIX))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "set.pb"
        subprocess.run(["protoc", "-I", ".", "-I", "/usr/include", "--include_imports",
                        "--include_source_info", f"--descriptor_set_out={out}", *api],
                       cwd=proto_dir, check=True)
        fds = descriptor_pb2.FileDescriptorSet.FromString(out.read_bytes())

    services: list[Service] = []
    message_files: dict[str, str] = {}
    for file in fds.file:
        prefix = f"{file.package}." if file.package else ""

        def walk(messages, scope):
            for message in messages:
                message_files[f"{scope}{message.name}"] = file.name
                walk(message.nested_type, f"{scope}{message.name}.")

        walk(file.message_type, prefix)
        if not file.name.startswith(API_PREFIX):
            continue
        locations = {tuple(loc.path): loc for loc in file.source_code_info.location}
        for s_index, service in enumerate(file.service):
            full = f"{prefix}{service.name}"
            methods = [
                Method(name=m.name, service=full, input_type=m.input_type.lstrip("."),
                       output_type=m.output_type.lstrip("."),
                       comment=_comment(locations, (6, s_index, 2, m_index)))
                for m_index, m in enumerate(service.method)
                if not (m.client_streaming or m.server_streaming)
            ]
            services.append(Service(name=service.name, full_name=full, package=file.package,
                                    proto_file=file.name, comment=_comment(locations, (6, s_index)),
                                    methods=methods))
    return Contract(services=services, message_files=message_files)


if __name__ == "__main__":
    contract = load()
    for service in contract.services:
        print(f"{service.full_name} ({service.proto_file}): {len(service.methods)} methods")
        for method in service.methods:
            print(f"  {method.name}({method.input_type}) -> {method.output_type}")
