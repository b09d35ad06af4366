"""Driver of scripts/bench-billing: sets up a group and a client with the Python
client, then runs clientele-bench and prints the figures."""

import argparse
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "clients", "python", "src"))

from clientele_client import Clientele  # noqa: E402
from clientele_client._pb.clientele.v1 import access_pb2, billing_pb2, clients_pb2, health_pb2  # noqa: E402

PASSWORD = "bench password long enough"


def bench(args, token, method, request, concurrency, reference_method=None):
    command = [
        args.bench, "--socket", args.socket, "--method", method, "--metadata", f"authorization=Bearer {token}",
        "--request-hex", request.SerializeToString().hex(), "--concurrency", str(concurrency),
        "--connections", "4" if concurrency > 1 else "1", "--threads", "2" if concurrency > 1 else "1",
        "--duration", str(args.duration), "--rounds", str(args.rounds),
    ]
    if reference_method:
        command += ["--reference-socket", args.socket, "--reference-method", reference_method,
                    "--reference-metadata", f"authorization=Bearer {token}"]
    result = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
    print(json.dumps(result), file=sys.stderr)
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--socket", required=True)
    parser.add_argument("--bench", required=True)
    parser.add_argument("--duration", type=float, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with Clientele(args.socket, timeout=60) as api:
        boot = api.access.bootstrap_group(access_pb2.BootstrapGroupRequest(
            group_name="Bench", owner_email="owner@bench.example", owner_name="Owner", owner_password=PASSWORD))
        token = api.access.login(access_pb2.LoginRequest(
            group_id=boot.group.id, email="owner@bench.example", password=PASSWORD)).token
        client = api.clients.create_client(clients_pb2.CreateClientRequest(
            group_id=boot.group.id, fields=clients_pb2.ClientFields(account_name="Ledger bench")), token=token)
    posts = bench(args, token, "clientele.v1.Billing/AddCredit",
                  billing_pb2.AddCreditRequest(client_id=client.id, amount_minor=1), 64)
    with Clientele(args.socket, timeout=60) as api:
        print(f"store: {api.health.check(health_pb2.HealthCheckRequest()).store.detail}", file=sys.stderr)
    # GetBalanceRequest and GetClientRequest encode alike (field 1: the client id).
    reads = bench(args, token, "clientele.v1.Billing/GetBalance",
                  billing_pb2.GetBalanceRequest(client_id=client.id), 1, "clientele.v1.Clients/GetClient")
    print(json.dumps({"posts": posts, "reads": reads}, indent=1))


if __name__ == "__main__":
    main()
