"""Python: the service clients of clients/python, blocking and asyncio, from the contract.

    clientele_client/services.py   one ``<Service>Client(ServiceClient)`` per service and the
                                   ``Clientele`` facade (blocking, over ``Connection``)
    clientele_client/aio.py        the same surface with ``async def`` methods:
                                   ``Async<Service>Client(AsyncServiceClient)`` and the
                                   ``AsyncClient`` facade (over ``AsyncConnection``)

Both have one method per unary RPC, named in snake_case, typed with the message classes
of clientele_client._pb (which scripts/generate writes with protoc), and documented with
the rpc's comment in proto/. The transports are hand-written: connection.py and
aio_connection.py.
"""

from __future__ import annotations

from contract import Contract, Method, Service, snake

PACKAGE_DIR = "clients/python/src/clientele_client"
SYNC_FILE = f"{PACKAGE_DIR}/services.py"
ASYNC_FILE = f"{PACKAGE_DIR}/aio.py"

# No OWNED_DIRS: the package folder also holds hand-written modules.


def _docstring(text: str, indent: str) -> str:
    lines = text.replace("\\", "\\\\").replace('"""', "'''").splitlines()
    body = "\n".join((indent + line).rstrip() for line in lines)
    return f'{indent}"""{body.lstrip()}\n{indent}"""\n'


def _package_of(full_name: str) -> str:
    """clientele.v1.WhoAmIResponse.Grant -> clientele.v1 (proto packages are lower case)."""
    parts = full_name.split(".")
    head = []
    for part in parts[:-1]:
        if part[:1].isupper():
            break
        head.append(part)
    return ".".join(head)


class _Types:
    """Module aliases of the _pb2 modules and references to their message classes."""

    def __init__(self, contract: Contract) -> None:
        self.contract = contract
        files = sorted(set(contract.message_files.values()))
        shorts = [f.rsplit("/", 1)[-1][: -len(".proto")] + "_pb2" for f in files]
        self.alias = {}
        for f, short in zip(files, shorts):
            unique = shorts.count(short) == 1
            self.alias[f] = short if unique else f[: -len(".proto")].replace("/", "_").replace(".", "_") + "_pb2"
        self.used: set[str] = set()

    def ref(self, full_name: str) -> str:
        file = self.contract.message_files[full_name]
        if file.startswith("google/protobuf/"):
            raise SystemExit(f"emit_python: {full_name} is a well-known type; import it from google.protobuf here")
        self.used.add(file)
        package = _package_of(full_name)
        local = full_name[len(package) + 1 :] if package else full_name
        return f"{self.alias[file]}.{local}"

    def imports(self) -> str:
        lines = []
        for file in sorted(self.used):
            dotted = "._pb." + file[: -len(".proto")].replace("/", ".")
            package, module = dotted.rsplit(".", 1)
            module += "_pb2"
            alias = self.alias[file]
            lines.append(f"from {package} import {module}" + (f" as {alias}" if alias != module else "") + "\n")
        return "".join(lines)


def _services(contract: Contract) -> list[Service]:
    order = {id(s): i for i, s in enumerate(contract.services)}
    services = sorted(contract.services, key=lambda s: (s.proto_file, order[id(s)]))
    if not services:
        raise SystemExit("emit_python: no services in the contract")
    return services


def _method(method: Method, types: _Types, asynchronous: bool) -> str:
    request = types.ref(method.input_type)
    response = types.ref(method.output_type)
    short_in = method.input_type.rsplit(".", 1)[1]
    short_out = method.output_type.rsplit(".", 1)[1]
    doc = method.comment or f"Calls {method.name}."
    doc += (
        f"\n\n``{method.full_name}``: {short_in} -> {short_out}."
        "\n\nRaises:\n    ClienteleError: the call failed; ``code`` says why."
    )
    return (
        "\n"
        f"    {'async def' if asynchronous else 'def'} {method.snake_name}(\n"
        f"        self,\n"
        f"        request: {request},\n"
        f"        *,\n"
        f"        timeout: Optional[float] = None,\n"
        f"        metadata: Optional[Metadata] = None,\n"
        f"        token: Optional[str] = None,\n"
        f"        idempotency_key: Optional[str] = None,\n"
        f"    ) -> {response}:\n"
        + _docstring(doc, "        ")
        + f"        return {'await ' if asynchronous else ''}self._call(\n"
        f'            "{method.name}",\n'
        f"            request,\n"
        f"            {response},\n"
        f"            timeout=timeout,\n"
        f"            metadata=metadata,\n"
        f"            token=token,\n"
        f"            idempotency_key=idempotency_key,\n"
        f"        )\n"
    )


def _render(contract: Contract, asynchronous: bool) -> str:
    types = _Types(contract)
    prefix = "Async" if asynchronous else ""
    base = f"{prefix}ServiceClient"
    connection = f"{prefix}Connection"
    classes = []
    facade = []
    for service in _services(contract):
        class_name = f"{prefix}{service.name}Client"
        doc = service.comment or f"The {service.name} service."
        doc += f"\n\nCalls ``{service.full_name}``; see :class:`{base}` for the constructor."
        if asynchronous:
            doc += "\nEvery method is a coroutine."
        out = [f"class {class_name}({base}):\n", _docstring(doc, "    "), "\n"]
        out.append(f'    SERVICE = "{service.full_name}"\n')
        for method in service.methods:
            out.append(_method(method, types, asynchronous))
        classes.append("".join(out))
        facade.append((snake(service.name), class_name))

    if asynchronous:
        facade_name = "AsyncClient"
        facade_doc = (
            "Every service client over one shared asyncio connection.\n\n"
            "``async with AsyncClient(\"var/run/clienteled.sock\", token=...) as c:`` then\n"
            "``await c.clients.get_client(...)``. Concurrent calls share the connection\n"
            "(one stream id each). Given a socket path, ``token``, ``timeout`` and\n"
            "``metadata`` are the new connection's defaults; given an\n"
            ":class:`AsyncConnection`, the service clients'."
        )
        enter_exit = [
            "\n",
            f'    async def __aenter__(self) -> "{facade_name}":\n',
            "        return self\n",
            "\n",
            "    async def __aexit__(self, *exc: object) -> None:\n",
            "        await self.connection.close()\n",
            "\n",
            "    async def close(self) -> None:\n",
            '        """Closes the connection; calls in flight fail with CANCELLED."""\n',
            "        await self.connection.close()\n",
        ]
    else:
        facade_name = "Clientele"
        facade_doc = (
            "Every service client over one shared connection.\n\n"
            "``clientele = Clientele(\"var/run/clienteled.sock\", token=...)`` then\n"
            "``clientele.clients.get_client(...)``. Given a socket path, ``token``,\n"
            "``timeout`` and ``metadata`` are the new connection's defaults; given a\n"
            ":class:`Connection`, the service clients'."
        )
        enter_exit = [
            "\n",
            f'    def __enter__(self) -> "{facade_name}":\n',
            "        return self\n",
            "\n",
            "    def __exit__(self, *exc: object) -> None:\n",
            "        self.connection.close()\n",
        ]
    facade_out = [
        f"class {facade_name}:\n",
        _docstring(facade_doc, "    "),
        "\n",
        "    def __init__(\n",
        "        self,\n",
        f'        connection: Union[{connection}, str, "os.PathLike[str]"],\n',
        "        *,\n",
        "        token: Optional[str] = None,\n",
        "        timeout: Optional[float] = None,\n",
        "        metadata: Optional[Metadata] = None,\n",
        "    ) -> None:\n",
        f"        if isinstance(connection, {connection}):\n",
        "            defaults: dict = dict(token=token, timeout=timeout, metadata=metadata)\n",
        "        else:\n",
        f"            connection = {connection}(connection, token=token, timeout=timeout, metadata=metadata)\n",
        "            defaults = {}\n",
        "        self.connection = connection\n",
    ]
    for attribute, class_name in facade:
        facade_out.append(f"        self.{attribute} = {class_name}(connection, **defaults)\n")
    facade_out += enter_exit

    names = [c for _, c in facade] + [facade_name]
    if asynchronous:
        names += ["AsyncConnection", "AsyncServiceClient"]
        summary = '"""The asyncio client: one class per Clientele service, one coroutine per RPC."""\n'
        transport = "from .aio_connection import AsyncConnection, AsyncServiceClient\nfrom .connection import Metadata\n"
    else:
        summary = '"""One thin client class per Clientele service, one method per RPC."""\n'
        transport = "from ._service import ServiceClient\nfrom .connection import Connection, Metadata\n"
    body = "".join("\n\n" + c for c in classes) + "\n\n" + "".join(facade_out)
    header = (
        "# Generated by scripts/codegen/emit_python.py from proto/ (services, methods and\n"
        "# their comments). DO NOT EDIT: run scripts/generate.\n"
        + summary
        + "\n"
        "from __future__ import annotations\n"
        "\n"
        "import os\n"
        "from typing import Optional, Union\n"
        "\n"
        + types.imports()
        + transport
        + "\n"
        "__all__ = [\n" + "".join(f'    "{n}",\n' for n in names) + "]\n"
    )
    return header + body


def emit(contract: Contract) -> dict[str, str]:
    return {
        SYNC_FILE: _render(contract, asynchronous=False),
        ASYNC_FILE: _render(contract, asynchronous=True),
    }
