#!/usr/bin/env python3
"""Generates clientele_client/services.py: one thin client class per ttrpc service.

The services, methods and message types come from the descriptors in the
generated modules under clientele_client/_pb (which scripts/generate writes
from proto/); the docstrings come from the comments in proto/.

    python3 clients/python/tools/gen_services.py           # rewrite services.py
    python3 clients/python/tools/gen_services.py --check   # exit 1 if it is stale
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
import textwrap
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
PACKAGE = SRC / "clientele_client"
OUTPUT = PACKAGE / "services.py"
PROTO_DIR = HERE.parent.parent.parent / "proto"


def snake(name: str) -> str:
    """CreateClient -> create_client, IssueAPIKey -> issue_api_key."""
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()


def proto_comments(proto_file: Path) -> dict:
    """{"Service": text, "Service.Method": text} from the // lines right above each declaration."""
    comments: dict = {}
    pending: list = []
    service = None
    for raw in proto_file.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("//"):
            pending.append(line[2:].strip())
            continue
        match = re.match(r"service\s+(\w+)\s*\{", line)
        if match:
            service = match.group(1)
            if pending:
                comments[service] = "\n".join(pending)
        match = re.match(r"rpc\s+(\w+)\s*\(", line)
        if match and service:
            if pending:
                comments[f"{service}.{match.group(1)}"] = "\n".join(pending)
        if line.startswith("}") and service and not raw.startswith(" "):
            service = None
        pending = []
    return comments


def load_modules():
    sys.path.insert(0, str(SRC))
    modules = []
    for path in sorted((PACKAGE / "_pb").rglob("*_pb2.py")):
        dotted = ".".join(path.relative_to(SRC).with_suffix("").parts)
        modules.append(importlib.import_module(dotted))
    return modules


def docstring(text: str, indent: str) -> str:
    lines = text.replace('"""', "'''").replace("\\", "\\\\").splitlines()
    body = "\n".join((indent + l).rstrip() for l in lines)
    return f'{indent}"""{body.lstrip()}\n{indent}"""\n'


def render(proto_dir: Path) -> str:
    modules = load_modules()
    alias_of = {}  # proto file name -> module alias
    import_lines = []
    for module in modules:
        short = module.__name__.rsplit(".", 1)[1]
        alias = short if sum(m.__name__.endswith("." + short) for m in modules) == 1 else module.__name__.split("._pb.", 1)[1].replace(".", "_")
        alias_of[module.DESCRIPTOR.name] = alias
    services = []
    used = set()
    for module in modules:
        for service in module.DESCRIPTOR.services_by_name.values():
            services.append(service)
    if not services:
        raise SystemExit("gen_services: no services in clientele_client._pb")

    def type_ref(descriptor) -> str:
        used.add(descriptor.file.name)
        package = descriptor.file.package
        local = descriptor.full_name[len(package) + 1 :] if package else descriptor.full_name
        return f"{alias_of[descriptor.file.name]}.{local}"

    classes = []
    facade = []
    for service in services:
        comments = proto_comments(proto_dir / service.file.name)
        class_name = f"{service.name}Client"
        doc = comments.get(service.name, f"The {service.name} service.")
        doc += f"\n\nCalls ``{service.full_name}``; see :class:`ServiceClient` for the constructor."
        out = [f"class {class_name}(ServiceClient):\n", docstring(doc, "    "), "\n"]
        out.append(f'    SERVICE = "{service.full_name}"\n')
        for method in service.methods:
            request = type_ref(method.input_type)
            response = type_ref(method.output_type)
            mdoc = comments.get(f"{service.name}.{method.name}", f"Calls {method.name}.")
            mdoc += (
                f"\n\n``{service.full_name}/{method.name}``: {method.input_type.name} -> {method.output_type.name}."
                "\n\nRaises:\n    ClienteleError: the call failed; ``code`` says why."
            )
            out.append(
                "\n"
                f"    def {snake(method.name)}(\n"
                f"        self,\n"
                f"        request: {request},\n"
                f"        *,\n"
                f"        timeout: Optional[float] = None,\n"
                f"        metadata: Optional[Metadata] = None,\n"
                f"        token: Optional[str] = None,\n"
                f"        idempotency_key: Optional[str] = None,\n"
                f"    ) -> {response}:\n"
                + docstring(mdoc, "        ")
                + f"        return self._call(\n"
                f'            "{method.name}",\n'
                f"            request,\n"
                f"            {response},\n"
                f"            timeout=timeout,\n"
                f"            metadata=metadata,\n"
                f"            token=token,\n"
                f"            idempotency_key=idempotency_key,\n"
                f"        )\n"
            )
        classes.append("".join(out))
        facade.append((snake(service.name), class_name))

    for name in sorted(used):
        alias = alias_of[name]
        dotted = "._pb." + name[: -len(".proto")].replace("/", ".") + "_pb2"
        dotted_pkg, module = dotted.rsplit(".", 1)
        import_lines.append(f"from {dotted_pkg} import {module}" + (f" as {alias}" if alias != module else "") + "\n")

    facade_doc = (
        "Every service client over one shared connection.\n\n"
        "``clientele = Clientele(\"var/run/clienteled.sock\", token=...)`` then\n"
        "``clientele.clients.get_client(...)``. Given a socket path, ``token``,\n"
        "``timeout`` and ``metadata`` are the new connection's defaults; given a\n"
        ":class:`Connection`, the service clients'."
    )
    facade_out = [
        "class Clientele:\n",
        docstring(facade_doc, "    "),
        "\n",
        "    def __init__(\n",
        "        self,\n",
        '        connection: Union[Connection, str, "os.PathLike[str]"],\n',
        "        *,\n",
        "        token: Optional[str] = None,\n",
        "        timeout: Optional[float] = None,\n",
        "        metadata: Optional[Metadata] = None,\n",
        "    ) -> None:\n",
        "        if isinstance(connection, Connection):\n",
        "            defaults: dict = dict(token=token, timeout=timeout, metadata=metadata)\n",
        "        else:\n",
        "            connection = Connection(connection, token=token, timeout=timeout, metadata=metadata)\n",
        "            defaults = {}\n",
        "        self.connection = connection\n",
    ]
    for attribute, class_name in facade:
        facade_out.append(f"        self.{attribute} = {class_name}(connection, **defaults)\n")
    facade_out += [
        "\n",
        '    def __enter__(self) -> "Clientele":\n',
        "        return self\n",
        "\n",
        "    def __exit__(self, *exc: object) -> None:\n",
        "        self.connection.close()\n",
    ]

    names = [c for _, c in facade] + ["Clientele"]
    header = (
        "# Generated by clients/python/tools/gen_services.py from the descriptors in\n"
        "# clientele_client._pb and the comments in proto/. DO NOT EDIT.\n"
        '"""One thin client class per Clientele service, one method per RPC."""\n'
        "\n"
        "from __future__ import annotations\n"
        "\n"
        "import os\n"
        "from typing import Optional, Union\n"
        "\n"
        + "".join(import_lines)
        + "from ._service import ServiceClient\n"
        "from .connection import Connection, Metadata\n"
        "\n"
        "__all__ = [\n" + "".join(f'    "{n}",\n' for n in names) + "]\n"
    )
    return header + "".join("\n\n" + c for c in classes) + "\n\n" + "".join(facade_out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if services.py is stale")
    parser.add_argument("--proto-dir", type=Path, default=PROTO_DIR, help="where the .proto files are (default: %(default)s)")
    args = parser.parse_args()
    text = render(args.proto_dir)
    current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else None
    if args.check:
        if current != text:
            print(f"gen_services: {OUTPUT} is stale; run python3 clients/python/tools/gen_services.py", file=sys.stderr)
            return 1
        print("gen_services: services.py is current")
        return 0
    if current != text:
        OUTPUT.write_text(text, encoding="utf-8")
        print(f"gen_services: wrote {OUTPUT}")
    else:
        print("gen_services: services.py already current")
    return 0


if __name__ == "__main__":
    sys.exit(main())
