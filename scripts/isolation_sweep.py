#!/usr/bin/env python3
"""The isolation sweep: tenant A naming tenant B's objects answers as for unknown ones.

Against one fresh daemon, two tenants A and B are built with every kind of object
(owner, manager with a password, member without one, partner staff with a staff grant,
a client whose owner is pending activation, a client member, a second client, an API
key, a linked account, a note, a contact, a ledger credit, a statement, a portal
invitation, a "sign in as" session, role assignments, outbox messages, a CSV import, a
legal id, an external account id). Every id and email of B is recorded under the proto
field name that carries it (user_id, client_id, group_id, account_id, grant_id,
invitation_id, key_id, assignment_id, note_id, contact_id, entry_id, statement_id,
message_id, import_id, legal_id, external_id, email: see setup()), and A's values under
the same names; a field is matched to them by its name or a suffix of it (to_user_id,
manager_user_id -> user_id; parent_client_id -> client_id; message_ids -> message_id;
any *email* -> email).

Then, driven by the daemon's own descriptor set (clientele.v1.Reflection), for EVERY
method of every clientele.v1 service and EVERY string field of its request (top level
and one level of nested messages, repeated strings too) whose name ends in _id/_ids or
contains "email": a request valid for A (a template: the method's first OK contract case
of Tests/Contract/cases.py, or one of TEMPLATES below, its names filled with A's values)
is sent twice by the same caller, once with that field holding B's object (every B
object whose kind the field name names: user_id gets B's owner, manager, member,
staff, ...) and once holding B's object's twin: a random value of the same shape (same
prefix and length; for an email, a random local part at the same domain), the same twin
every time. The two answers must be identical: the same status code, the same message
once the sent value is masked as <id>, and for an OK answer the same payload once ids,
times and versions are masked. Callers: A's owner, A's manager and a "sign in as"
session of A's partner staff acting as A's client. Access/Login and
Access/ChangePassword are swept apart (each check costs a slow scrypt): group A with
B's emails (and B's real password) against random emails, and group B against a random
group.

Twins keep the sweep fair when a call is accepted: a write accepted for B's email (a new
account of A with that email) is then also accepted for the twin, so A's state follows
the same history for both values. A template that would use up an object of A (a contact
removed, an invitation revoked, a client transferred) is given a fresh one per request
("$fresh_*"), and what an accepted write overwrites on A's main client is put back after
each pair (restore()), so that the twin's value is not left where B's was.

B must not change: B is read through B's owner before and after the sweep (clients,
people, keys, members, access, notes, balances, ledgers, accounts, invitations, sign in
as sessions, outbox, audit; last_used times ignored), B's tokens must still work, and
B's owner must still sign in with the original password.

The sweep can fail: a canary pair (A's own client against its twin, A's own group
against its twin) must be told apart by the same comparison, every method with an id or
email field must have had pairs compared for every caller, and at least MIN_PAIRS pairs
must be compared. A field whose name names no kind of B object fails the sweep too
(teach setup() to make one).

Prints a line per method and ends with `N passed, M failed`; exits 1 on any mismatch,
change of B or crash.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import string
import sys
import time
import traceback
from typing import Dict, List, Optional, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(REPO, "Tests", "Contract"))
sys.path.insert(0, os.path.join(HERE, "lib"))

from google.protobuf import descriptor, descriptor_pb2, descriptor_pool, json_format, message_factory  # noqa: E402

from clientele_client import ClienteleError, Connection, StatusCode  # noqa: E402

import cases as contract  # noqa: E402  (Tests/Contract/cases.py: the request templates)
from descriptors import is_repeated  # noqa: E402
from reliability import Daemon, make_work_dir, remove_work_dir  # noqa: E402

PACKAGE = "clientele.v1"
PASSWORD = contract.PASSWORD
MIN_PAIRS = 300
TIMEOUT = 120.0  # seconds per call: debug builds hash passwords slowly

# ---- Which fields are swept ---------------------------------------------------------------

def swept_name(name: str) -> bool:
    """A field naming an object or a person: *_id, *_ids, or anything with "email"."""
    return name.endswith("_id") or name.endswith("_ids") or "email" in name


# ---- B's objects by proto field name ----------------------------------------------------------
#
# A field is matched to the kinds of B objects by its name: the name itself, else its
# shorter suffixes (new_primary_contact_id -> contact_id, to_user_id -> user_id), a
# plural named by its singular (message_ids -> message_id); any name with "email" takes
# B's emails. setup() fills these names for both tenants.


def kinds_for(name: str, values: Dict[str, List[Tuple[str, str]]]) -> Optional[str]:
    if "email" in name:
        return "email"
    parts = name.split("_")
    for start in range(len(parts)):
        candidate = "_".join(parts[start:])
        if candidate in values:
            return candidate
        if candidate.endswith("_ids") and candidate[:-1] in values:
            return candidate[:-1]
    return None


# ---- Request templates --------------------------------------------------------------------------
#
# Requests valid for A, in protobuf JSON form; "$name" is A's value of that name (or a fresh
# A object, see FRESH), "{u}" inside a string a value unique to each request (so that an
# accepted create never collides with the one before). A method without an entry here
# takes its first OK contract case (Tests/Contract/cases.py), with the contract's names
# mapped to A's objects (CONTRACT_NAMES); a method with neither gets every id and email
# field filled with A's value of the same name.
TEMPLATES: Dict[str, List[dict]] = {
    # No password: each accepted create would otherwise cost a slow scrypt.
    "Access/CreateUser": [
        {"group_id": "$group_id", "email": "u-{u}@a-tenant.example", "name": "New User", "role": "ROLE_MANAGER",
         "scope": {"group_id": "$group_id"}},
    ],
    # Enabling the (enabled) manager: harmless when accepted; disabling would end a caller's session.
    "Access/SetUserDisabled": [{"user_id": "$manager_id", "group_id": "$group_id", "disabled": False}],
    "Access/IssueAPIKey": [
        {"group_id": "$group_id", "name": "k-{u}", "role": "ROLE_MAILER", "scope": {"group_id": "$group_id"}},
    ],
    "Access/Explain": [
        {"user_id": "$manager_id", "action": "client.update", "group_id": "$group_id"},
        {"user_id": "$manager_id", "action": "client.update", "group_id": "$group_id", "client_id": "$client_id"},
    ],
    "Clients/CreateClient": [
        {"group_id": "$group_id",
         "fields": {"account_name": "c-{u}", "currency": "EUR", "billing_emails": ["billing-{u}@a-tenant.example"],
                    "manager_user_id": "$manager_id"},
         "contacts": [{"first_name": "Cora", "email": "cora-{u}@a-tenant.example", "primary": True}],
         "owner": {"first_name": "Otto", "email": "otto-{u}@a-tenant.example"}},
    ],
    "Clients/UpdateClient": [
        {"client_id": "$client_id", "update_mask": "companyName", "fields": {"company_name": "A Client {u}"}},
    ],
    "Clients/ListClients": [{"group_id": "$group_id", "include_closed": True}],
    "Clients/AddContact": [
        {"client_id": "$client_id", "contact": {"first_name": "Bert", "email": "bert-{u}@a-tenant.example"}},
    ],
    "Clients/UpdateContact": [
        {"client_id": "$client_id", "contact_id": "$fresh_contact", "update_mask": "phone",
         "contact": {"phone": "+49 30 222"}},
    ],
    "Clients/RemoveContact": [{"client_id": "$client_id", "contact_id": "$fresh_contact"}],
    "Clients/DeleteNote": [{"client_id": "$client_id", "note_id": "$fresh_note"}],
    "Clients/BeginClientImport": [{"group_id": "$group_id", "columns": ["account_name", "currency"]}],
    "Clients/AddClientImportRows": [
        {"import_id": "$import_id", "rows": [{"row_number": 2, "values": ["r-{u}", "EUR"]}]},
    ],
    "Billing/CorrectPayment": [
        {"client_id": "$client_id", "entry_id": "$entry_id", "amount_minor": 10000, "comment": "same"},
    ],
    "Billing/ChangeTerms": [
        {"client_id": "$second_client_id", "billing_mode": "BILLING_MODE_POSTPAID", "credit_limit_minor": 100,
         "reason": "terms"},
    ],
    "Billing/ChangeCurrency": [{"client_id": "$second_client_id", "currency": "EUR", "reason": "same"}],
    "People/AddMember": [
        {"client_id": "$client_id", "first_name": "Mia", "email": "mia-{u}@a-tenant.example",
         "role": "MEMBER_ROLE_MEMBER"},
    ],
    "People/UpdateMember": [
        {"client_id": "$client_id", "user_id": "$client_member_id", "role": "MEMBER_ROLE_MEMBER",
         "update_paths": ["role"]},
    ],
    "People/RemoveMember": [{"client_id": "$client_id", "user_id": "$fresh_member"}],
    "People/InvitePortalUser": [
        {"client_id": "$client_id", "user_id": "$fresh_member", "method": "INVITATION_METHOD_LINK"},
    ],
    "People/ResendInvitation": [{"client_id": "$client_id", "invitation_id": "$fresh_invitation"}],
    "People/RevokeInvitation": [{"client_id": "$client_id", "invitation_id": "$fresh_invitation"}],
    # A fresh client each time: an accepted transfer must neither take A's main client from its
    # owner (whom the "sign in as" caller acts as) nor leave the twin's owner where B's was.
    "People/TransferOwnership": [
        {"client_id": "$fresh_transfer_client", "to_user_id": "$fresh_transfer_member",
         "former_owner": "FORMER_OWNER_KEEP_AS_ADMIN"},
        {"client_id": "$fresh_transfer_client", "to_email": "new-{u}@a-tenant.example", "to_name": "New Owner",
         "former_owner": "FORMER_OWNER_KEEP_AS_ADMIN"},
    ],
    "People/GrantStaffAccess": [
        {"client_id": "$client_id", "user_id": "$staff_id"},
        {"client_id": "$client_id", "user_id": "$staff_id", "account_id": "$account_id"},
    ],
    "People/RevokeStaffAccess": [{"client_id": "$client_id", "grant_id": "$fresh_grant"}],
    "People/CreateAccount": [
        {"group_id": "$group_id", "product": "hosting", "name": "n-{u}.example", "external_id": "x-{u}"},
    ],
    "People/LinkAccount": [{"client_id": "$client_id", "account_id": "$fresh_account"}],
    "People/UnlinkAccount": [{"client_id": "$client_id", "account_id": "$fresh_linked_account"}],
    "People/ListAccounts": [{"client_id": "$client_id"}, {"group_id": "$group_id"}],
    "People/SetParentClient": [{"client_id": "$second_client_id", "parent_client_id": "$client_id"}],
    "Outbox/ListPending": [{"group_id": "$group_id"}],
    "Audit/List": [{"group_id": "$group_id", "client_id": "$client_id", "page_size": 20},
                   {"group_id": "$group_id", "page_size": 20}],
}
# The contract's names (cases.py) and A's values they stand for.
CONTRACT_NAMES = {
    "group": "group_id", "owner_id": "owner_id", "manager_id": "manager_id", "client": "client_id",
    "second": "second_client_id", "contact": "contact_id", "contact2": "fresh_contact", "note": "fresh_note",
    "credit_entry": "entry_id", "member": "client_member_id", "member2": "fresh_member",
    "invitation": "fresh_invitation", "grant": "fresh_grant", "account": "account_id",
    "assignment": "assignment_id", "revoked_key": "key_id", "mailer_key": "key_id",
    "client_import": "import_id", "delivered": "message_ids", "client_owner": "client_owner_id",
    "statement": "statement_id",
}
# Methods not swept by the generic loop: the credential checks, swept apart (sweep_credentials).
CREDENTIAL_METHODS = {"Access/Login", "Access/ChangePassword"}
# OK answers whose payloads are not compared, and why (the code and message still are).
PAYLOAD_NOT_COMPARED = {
    "Clients/AddContact": "each accepted call adds a contact: the twin's answer lists one more",
    "Clients/UpdateContact": "the client's contacts grow by the fresh contact each request is given",
    "Clients/RemoveContact": "the client's contacts grow by the fresh contact each request is given",
}
# Payload keys that differ between two equal answers: times, versions, counters.
VOLATILE_KEY = re.compile(r"(_millis|^version|^sequence|^entry_count|^expected_version)$")
ID_SHAPE = re.compile(r"\b[a-z]{2,5}_[0-9a-z]{26}\b")
SECRET_SHAPE = re.compile(r"\bclt_[a-z]_[0-9A-Za-z_-]{20,}\b")
UNIQUE_SHAPE = re.compile(r"u[0-9a-f]{12}x")
ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"


_UNIQUE = iter(range(1, 1 << 40))
_UNIQUE_BASE = random.randrange(1 << 40)


def unique() -> str:
    """A value unique to one request, increasing: objects made for B's value and for its twin
    then sort alike (by name or by time) in later lists."""
    return f"u{_UNIQUE_BASE + next(_UNIQUE):012x}x"


def twin_of(value: str, rng: random.Random) -> str:
    """A random value of the same shape: the same prefix and length, or an email's domain."""
    if "@" in value:
        local, domain = value.rsplit("@", 1)
        return "".join(rng.choice(string.ascii_lowercase) for _ in local) + "@" + domain
    if "_" in value:
        prefix, rest = value.rsplit("_", 1)
        alphabet = ID_ALPHABET if all(c in ID_ALPHABET for c in rest) else string.ascii_lowercase + string.digits
        return prefix + "_" + "".join(rng.choice(alphabet) for _ in rest)
    return "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in value)


# ---- Descriptors from the daemon ---------------------------------------------------------------------


class Schema:
    def __init__(self, file_descriptor_set: bytes) -> None:
        fds = descriptor_pb2.FileDescriptorSet.FromString(file_descriptor_set)
        self.pool = descriptor_pool.DescriptorPool()
        pending = list(fds.file)
        added: set = set()
        while pending:  # dependencies first, whatever the set's order
            progress = False
            for f in list(pending):
                if all(d in added for d in f.dependency):
                    self.pool.Add(f)
                    added.add(f.name)
                    pending.remove(f)
                    progress = True
            if not progress:
                raise SystemExit(f"isolation-sweep: descriptor set has unresolved imports: {[f.name for f in pending]}")
        self.services = []
        for f in fds.file:
            if f.package == PACKAGE:
                for s in f.service:
                    self.services.append(self.pool.FindServiceByName(f"{PACKAGE}.{s.name}"))
        self._classes: Dict[str, type] = {}

    def message_class(self, message_descriptor) -> type:
        name = message_descriptor.full_name
        if name not in self._classes:
            if hasattr(message_factory, "GetMessageClass"):
                self._classes[name] = message_factory.GetMessageClass(message_descriptor)
            else:  # protobuf 3.20
                self._classes[name] = message_factory.MessageFactory(self.pool).GetPrototype(message_descriptor)
        return self._classes[name]


def swept_paths(message_descriptor) -> List[Tuple[str, ...]]:
    """Every swept string field: top level and one level of nested messages (maps excepted)."""
    paths = []
    for field in message_descriptor.fields:
        if field.type == descriptor.FieldDescriptor.TYPE_STRING and swept_name(field.name):
            paths.append((field.name,))
        elif field.type == descriptor.FieldDescriptor.TYPE_MESSAGE and not field.message_type.GetOptions().map_entry:
            for inner in field.message_type.fields:
                if inner.type == descriptor.FieldDescriptor.TYPE_STRING and swept_name(inner.name):
                    paths.append((field.name, inner.name))
    return paths


def set_path(request, path: Tuple[str, ...], value: str) -> None:
    target = request
    for name in path[:-1]:
        field = target.DESCRIPTOR.fields_by_name[name]
        if is_repeated(field):
            items = getattr(target, name)
            target = items[0] if len(items) else items.add()
        else:
            target = getattr(target, name)
    leaf = target.DESCRIPTOR.fields_by_name[path[-1]]
    if is_repeated(leaf):
        del getattr(target, path[-1])[:]
        getattr(target, path[-1]).append(value)
    else:
        setattr(target, path[-1], value)
    # A nested field outside the update mask is ignored: name it in the mask.
    fields = request.DESCRIPTOR.fields_by_name
    if len(path) == 2 and "update_mask" in fields and path[0] != "update_mask":
        if path[1] not in request.update_mask.paths:
            request.update_mask.paths.append(path[1])


# ---- Comparing answers -----------------------------------------------------------------------------


class Answer:
    def __init__(self, code: StatusCode, message: str, payload: Optional[dict]) -> None:
        self.code = code
        self.message = message
        self.payload = payload

    def __str__(self) -> str:
        text = f"{self.code.name} {self.message!r}"
        if self.code == StatusCode.OK and self.payload is not None:
            text += " " + json.dumps(self.payload, sort_keys=True)[:400]
        return text


def mask_text(text: str, sent: List[str]) -> str:
    for value in sorted((v for v in sent if v), key=len, reverse=True):
        text = re.sub(re.escape(value), "<id>", text, flags=re.IGNORECASE)
    text = UNIQUE_SHAPE.sub("<u>", text)
    return text


def normalize(value, sent: List[str]):
    if isinstance(value, dict):
        return {k: normalize(v, sent) for k, v in value.items() if not VOLATILE_KEY.search(k)}
    if isinstance(value, list):
        return [normalize(v, sent) for v in value]
    if isinstance(value, str):
        text = mask_text(value, sent)
        text = SECRET_SHAPE.sub("<secret>", text)
        return ID_SHAPE.sub("<anyid>", text)
    return value


# ---- The sweep ----------------------------------------------------------------------------------------

# Answers that say nothing about isolation (the call did not run, or the daemon failed):
# a pair with one of these fails whatever the other answer is.
BROKEN = {StatusCode.UNAVAILABLE, StatusCode.DEADLINE_EXCEEDED, StatusCode.CANCELLED, StatusCode.INTERNAL,
          StatusCode.UNKNOWN}


class CallerLost(Exception):
    """A caller's session stopped working: the rest of the sweep would compare nothing."""


class Sweep:
    def __init__(self, daemon: Daemon, seed: int) -> None:
        self.daemon = daemon
        self.rng = random.Random(seed)
        self.a: Dict[str, object] = {}  # A's ids and emails by name (see build_tenant)
        self.b: Dict[str, object] = {}
        self.b_fields: Dict[str, List[Tuple[str, str]]] = {}  # field kind -> [(label, B value)]
        self.a_fields: Dict[str, List[Tuple[str, str]]] = {}
        self.twins: Dict[str, str] = {}
        self.tokens: Dict[str, str] = {}
        self.conns: Dict[str, Connection] = {}
        self.passed = 0
        self.failures: List[str] = []
        self.per_method: Dict[str, Dict[str, int]] = {}
        self.schema: Optional[Schema] = None
        self.fresh_made = 0
        self.verbose = False
        self.a_main_fields: dict = {}
        self.a_main_contacts: set = set()

    # -- calls --

    def conn(self, caller: Optional[str]) -> Connection:
        key = caller or "-"
        if key not in self.conns:
            self.conns[key] = Connection(self.daemon.socket, token=self.tokens.get(caller) if caller else None,
                                         timeout=TIMEOUT)
        return self.conns[key]

    def method(self, key: str):
        service, name = key.split("/")
        return self.schema.pool.FindServiceByName(f"{PACKAGE}.{service}").FindMethodByName(name)

    def call(self, caller: Optional[str], key: str, request: dict):
        """A call that must succeed (setup): the answer as a message."""
        method = self.method(key)
        message = json_format.ParseDict(request, self.schema.message_class(method.input_type)())
        payload = self.conn(caller).call_raw(method.containing_service.full_name, method.name,
                                             message.SerializeToString())
        return self.schema.message_class(method.output_type).FromString(payload)

    def answer(self, caller: Optional[str], method, request) -> Answer:
        try:
            payload = self.conn(caller).call_raw(method.containing_service.full_name, method.name,
                                                 request.SerializeToString())
        except ClienteleError as error:
            return Answer(StatusCode.of(int(error.code)), error.message, None)
        response = self.schema.message_class(method.output_type).FromString(payload)
        return Answer(StatusCode.OK, "", json_format.MessageToDict(response, preserving_proto_field_name=True))

    # -- setup --

    def load_schema(self) -> None:
        with Connection(self.daemon.socket, timeout=TIMEOUT) as c:
            from clientele_client._pb.clientele.v1 import reflection_pb2

            answer = c.call(f"{PACKAGE}.Reflection", "GetDescriptorSet", reflection_pb2.GetDescriptorSetRequest(),
                            reflection_pb2.GetDescriptorSetResponse)
        self.schema = Schema(answer.file_descriptor_set)

    def build_tenant(self, t: str) -> Dict[str, object]:
        """Every kind of object in a new tenant; its ids and emails by name, its tokens in self.tokens."""
        v: Dict[str, object] = {}
        domain = f"{t}-tenant.example"
        v["owner_email"] = f"owner@{domain}"
        boot = self.call(None, "Access/BootstrapGroup", {
            "group_name": f"Tenant {t.upper()}", "owner_email": v["owner_email"], "owner_name": f"Olga {t.upper()}",
            "owner_password": PASSWORD})
        v["group_id"], v["owner_id"] = boot.group.id, boot.owner.id
        self.tokens[f"{t}-owner"] = self.call(None, "Access/Login", {"group_id": v["group_id"], "email": v["owner_email"],
                                                                    "password": PASSWORD}).token
        own = f"{t}-owner"
        g = v["group_id"]
        v["manager_email"] = f"manager@{domain}"
        v["manager_id"] = self.call(own, "Access/CreateUser", {
            "group_id": g, "email": v["manager_email"], "name": "Max Manager", "password": PASSWORD,
            "role": "ROLE_MANAGER", "scope": {"group_id": g}}).id
        v["contact_email"] = f"clara@{domain}"
        v["legal_id"] = f"LEGAL-{t.upper()}-4711"
        v["client_owner_email"] = f"paula@{domain}"
        client = self.call(own, "Clients/CreateClient", {
            "group_id": g,
            "fields": {"account_name": f"{t}-main", "company_name": f"{t.upper()} Main", "currency": "EUR",
                       "billing_mode": "BILLING_MODE_PREPAID", "manager_user_id": v["manager_id"],
                       "legal_id": v["legal_id"], "billing_emails": [f"billing@{domain}"]},
            "contacts": [{"first_name": "Clara", "email": v["contact_email"], "primary": True}],
            "owner": {"first_name": "Paula", "email": v["client_owner_email"]}})
        v["client_id"], v["contact_id"], v["client_owner_id"] = client.id, client.contacts[0].id, client.owner_user_id
        v["second_client_id"] = self.call(own, "Clients/CreateClient", {
            "group_id": g, "fields": {"account_name": f"{t}-second", "currency": "EUR",
                                      "billing_mode": "BILLING_MODE_POSTPAID"}}).id
        v["member_email"] = f"mo@{domain}"
        v["member_id"] = self.call(own, "Access/CreateUser", {  # no password
            "group_id": g, "email": v["member_email"], "name": "Mo Member", "role": "ROLE_MEMBER",
            "scope": {"client_id": v["client_id"]}}).id
        v["staff_email"] = f"staff@{domain}"
        v["staff_id"] = self.call(own, "Access/CreateUser", {
            "group_id": g, "email": v["staff_email"], "name": "Stan Staff", "password": PASSWORD,
            "role": "ROLE_PARTNER_STAFF", "scope": {"client_id": v["second_client_id"]}}).id
        v["grant_id"] = self.call(own, "People/GrantStaffAccess", {"client_id": v["client_id"], "user_id": v["staff_id"]}).id
        v["client_member_email"] = f"mia@{domain}"
        v["client_member_id"] = self.call(own, "People/AddMember", {
            "client_id": v["client_id"], "first_name": "Mia", "email": v["client_member_email"],
            "role": "MEMBER_ROLE_MEMBER", "portal_access": True}).user_id
        key = self.call(own, "Access/IssueAPIKey", {"group_id": g, "name": "mail-service", "role": "ROLE_MAILER",
                                                    "scope": {"group_id": g}})
        v["key_id"] = key.key.id
        self.tokens[f"{t}-key"] = key.secret
        v["external_id"] = f"ext-{t}-1"
        v["account_id"] = self.call(own, "People/CreateAccount", {
            "group_id": g, "product": "hosting", "name": f"{t}.example", "external_id": v["external_id"]}).id
        self.call(own, "People/LinkAccount", {"client_id": v["client_id"], "account_id": v["account_id"]})
        v["note_id"] = self.call(own, "Clients/AddNote", {"client_id": v["client_id"], "text": "a note"}).id
        v["entry_id"] = self.call(own, "Billing/AddCredit", {"client_id": v["client_id"], "amount_minor": 10000,
                                                             "payment": {"method": "bank transfer"}}).entry.id
        # A statement of the credit (the period has ended by the next millisecond), mailed as an INVOICE.
        time.sleep(0.002)
        v["statement_id"] = self.call(own, "Billing/IssueStatement", {
            "client_id": v["client_id"], "period_start_millis": 1, "period_end_millis": int(time.time() * 1000)}).id
        v["invitation_id"] = self.call(own, "People/InvitePortalUser", {
            "client_id": v["client_id"], "user_id": v["client_member_id"], "method": "INVITATION_METHOD_LINK"}).id
        v["import_id"] = self.call(own, "Clients/BeginClientImport", {
            "group_id": g, "columns": ["account_name", "currency"]}).import_id
        self.tokens[f"{t}-manager"] = self.call(None, "Access/Login", {"group_id": g, "email": v["manager_email"],
                                                                      "password": PASSWORD}).token
        self.tokens[f"{t}-staff"] = self.call(None, "Access/Login", {"group_id": g, "email": v["staff_email"],
                                                                    "password": PASSWORD}).token
        self.tokens[f"{t}-signed-in-as"] = self.call(f"{t}-staff", "People/SignInAs", {"client_id": v["client_id"]}).token
        people = self.call(own, "Access/ListPeople", {"group_id": g})
        v["assignment_ids"] = [r.id for p in people.people for r in p.roles]
        pending = self.call(own, "Outbox/ListPending", {"group_id": g})
        v["message_ids"] = [m.id for m in pending.messages]
        return v

    def setup(self) -> None:
        self.a = self.build_tenant("a")
        self.b = self.build_tenant("b")
        # What an accepted UpdateClient of A's main client is undone to (see restore()).
        main = self.call("a-owner", "Clients/GetClient", {"client_id": self.a["client_id"]})
        self.a_main_fields = json_format.MessageToDict(main.fields, preserving_proto_field_name=True)
        self.a_main_contacts = {c.id for c in main.contacts}
        for t, values, fields in (("a", self.a, self.a_fields), ("b", self.b, self.b_fields)):
            users = [("owner", values["owner_id"]), ("manager", values["manager_id"]),
                     ("member without password", values["member_id"]), ("partner staff", values["staff_id"]),
                     ("client owner pending activation", values["client_owner_id"]),
                     ("client member", values["client_member_id"])]
            fields["user_id"] = users
            fields["client_id"] = [("client with owner", values["client_id"]),
                                   ("client without owner", values["second_client_id"])]
            fields["group_id"] = [("group", values["group_id"])]
            for name in ("account_id", "grant_id", "invitation_id", "key_id", "note_id", "contact_id", "entry_id",
                         "import_id", "external_id", "legal_id", "statement_id"):
                fields[name] = [(name[:-3] if name.endswith("_id") else name, values[name])]
            fields["assignment_id"] = [(f"role assignment {i + 1}", a) for i, a in enumerate(values["assignment_ids"])]
            fields["message_id"] = [(f"outbox message {i + 1}", m) for i, m in enumerate(values["message_ids"])]
            fields["email"] = [(label, values[f"{name}_email"]) for label, name in (
                ("owner", "owner"), ("manager", "manager"), ("member without password", "member"),
                ("partner staff", "staff"), ("client owner pending activation", "client_owner"),
                ("client member", "client_member"), ("contact", "contact"))]
        for kind, items in self.b_fields.items():
            for _, value in items:
                self.twins[value] = twin_of(value, self.rng)
        assert self.b_fields["assignment_id"] and self.b_fields["message_id"], "B has role assignments and outbox messages"

    # -- A's fresh objects: a consumable fixture per request --

    def fresh(self, name: str, scope: Dict[str, str]) -> str:
        """A new A object for one request (memoized in `scope`, the request's own)."""
        if name in scope:
            return scope[name]
        own, c = "a-owner", self.a["client_id"]
        self.fresh_made += 1
        if name == "fresh_contact":
            email = f"f-{unique()}@a-tenant.example"
            client = self.call(own, "Clients/AddContact", {"client_id": c, "contact": {"first_name": "F", "email": email}})
            value = next(x.id for x in client.contacts if x.email == email)
        elif name == "fresh_note":
            value = self.call(own, "Clients/AddNote", {"client_id": c, "text": "fresh"}).id
        elif name in ("fresh_member", "fresh_portal_member"):
            value = self.call(own, "People/AddMember", {
                "client_id": c, "first_name": "F", "role": "MEMBER_ROLE_MEMBER", "email": f"f-{unique()}@a-tenant.example",
                "portal_access": name == "fresh_portal_member"}).user_id
        elif name == "fresh_invitation":
            value = self.call(own, "People/InvitePortalUser", {
                "client_id": c, "user_id": self.fresh("fresh_portal_member", scope),
                "method": "INVITATION_METHOD_LINK"}).id
        elif name == "fresh_grant":
            value = self.call(own, "People/GrantStaffAccess", {
                "client_id": c, "user_id": self.fresh("fresh_member", scope)}).id
        elif name in ("fresh_account", "fresh_linked_account"):
            value = self.call(own, "People/CreateAccount", {"group_id": self.a["group_id"], "product": "hosting",
                                                             "name": f"f-{unique()}.example"}).id
            if name == "fresh_linked_account":
                self.call(own, "People/LinkAccount", {"client_id": c, "account_id": value})
        elif name == "fresh_transfer_client":
            value = self.call(own, "Clients/CreateClient", {
                "group_id": self.a["group_id"], "fields": {"account_name": f"t-{unique()}", "currency": "EUR"},
                "owner": {"first_name": "Tom", "email": f"tom-{unique()}@a-tenant.example"}}).id
        elif name == "fresh_transfer_member":
            value = self.call(own, "People/AddMember", {
                "client_id": self.fresh("fresh_transfer_client", scope), "first_name": "Tina",
                "email": f"tina-{unique()}@a-tenant.example", "role": "MEMBER_ROLE_MEMBER"}).user_id
        else:
            raise KeyError(name)
        scope[name] = value
        return value

    # -- undoing what an accepted pair left that the next pair would see differently --

    def restore(self, key: str) -> None:
        """An accepted UpdateClient overwrites A's main client (the twin's value stays, B's
        does not): put its fields back. Contacts pile up (50 at most): drop the added ones."""
        own, c = "a-owner", self.a["client_id"]
        if key == "Clients/UpdateClient":
            mask = ["billing_emails", "manager_user_id", "legal_id", "company_name"]
            self.call(own, "Clients/UpdateClient", {
                "client_id": c, "update_mask": ",".join(re.sub(r"_([a-z])", lambda m: m.group(1).upper(), m) for m in mask),
                "fields": {m: self.a_main_fields[m] for m in mask if m in self.a_main_fields}})
        if key in ("Clients/AddContact", "Clients/UpdateContact", "Clients/RemoveContact"):
            client = self.call(own, "Clients/GetClient", {"client_id": c})
            if len(client.contacts) > 30:
                for contact in client.contacts:
                    if contact.id not in self.a_main_contacts:
                        self.call(own, "Clients/RemoveContact", {"client_id": c, "contact_id": contact.id})

    def a_value(self, name: str, fresh: Dict[str, str]):
        if name.startswith("fresh_"):
            return self.fresh(name, fresh)
        if name in self.a:
            return self.a[name]
        kind = kinds_for(name, self.a_fields)
        if kind is None:
            raise KeyError(name)
        return self.a_fields[kind][0][1]

    # -- templates --

    def templates(self, key: str, method) -> List[dict]:
        if key in TEMPLATES:
            return TEMPLATES[key]
        for case in contract.CASES:
            if f"{case.service.split('.')[-1]}/{case.method}" == key and case.expect == "OK":
                return [rename(case.request)]
        # No template: every id and email field filled with A's value of the same name.
        request: dict = {}
        for path in swept_paths(method.input_type):
            kind = kinds_for(path[-1], self.a_fields)
            if kind is None:
                continue
            target, message_type = request, method.input_type
            for name in path[:-1]:
                target = target.setdefault(name, {})
                message_type = message_type.fields_by_name[name].message_type
            repeated = is_repeated(message_type.fields_by_name[path[-1]])
            target[path[-1]] = [f"${kind}"] if repeated else f"${kind}"
        return [request]

    def build(self, template: dict, request_class, fresh: Dict[str, str]):
        u = unique()

        def fill(value):
            if isinstance(value, str) and value.startswith("$"):
                return self.a_value(value[1:], fresh)
            if isinstance(value, str):
                return value.replace("{u}", u)
            if isinstance(value, dict):
                return {k: fill(x) for k, x in value.items()}
            if isinstance(value, list):
                out = []
                for x in value:
                    filled = fill(x)
                    out.extend(filled if isinstance(filled, list) else [filled])
                return out
            return value

        return json_format.ParseDict(fill(template), request_class())

    # -- comparing a pair --

    def compare(self, key: str, label: str, caller: Optional[str], method, template: dict, path, value: str,
                quiet: bool = False) -> bool:
        """Sends the request with path = value, then = its twin; True when the answers are alike."""
        twin = self.twins.get(value) or self.twins.setdefault(value, twin_of(value, self.rng))
        answers = []
        for sent in (value, twin):
            fresh: Dict[str, str] = {}
            request = self.build(template, self.schema.message_class(method.input_type), fresh)
            set_path(request, path, sent)
            answer = self.answer(caller, method, request)
            masked = list(fresh.values()) + [sent]
            answer.message = mask_text(answer.message, masked)
            if answer.payload is not None:
                answer.payload = normalize(answer.payload, masked) if key not in PAYLOAD_NOT_COMPARED else None
            answers.append(answer)
        self.restore(key)
        mine, unknown = answers
        alike = mine.code == unknown.code and mine.message == unknown.message and mine.payload == unknown.payload
        if self.verbose:
            print(f"    {key} {'.'.join(path)}={label} as {caller or 'anonymous'}: {mine}" +
                  ("" if alike else f" | unknown: {unknown}"), flush=True)
        stats = self.per_method.setdefault(key, {"pairs": 0, "failed": 0})
        stats["pairs"] += 1
        stats.setdefault("codes", {}).setdefault(mine.code.name, 0)
        stats["codes"][mine.code.name] += 1
        stats.setdefault("callers", set()).add(caller or "anonymous")
        broken = [a for a in answers if a.code in BROKEN]
        if broken and not quiet:
            self.fail(f"{key} {'.'.join(path)} = B's {label} as {caller or 'anonymous'}: the daemon answered "
                      f"{broken[0]}; the pair compares nothing")
        if alike:
            self.passed += 1
        else:
            stats["failed"] += 1
            line = (f"MISMATCH {key} field {'.'.join(path)} = B's {label} ({value}) as {caller or 'anonymous'}:\n"
                    f"    B's {label}: {mine}\n    unknown id:  {unknown}")
            if mine.payload is not None and unknown.payload is not None:
                line += f"\n    first difference: {first_difference(mine.payload, unknown.payload)}"
            self.failures.append(line)
            if not quiet:
                print(line, flush=True)
        return alike

    # -- the generic sweep --

    def sweep(self, only: Optional[str]) -> None:
        callers = ["a-owner", "a-manager", "a-signed-in-as"]
        for service in self.schema.services:
            for method in service.methods:
                key = f"{service.name}/{method.name}"
                if only and only not in key:
                    continue
                paths = swept_paths(method.input_type)
                if key in CREDENTIAL_METHODS:
                    self.sweep_credentials(key, method)
                    continue
                if not paths:
                    self.per_method[key] = {"pairs": 0, "failed": 0, "none": 1}
                    continue
                self.per_method.setdefault(key, {"pairs": 0, "failed": 0})
                for template in self.templates(key, method):
                    for path in paths:
                        kind = kinds_for(path[-1], self.b_fields)
                        if kind is None:
                            self.fail(f"{key}: field {'.'.join(path)} names no kind of B object; teach setup() to make one")
                            continue
                        for caller in callers:
                            for label, value in self.b_fields[kind]:
                                try:
                                    self.compare(key, label, caller, method, template, path, value)
                                except Exception as error:  # a crash of the sweep is a failure too
                                    self.fail(f"{key} {'.'.join(path)} as {caller}: {type(error).__name__}: {error}")
                self.check_callers(key, callers)
                self.report(key)

    def sweep_credentials(self, key: str, method) -> None:
        """Login and ChangePassword: group A with B's emails (and B's real password) against random
        emails, and group B against a random group with A's owner's email. Few calls: each costs a scrypt.
        Each (group, email) name is tried at most 4 times, below the 5 free failures, so no lock kicks in."""
        self.per_method.setdefault(key, {"pairs": 0, "failed": 0})
        if key == "Access/Login":
            base = {"group_id": self.a["group_id"], "email": self.a["owner_email"], "password": PASSWORD}
        else:
            base = {"group_id": self.a["group_id"], "email": self.a["owner_email"], "current_password": PASSWORD,
                    "new_password": PASSWORD + " changed"}
        emails = [(l, e) for l, e in self.b_fields["email"] if l in ("owner", "manager", "member without password",
                                                                     "client owner pending activation")]
        paths = {p[-1]: p for p in swept_paths(method.input_type)}
        for caller in (None, "a-signed-in-as"):
            for label, email in emails:
                self.compare(key, label, caller, method, base, paths["email"], email)
            # Group B with A's owner's (right) credentials: as wrong as an unknown group.
            self.compare(key, "group", caller, method, base, paths["group_id"], self.b["group_id"])
        for path in paths.values():  # fields added later: named B objects of their kind
            if path[-1] in ("email", "group_id"):
                continue
            kind = kinds_for(path[-1], self.b_fields)
            if kind is None:
                self.fail(f"{key}: field {'.'.join(path)} names no kind of B object; teach setup() to make one")
                continue
            for label, value in self.b_fields[kind][:1]:
                self.compare(key, label, None, method, base, path, value)
        self.report(key)

    def check_callers(self, key: str, callers: List[str]) -> None:
        """A caller whose session ended would answer alike for everything: each must still work."""
        for caller in callers:
            try:
                self.call(caller, "Access/WhoAmI", {})
            except ClienteleError as error:
                self.fail(f"after {key}: caller {caller} no longer works ({error.code.name} {error.message}); "
                          f"later pairs would compare nothing")
                raise CallerLost(caller) from None

    def report(self, key: str) -> None:
        s = self.per_method[key]
        codes = ", ".join(f"{n} {c}" for c, n in sorted(s.get("codes", {}).items()))
        print(f"  {key}: {s['pairs']} pairs, {s['failed']} failed ({codes})", flush=True)

    def fail(self, line: str) -> None:
        self.failures.append(line)
        print(f"FAIL {line}", flush=True)

    # -- the canary: the comparison must tell A's own objects from unknown ones --

    def canary(self) -> None:
        saved = (self.passed, list(self.failures), {k: dict(v) for k, v in self.per_method.items()})
        caught = 0
        checks = [("Clients/GetClient", ("client_id",), self.a["client_id"]),
                  ("Access/ListPeople", ("group_id",), self.a["group_id"]),
                  ("People/ListMembers", ("client_id",), self.a["client_id"])]
        for key, path, value in checks:
            method = self.method(key)
            if not self.compare(key, "A's own object", "a-owner", method, {}, path, value, quiet=True):
                caught += 1
        self.passed, self.failures, self.per_method = saved
        print(f"canary: {caught}/{len(checks)} pairs naming A's own objects told apart from unknown ids", flush=True)
        if caught != len(checks):
            self.fail("canary: the comparison did not tell A's own objects from unknown ones; the sweep proves nothing")

    # -- B unchanged --

    def snapshot(self) -> dict:
        own = "b-owner"
        g, snap = self.b["group_id"], {}

        def read(name, key, request, pages=False):
            try:
                if not pages:
                    snap[name] = json_format.MessageToDict(self.call(own, key, request), preserving_proto_field_name=True)
                    return
                items, token = [], ""
                while True:
                    page = json_format.MessageToDict(self.call(own, key, dict(request, page_token=token)),
                                                     preserving_proto_field_name=True)
                    token = page.pop("next_page_token", "")
                    items.append(page)
                    if not token:
                        break
                snap[name] = items
            except ClienteleError as error:
                snap[name] = f"{error.code.name} {error.message}"

        read("people", "Access/ListPeople", {"group_id": g})
        read("keys", "Access/ListAPIKeys", {"group_id": g})
        read("clients", "Clients/ListClients", {"group_id": g, "include_closed": True}, pages=True)
        read("accounts", "People/ListAccounts", {"group_id": g})
        read("outbox", "Outbox/ListPending", {"group_id": g}, pages=True)
        read("audit", "Audit/List", {"group_id": g, "page_size": 500}, pages=True)
        for client in ("client_id", "second_client_id"):
            c = self.b[client]
            read(f"{client} client", "Clients/GetClient", {"client_id": c})
            read(f"{client} members", "People/ListMembers", {"client_id": c})
            read(f"{client} access", "People/ListAccess", {"client_id": c})
            read(f"{client} notes", "Clients/ListNotes", {"client_id": c}, pages=True)
            read(f"{client} balance", "Billing/GetBalance", {"client_id": c})
            read(f"{client} entries", "Billing/ListEntries", {"client_id": c}, pages=True)
            read(f"{client} statements", "Billing/ListStatements", {"client_id": c}, pages=True)
            read(f"{client} accounts", "People/ListAccounts", {"client_id": c})
            read(f"{client} invitations", "People/ListInvitations", {"client_id": c})
            read(f"{client} sign in as", "People/ListSignInAsSessions", {"client_id": c})
        return strip_volatile(snap)

    def check_b(self, before: dict) -> None:
        after = self.snapshot()
        changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
        for name in changed:
            self.fail(f"B changed: {name}:\n    before: {json.dumps(before.get(name), sort_keys=True)[:1500]}\n"
                      f"    after:  {json.dumps(after.get(name), sort_keys=True)[:1500]}")
        for caller in ("b-owner", "b-manager", "b-staff", "b-signed-in-as", "b-key"):
            try:
                self.call(caller, "Access/WhoAmI", {})
            except ClienteleError as error:
                self.fail(f"B's {caller} token no longer works: {error.code.name} {error.message}")
        for label, email in (("owner", self.b["owner_email"]), ("manager", self.b["manager_email"])):
            try:
                self.call(None, "Access/Login", {"group_id": self.b["group_id"], "email": email, "password": PASSWORD})
            except ClienteleError as error:
                self.fail(f"B's {label} no longer signs in with the original password: {error.code.name} {error.message}")
        print(f"B unchanged: {len(before) - len(changed)}/{len(before)} snapshot parts alike, tokens and passwords checked",
              flush=True)

    def close(self) -> None:
        for conn in self.conns.values():
            conn.close()


def first_difference(a, b, path: str = "") -> str:
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if a.get(k) != b.get(k):
                return first_difference(a.get(k), b.get(k), f"{path}.{k}")
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items against {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return first_difference(x, y, f"{path}[{i}]")
    return f"{path or '.'}: {json.dumps(a)[:300]} against {json.dumps(b)[:300]}"


def strip_volatile(value):
    if isinstance(value, dict):
        return {k: strip_volatile(v) for k, v in value.items() if not k.startswith("last_used")}
    if isinstance(value, list):
        return [strip_volatile(v) for v in value]
    return value


def rename(request):
    """A contract request with its names mapped to A's."""
    if isinstance(request, str) and request.startswith("$"):
        return "$" + CONTRACT_NAMES.get(request[1:], request[1:])
    if isinstance(request, dict):
        return {k: rename(v) for k, v in request.items()}
    if isinstance(request, list):
        return [rename(v) for v in request]
    return request


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--daemon", required=True, help="clienteled (a debug build will do)")
    parser.add_argument("--only", help="sweep only the methods whose Service/Method contains this")
    parser.add_argument("--seed", type=int, default=None, help="seed of the twins (default: random, printed)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (daemon log, data)")
    parser.add_argument("--verbose", action="store_true", help="print every pair's answers")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)

    started = time.monotonic()
    work = make_work_dir("clientele-isolation.")
    daemon = Daemon(args.daemon, work)
    sweep: Optional[Sweep] = None
    crashed = False
    try:
        daemon.start()
        sweep = Sweep(daemon, seed)
        sweep.verbose = args.verbose
        sweep.load_schema()
        sweep.setup()
        print(f"isolation-sweep: seed {seed}; setup of tenants A and B done in {time.monotonic() - started:.1f} s",
              flush=True)
        before = sweep.snapshot()
        sweep.canary()
        sweep.sweep(args.only)
        sweep.check_b(before)
        if not args.only:
            for key, stats in sorted(sweep.per_method.items()):
                if "none" not in stats and stats["pairs"] == 0:
                    sweep.fail(f"{key}: has id or email fields but no pair was compared")
                elif "none" not in stats and key not in CREDENTIAL_METHODS and len(stats.get("callers", ())) < 3:
                    sweep.fail(f"{key}: compared for callers {sorted(stats.get('callers', ()))} only")
            total = sweep.passed + sum(s["failed"] for s in sweep.per_method.values())
            if total < MIN_PAIRS:
                sweep.fail(f"only {total} pairs compared (at least {MIN_PAIRS} expected)")
    except CallerLost:
        pass  # already a failure
    except BaseException:
        crashed = True
        traceback.print_exc()
    finally:
        if sweep is not None:
            sweep.close()
        code = daemon.stop()
        if code not in (0, None):
            print(f"isolation-sweep: the daemon stopped with status {code}", file=sys.stderr)
            crashed = True
        failed = sweep is None or crashed or bool(sweep.failures)
        if failed:
            print(daemon.log(), file=sys.stderr)
        remove_work_dir(work, args.keep or failed)
    if sweep is None:
        print("0 passed, 1 failed")
        return 1
    mismatches = sum(s["failed"] for s in sweep.per_method.values())
    methods = sum(1 for s in sweep.per_method.values() if s["pairs"])
    other = len(sweep.failures) - mismatches + (1 if crashed else 0)
    print(f"isolation-sweep: {methods} methods, {sweep.passed + mismatches} pairs compared, {mismatches} mismatches, "
          f"{other} other failures, {sweep.fresh_made} fresh A objects, {time.monotonic() - started:.1f} s")
    print(f"{sweep.passed} passed, {mismatches + other} failed")
    return 1 if (mismatches or other) else 0


if __name__ == "__main__":
    sys.exit(main())
