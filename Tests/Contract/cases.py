"""The contract cases, in the order they run against one fresh --test-deterministic daemon.

Used by `contract.py --record` only: replay reads the recorded files. A request is
a dict in protobuf JSON form (field names as in the .proto); strings "$name" are
replaced by what earlier cases saved (ids, tokens). `auth` names the credentials
sent: None (none: the socket's uid, i.e. the local operator), "invalid" (a token
that does not exist), or a saved token ("owner", "other", "mailer", ...).
"""

from __future__ import annotations

from typing import Callable, Dict, List, Optional

from google.protobuf import json_format

ACCESS = "clientele.v1.Access"
AUDIT = "clientele.v1.Audit"
BILLING = "clientele.v1.Billing"
CHANGES = "clientele.v1.Changes"
CLIENTS = "clientele.v1.Clients"
HEALTH = "clientele.v1.Health"
OUTBOX = "clientele.v1.Outbox"
PEOPLE = "clientele.v1.People"
REFLECTION = "clientele.v1.Reflection"

PASSWORD = "a long enough password"
INVALID_TOKEN = "clt_s_" + "a" * 52


def _substitute(value, context: Dict[str, str]):
    if isinstance(value, str) and value.startswith("$"):
        return context[value[1:]]
    if isinstance(value, dict):
        return {k: _substitute(v, context) for k, v in value.items()}
    if isinstance(value, list):
        return [_substitute(v, context) for v in value]
    return value


class Case:
    def __init__(
        self,
        name: str,
        service: str,
        method: str,
        request: Optional[dict] = None,
        *,
        auth: Optional[str] = "owner",
        expect: str = "OK",
        save: Optional[Callable[[Dict[str, str], object], None]] = None,
        idempotency_key: Optional[str] = None,
        volatile: Optional[List[str]] = None,
        clients: Optional[List[str]] = None,
        description: str = "",
    ) -> None:
        self.name = name
        self.service = service
        self.method = method
        self.request = request or {}
        self.auth = auth
        self.expect = expect
        self.save = save
        self.idempotency_key = idempotency_key
        self.volatile = volatile or []
        self.clients = clients or []
        self.description = description

    def build(self, request_type, context: Dict[str, str]):
        return json_format.ParseDict(_substitute(self.request, context), request_type())

    def metadata(self, context: Dict[str, str], number: int):
        pairs = [("request-id", f"contract-{number:03d}")]
        if self.auth == "invalid":
            pairs.append(("authorization", f"Bearer {INVALID_TOKEN}"))
        elif self.auth is not None:
            pairs.append(("authorization", f"Bearer {context[self.auth]}"))
        if self.idempotency_key:
            pairs.append(("idempotency-key", self.idempotency_key))
        return pairs


def keep(**paths: str):
    """save= that stores response fields (dotted paths, [n] for list items) under names."""

    def save(context: Dict[str, str], response) -> None:
        for name, path in paths.items():
            value = response
            for part in path.split("."):
                if part.endswith("]"):
                    field, index = part[:-1].split("[")
                    value = getattr(value, field)[int(index)]
                else:
                    value = getattr(value, part)
            context[name] = value

    return save


def keep_message_data(**keys: str):
    """save= for Outbox/ListPending: stores data[key] of the last message carrying that key."""

    def save(context: Dict[str, str], response) -> None:
        for name, key in keys.items():
            for message in response.messages:
                if key in message.data:
                    context[name] = message.data[key]

    return save


def keep_message_ids(name: str):
    def save(context: Dict[str, str], response) -> None:
        context[name] = [m.id for m in response.messages]

    return save


C = Case
CLIENT_FIELDS = {
    "account_name": "acme-berlin",
    "company_name": "Acme Berlin GmbH",
    "billing_emails": ["billing@acme-berlin.example"],
    "address": {"country": "DE", "city": "Berlin", "lines": ["Unter den Linden 1"], "postal_code": "10117"},
    "currency": "EUR",
    "billing_mode": "BILLING_MODE_PREPAID",
    "timezone": "Europe/Berlin",
    "phone": "+49 30 1234567",
}

CASES: List[Case] = [
    # ---- Health and Reflection: open to any caller ------------------------------
    C("health-check", HEALTH, "Check", auth=None, volatile=["uptime_millis", "server_commit", "store.engine_version", "store.detail"],
      clients=["python", "c"], description="no credentials needed"),
    C("health-check-invalid-token", HEALTH, "Check", auth="invalid", expect="UNAUTHENTICATED",
      description="credentials that are sent must be valid"),
    C("reflection-get-descriptor-set", REFLECTION, "GetDescriptorSet", auth=None, clients=["python"]),
    C("reflection-invalid-token", REFLECTION, "GetDescriptorSet", auth="invalid", expect="UNAUTHENTICATED"),
    # ---- Access: two tenants, their owners, people and keys ---------------------
    C("bootstrap-group", ACCESS, "BootstrapGroup",
      {"group_name": "Acme Group", "owner_email": "owner@acme.example", "owner_name": "Olga Owner",
       "owner_password": PASSWORD},
      auth=None, save=keep(group="group.id", owner_id="owner.id"), description="the local operator, no token"),
    C("bootstrap-group-missing-name", ACCESS, "BootstrapGroup",
      {"owner_email": "x@acme.example", "owner_name": "X", "owner_password": PASSWORD},
      auth=None, expect="INVALID_ARGUMENT"),
    C("bootstrap-other-group", ACCESS, "BootstrapGroup",
      {"group_name": "Other Group", "owner_email": "owner@other.example", "owner_name": "Otto Other",
       "owner_password": PASSWORD},
      auth=None, save=keep(other_group="group.id", other_owner_id="owner.id")),
    C("login", ACCESS, "Login", {"group_id": "$group", "email": "owner@acme.example", "password": PASSWORD},
      auth=None, save=keep(owner="token"), clients=["python", "c"]),
    C("login-wrong-password", ACCESS, "Login",
      {"group_id": "$group", "email": "owner@acme.example", "password": "not the password"},
      auth=None, expect="UNAUTHENTICATED", clients=["python"]),
    C("login-missing-group", ACCESS, "Login", {"email": "owner@acme.example", "password": PASSWORD},
      auth=None, expect="INVALID_ARGUMENT", description="accounts belong to one group: the group is required"),
    C("login-account-of-another-group", ACCESS, "Login",
      {"group_id": "$group", "email": "owner@other.example", "password": PASSWORD},
      auth=None, expect="UNAUTHENTICATED",
      description="another group's account answers as an unknown email does"),
    C("login-other-owner", ACCESS, "Login",
      {"group_id": "$other_group", "email": "owner@other.example", "password": PASSWORD}, auth=None,
      save=keep(other="token")),
    C("bootstrap-group-as-owner", ACCESS, "BootstrapGroup",
      {"group_name": "Third", "owner_email": "third@acme.example", "owner_name": "T", "owner_password": PASSWORD},
      expect="PERMISSION_DENIED", description="a signed-in owner is not the local operator"),
    C("whoami", ACCESS, "WhoAmI"),
    C("whoami-invalid-token", ACCESS, "WhoAmI", auth="invalid", expect="UNAUTHENTICATED"),
    C("create-user", ACCESS, "CreateUser",
      {"group_id": "$group", "email": "max@acme.example", "name": "Max Manager", "password": PASSWORD,
       "role": "ROLE_MANAGER", "scope": {"group_id": "$group"}},
      save=keep(manager_id="id"), idempotency_key="create-user-max"),
    C("create-user-invalid-email", ACCESS, "CreateUser",
      {"group_id": "$group", "email": "not an email", "name": "Bad", "password": PASSWORD, "role": "ROLE_MANAGER",
       "scope": {"group_id": "$group"}},
      expect="INVALID_ARGUMENT"),
    C("create-user-other-tenant", ACCESS, "CreateUser",
      {"group_id": "$other_group", "email": "spy@acme.example", "name": "Spy", "password": PASSWORD,
       "role": "ROLE_MANAGER", "scope": {"group_id": "$other_group"}},
      expect="NOT_FOUND", description="another tenant's group answers as if it did not exist"),
    C("create-user-email-of-another-group", ACCESS, "CreateUser",
      {"group_id": "$group", "email": "owner@other.example", "name": "Otto Here", "role": "ROLE_MEMBER",
       "scope": {"group_id": "$group"}},
      description="a new account of this group: another group's account with that email is neither seen nor reused"),
    C("update-user", ACCESS, "UpdateUser", {"user_id": "$manager_id", "name": "Max M. Manager"}),
    C("update-user-of-another-group", ACCESS, "UpdateUser", {"user_id": "$other_owner_id", "password": PASSWORD + "!"},
      expect="NOT_FOUND", description="another group's account answers as an unknown id does"),
    C("update-user-unknown", ACCESS, "UpdateUser", {"user_id": "usr_unknown", "name": "Nobody"},
      expect="NOT_FOUND"),
    C("set-user-disabled", ACCESS, "SetUserDisabled", {"user_id": "$manager_id", "group_id": "$group",
                                                        "disabled": True}),
    C("set-user-enabled", ACCESS, "SetUserDisabled", {"user_id": "$manager_id", "group_id": "$group",
                                                       "disabled": False}),
    C("set-user-disabled-missing-group", ACCESS, "SetUserDisabled", {"user_id": "$manager_id", "disabled": True},
      expect="INVALID_ARGUMENT"),
    C("assign-role", ACCESS, "AssignRole",
      {"user_id": "$manager_id", "role": "ROLE_BILLING", "scope": {"group_id": "$group"}},
      save=keep(assignment="id")),
    C("assign-role-unspecified", ACCESS, "AssignRole",
      {"user_id": "$manager_id", "scope": {"group_id": "$group"}}, expect="INVALID_ARGUMENT"),
    C("revoke-role", ACCESS, "RevokeRole", {"assignment_id": "$assignment"}),
    C("revoke-role-unknown", ACCESS, "RevokeRole", {"assignment_id": "ra_unknown"}, expect="NOT_FOUND"),
    C("list-people", ACCESS, "ListPeople", {"group_id": "$group"}),
    C("list-people-other-tenant", ACCESS, "ListPeople", {"group_id": "$other_group"}, expect="NOT_FOUND"),
    C("issue-api-key", ACCESS, "IssueAPIKey",
      {"group_id": "$group", "name": "mail-service", "role": "ROLE_MAILER", "scope": {"group_id": "$group"}},
      save=keep(mailer="secret", mailer_key="key.id")),
    C("issue-api-key-missing-name", ACCESS, "IssueAPIKey",
      {"group_id": "$group", "role": "ROLE_MAILER", "scope": {"group_id": "$group"}}, expect="INVALID_ARGUMENT"),
    C("issue-api-key-to-revoke", ACCESS, "IssueAPIKey",
      {"group_id": "$group", "name": "short-lived", "role": "ROLE_BILLING", "scope": {"group_id": "$group"}},
      save=keep(revoked_key="key.id")),
    C("list-api-keys", ACCESS, "ListAPIKeys", {"group_id": "$group"}),
    C("list-api-keys-as-mailer", ACCESS, "ListAPIKeys", {"group_id": "$group"}, auth="mailer",
      expect="PERMISSION_DENIED"),
    C("revoke-api-key", ACCESS, "RevokeAPIKey", {"key_id": "$revoked_key"}),
    C("revoke-api-key-unknown", ACCESS, "RevokeAPIKey", {"key_id": "key_unknown"}, expect="NOT_FOUND"),
    C("explain", ACCESS, "Explain", {"user_id": "$manager_id", "action": "client.create", "group_id": "$group"}),
    C("explain-unknown-action", ACCESS, "Explain",
      {"user_id": "$manager_id", "action": "client.fly", "group_id": "$group"}, expect="INVALID_ARGUMENT"),
    C("change-password", ACCESS, "ChangePassword",
      {"group_id": "$group", "email": "max@acme.example", "current_password": PASSWORD,
       "new_password": PASSWORD + " 2"},
      auth=None, save=keep(manager="token")),
    C("change-password-wrong-current", ACCESS, "ChangePassword",
      {"group_id": "$group", "email": "max@acme.example", "current_password": "wrong password!",
       "new_password": PASSWORD},
      auth=None, expect="UNAUTHENTICATED"),
    # ---- Clients ------------------------------------------------------------------
    C("create-client", CLIENTS, "CreateClient",
      {"group_id": "$group", "fields": CLIENT_FIELDS,
       "contacts": [{"first_name": "Clara", "last_name": "Contact", "email": "clara@acme-berlin.example",
                     "primary": True}],
       "owner": {"first_name": "Paula", "last_name": "Portal", "email": "paula@acme-berlin.example"}},
      save=keep(client="id", contact="contacts[0].id", client_owner="owner_user_id"),
      idempotency_key="create-client-acme-berlin"),
    C("create-client-replayed", CLIENTS, "CreateClient",
      {"group_id": "$group", "fields": CLIENT_FIELDS,
       "contacts": [{"first_name": "Clara", "last_name": "Contact", "email": "clara@acme-berlin.example",
                     "primary": True}],
       "owner": {"first_name": "Paula", "last_name": "Portal", "email": "paula@acme-berlin.example"}},
      idempotency_key="create-client-acme-berlin", description="the same idempotency key: the stored answer"),
    C("create-client-missing-account-name", CLIENTS, "CreateClient",
      {"group_id": "$group", "fields": {"company_name": "No Account", "currency": "EUR"}},
      expect="INVALID_ARGUMENT"),
    C("create-client-other-tenant", CLIENTS, "CreateClient",
      {"group_id": "$other_group", "fields": {"account_name": "spy", "currency": "EUR"}}, expect="NOT_FOUND"),
    C("create-client-as-mailer", CLIENTS, "CreateClient",
      {"group_id": "$group", "fields": {"account_name": "mailer-made", "currency": "EUR"}}, auth="mailer",
      expect="PERMISSION_DENIED"),
    C("create-second-client", CLIENTS, "CreateClient",
      {"group_id": "$group", "fields": {"account_name": "acme-munich", "company_name": "Acme Munich",
                                         "currency": "EUR", "billing_mode": "BILLING_MODE_POSTPAID",
                                         "address": {"country": "DE", "city": "Munich"}}},
      save=keep(second="id")),
    C("get-client", CLIENTS, "GetClient", {"client_id": "$client"}, clients=["python", "c"]),
    C("get-client-unknown", CLIENTS, "GetClient", {"client_id": "cli_unknown"}, expect="NOT_FOUND",
      clients=["python", "c"]),
    C("get-client-other-tenant", CLIENTS, "GetClient", {"client_id": "$client"}, auth="other",
      expect="NOT_FOUND", description="exactly what a missing client answers"),
    C("get-client-invalid-token", CLIENTS, "GetClient", {"client_id": "$client"}, auth="invalid",
      expect="UNAUTHENTICATED", clients=["c"]),
    C("get-client-missing-id", CLIENTS, "GetClient", {}, expect="INVALID_ARGUMENT"),
    C("update-client", CLIENTS, "UpdateClient",
      {"client_id": "$client", "update_mask": "companyName,phone",
       "fields": {"company_name": "Acme Berlin SE", "phone": "+49 30 7654321"}, "expected_version": 1}),
    C("update-client-stale-version", CLIENTS, "UpdateClient",
      {"client_id": "$client", "update_mask": "companyName", "fields": {"company_name": "Stale"},
       "expected_version": 1},
      expect="FAILED_PRECONDITION", description="optimistic concurrency: the client moved on to version 2"),
    C("update-client-unknown-path", CLIENTS, "UpdateClient",
      {"client_id": "$client", "update_mask": "noSuchField", "fields": {}}, expect="INVALID_ARGUMENT"),
    C("list-clients", CLIENTS, "ListClients", {"group_id": "$group", "sort": "CLIENT_SORT_ACCOUNT_NAME"}),
    C("list-clients-page", CLIENTS, "ListClients", {"group_id": "$group", "page_size": 1},
      save=keep(clients_page="next_page_token")),
    C("list-clients-next-page", CLIENTS, "ListClients",
      {"group_id": "$group", "page_size": 1, "page_token": "$clients_page"}),
    C("list-clients-bad-page-token", CLIENTS, "ListClients", {"group_id": "$group", "page_token": "garbage"},
      expect="INVALID_ARGUMENT"),
    C("list-clients-other-tenant", CLIENTS, "ListClients", {"group_id": "$other_group"}, expect="NOT_FOUND"),
    C("block-client", CLIENTS, "BlockClient", {"client_id": "$second", "reason": "unpaid invoices"}),
    C("block-client-missing-reason", CLIENTS, "BlockClient", {"client_id": "$second"},
      expect="INVALID_ARGUMENT"),
    C("unblock-client", CLIENTS, "UnblockClient", {"client_id": "$second", "reason": "paid"}),
    C("unblock-client-unknown", CLIENTS, "UnblockClient", {"client_id": "cli_unknown", "reason": "x"},
      expect="NOT_FOUND"),
    C("suspend-client", CLIENTS, "SuspendClient", {"client_id": "$second", "reason": "maintenance"}),
    C("suspend-client-as-manager", CLIENTS, "SuspendClient", {"client_id": "$second", "reason": "x"},
      auth="manager", expect="PERMISSION_DENIED",
      description="a manager sees the group's clients but acts only on those assigned to it"),
    C("suspend-client-as-mailer", CLIENTS, "SuspendClient", {"client_id": "$second", "reason": "x"},
      auth="mailer", expect="NOT_FOUND", description="a caller that may not read the client is told it is missing"),
    C("resume-client", CLIENTS, "ResumeClient", {"client_id": "$second", "reason": "done"}),
    C("resume-client-other-tenant", CLIENTS, "ResumeClient", {"client_id": "$second", "reason": "x"},
      auth="other", expect="NOT_FOUND"),
    C("deactivate-client", CLIENTS, "DeactivateClient", {"client_id": "$second", "reason": "seasonal"}),
    C("deactivate-client-other-tenant", CLIENTS, "DeactivateClient", {"client_id": "$second", "reason": "x"},
      auth="other", expect="NOT_FOUND"),
    C("activate-client", CLIENTS, "ActivateClient", {"client_id": "$second", "reason": "season starts"}),
    C("activate-client-unknown", CLIENTS, "ActivateClient", {"client_id": "cli_unknown", "reason": "x"},
      expect="NOT_FOUND"),
    C("add-contact", CLIENTS, "AddContact",
      {"client_id": "$client", "contact": {"first_name": "Bert", "last_name": "Backup",
                                            "email": "bert@acme-berlin.example", "phone": "+49 30 111"}},
      save=keep(contact2="contacts[1].id")),
    C("add-contact-invalid-email", CLIENTS, "AddContact",
      {"client_id": "$client", "contact": {"first_name": "Bad", "email": "bad at example"}},
      expect="INVALID_ARGUMENT"),
    C("update-contact", CLIENTS, "UpdateContact",
      {"client_id": "$client", "contact_id": "$contact2", "update_mask": "phone", "contact": {"phone": "+49 30 222"}}),
    C("update-contact-unknown", CLIENTS, "UpdateContact",
      {"client_id": "$client", "contact_id": "con_unknown", "update_mask": "phone", "contact": {"phone": "+49 1"}},
      expect="NOT_FOUND"),
    C("remove-contact", CLIENTS, "RemoveContact", {"client_id": "$client", "contact_id": "$contact2"}),
    C("remove-contact-unknown", CLIENTS, "RemoveContact", {"client_id": "$client", "contact_id": "con_unknown"},
      expect="NOT_FOUND"),
    C("add-note", CLIENTS, "AddNote", {"client_id": "$client", "text": "Called about the invoice."},
      save=keep(note="id")),
    C("add-note-empty", CLIENTS, "AddNote", {"client_id": "$client", "text": ""}, expect="INVALID_ARGUMENT"),
    C("list-notes", CLIENTS, "ListNotes", {"client_id": "$client"}),
    C("list-notes-other-tenant", CLIENTS, "ListNotes", {"client_id": "$client"}, auth="other",
      expect="NOT_FOUND"),
    C("delete-note", CLIENTS, "DeleteNote", {"client_id": "$client", "note_id": "$note"}),
    C("delete-note-unknown", CLIENTS, "DeleteNote", {"client_id": "$client", "note_id": "note_unknown"},
      expect="NOT_FOUND"),
    # ---- Billing ----------------------------------------------------------------------
    C("add-credit", BILLING, "AddCredit",
      {"client_id": "$client", "amount_minor": 10000,
       "payment": {"method": "bank transfer", "reference": "INV-4711", "payer": "Acme Berlin"},
       "comment": "top-up"},
      save=keep(credit_entry="entry.id"), idempotency_key="pay-4711"),
    C("add-credit-replayed", BILLING, "AddCredit",
      {"client_id": "$client", "amount_minor": 10000,
       "payment": {"method": "bank transfer", "reference": "INV-4711", "payer": "Acme Berlin"},
       "comment": "top-up"},
      idempotency_key="pay-4711", description="the same idempotency key: no second entry"),
    C("add-credit-zero", BILLING, "AddCredit", {"client_id": "$client", "amount_minor": 0},
      expect="INVALID_ARGUMENT"),
    C("add-credit-other-tenant", BILLING, "AddCredit", {"client_id": "$client", "amount_minor": 100},
      auth="other", expect="NOT_FOUND"),
    C("charge", BILLING, "Charge", {"client_id": "$client", "amount_minor": 2500, "comment": "March"}),
    C("charge-over-balance", BILLING, "Charge", {"client_id": "$client", "amount_minor": 1000000},
      expect="FAILED_PRECONDITION", description="a prepaid client cannot go below zero"),
    C("issue-credit-note", BILLING, "IssueCreditNote",
      {"client_id": "$client", "amount_minor": 500, "comment": "goodwill"}),
    C("issue-credit-note-negative", BILLING, "IssueCreditNote", {"client_id": "$client", "amount_minor": -5},
      expect="INVALID_ARGUMENT"),
    C("correct-payment", BILLING, "CorrectPayment",
      {"client_id": "$client", "entry_id": "$credit_entry", "amount_minor": 1000, "comment": "typo"}),
    C("correct-payment-unknown-entry", BILLING, "CorrectPayment",
      {"client_id": "$client", "entry_id": "ent_unknown", "amount_minor": 1, "comment": "x"},
      expect="NOT_FOUND"),
    C("withdraw", BILLING, "Withdraw",
      {"client_id": "$client", "amount_minor": 1000, "payment": {"method": "refund"}, "comment": "refund"}),
    C("withdraw-too-much", BILLING, "Withdraw", {"client_id": "$client", "amount_minor": 1000000},
      expect="FAILED_PRECONDITION"),
    C("change-terms", BILLING, "ChangeTerms",
      {"client_id": "$second", "billing_mode": "BILLING_MODE_POSTPAID", "credit_limit_minor": 50000,
       "reason": "good payer"}),
    C("change-terms-negative-limit", BILLING, "ChangeTerms",
      {"client_id": "$second", "billing_mode": "BILLING_MODE_POSTPAID", "credit_limit_minor": -1, "reason": "x"},
      expect="INVALID_ARGUMENT"),
    C("change-currency", BILLING, "ChangeCurrency", {"client_id": "$second", "currency": "CHF", "reason": "moved"}),
    C("change-currency-with-entries", BILLING, "ChangeCurrency",
      {"client_id": "$client", "currency": "USD", "reason": "x"}, expect="FAILED_PRECONDITION"),
    C("charge-into-debt", BILLING, "Charge", {"client_id": "$second", "amount_minor": 3000, "comment": "April"}),
    C("settle-debt", BILLING, "SettleDebt",
      {"client_id": "$second", "amount_minor": 1000, "payment": {"method": "cash"}, "comment": "part"}),
    C("settle-debt-more-than-owed", BILLING, "SettleDebt", {"client_id": "$second", "amount_minor": 999999},
      expect="FAILED_PRECONDITION"),
    C("get-balance", BILLING, "GetBalance", {"client_id": "$client"}),
    C("get-balance-as-manager", BILLING, "GetBalance", {"client_id": "$client"}, auth="manager",
      expect="PERMISSION_DENIED"),
    C("list-entries", BILLING, "ListEntries", {"client_id": "$client"}),
    C("list-entries-unknown-client", BILLING, "ListEntries", {"client_id": "cli_unknown"}, expect="NOT_FOUND"),
    # ---- People -------------------------------------------------------------------------
    C("add-member", PEOPLE, "AddMember",
      {"client_id": "$client", "first_name": "Mia", "last_name": "Member", "email": "mia@acme-berlin.example",
       "role": "MEMBER_ROLE_MEMBER", "portal_access": True},
      save=keep(member="user_id")),
    C("add-member-invalid-email", PEOPLE, "AddMember",
      {"client_id": "$client", "first_name": "No", "email": "nope", "role": "MEMBER_ROLE_MEMBER"},
      expect="INVALID_ARGUMENT"),
    C("update-member", PEOPLE, "UpdateMember",
      {"client_id": "$client", "user_id": "$member", "role": "MEMBER_ROLE_ADMIN", "update_paths": ["role"]}),
    C("update-member-unknown", PEOPLE, "UpdateMember",
      {"client_id": "$client", "user_id": "usr_unknown", "role": "MEMBER_ROLE_ADMIN", "update_paths": ["role"]},
      expect="NOT_FOUND"),
    C("list-members", PEOPLE, "ListMembers", {"client_id": "$client"}),
    C("list-members-other-tenant", PEOPLE, "ListMembers", {"client_id": "$client"}, auth="other",
      expect="NOT_FOUND"),
    C("invite-portal-user", PEOPLE, "InvitePortalUser",
      {"client_id": "$client", "user_id": "$member", "method": "INVITATION_METHOD_LINK"},
      save=keep(invitation="id")),
    C("invite-portal-user-unknown-user", PEOPLE, "InvitePortalUser",
      {"client_id": "$client", "user_id": "usr_unknown", "method": "INVITATION_METHOD_LINK"}, expect="NOT_FOUND"),
    C("resend-invitation", PEOPLE, "ResendInvitation", {"client_id": "$client", "invitation_id": "$invitation"},
      save=keep(invitation="id")),
    C("resend-invitation-unknown", PEOPLE, "ResendInvitation",
      {"client_id": "$client", "invitation_id": "inv_unknown"}, expect="NOT_FOUND"),
    C("list-invitations", PEOPLE, "ListInvitations", {"client_id": "$client"}),
    C("list-invitations-as-manager", PEOPLE, "ListInvitations", {"client_id": "$client"}, auth="manager",
      expect="PERMISSION_DENIED"),
    # ---- Outbox: what the mail service delivers (activation, invitations) ----------------
    C("list-pending", OUTBOX, "ListPending", {"group_id": "$group"}, auth="mailer",
      save=keep_message_data(activation_token="activation_token")),
    C("list-pending-as-owner-other-tenant", OUTBOX, "ListPending", {"group_id": "$group"}, auth="other",
      expect="NOT_FOUND"),
    C("accept-invitation", ACCESS, "AcceptInvitation", {"token": "$activation_token", "password": PASSWORD},
      auth=None, save=keep(client_owner_token="token"),
      description="the client owner's activation token, from the outbox message"),
    C("accept-invitation-unknown-token", ACCESS, "AcceptInvitation",
      {"token": "clt_i_" + "b" * 52, "password": PASSWORD}, auth=None, expect="NOT_FOUND"),
    C("revoke-invitation", PEOPLE, "RevokeInvitation", {"client_id": "$client", "invitation_id": "$invitation"}),
    C("revoke-invitation-unknown", PEOPLE, "RevokeInvitation",
      {"client_id": "$client", "invitation_id": "inv_unknown"}, expect="NOT_FOUND"),
    C("list-pending-for-ack", OUTBOX, "ListPending", {"group_id": "$group", "page_size": 2}, auth="mailer",
      save=keep_message_ids("delivered")),
    C("acknowledge", OUTBOX, "Acknowledge", {"group_id": "$group", "message_ids": "$delivered"}, auth="mailer"),
    C("acknowledge-no-ids", OUTBOX, "Acknowledge", {"group_id": "$group"}, auth="mailer",
      expect="INVALID_ARGUMENT"),
    C("grant-staff-access", PEOPLE, "GrantStaffAccess", {"client_id": "$client", "user_id": "$manager_id"},
      save=keep(grant="id")),
    C("grant-staff-access-unknown-user", PEOPLE, "GrantStaffAccess",
      {"client_id": "$client", "user_id": "usr_unknown"}, expect="NOT_FOUND"),
    C("list-access", PEOPLE, "ListAccess", {"client_id": "$client"}),
    C("list-access-as-mailer", PEOPLE, "ListAccess", {"client_id": "$client"}, auth="mailer",
      expect="NOT_FOUND", description="a caller that may not read the client is told it is missing"),
    C("revoke-staff-access", PEOPLE, "RevokeStaffAccess", {"client_id": "$client", "grant_id": "$grant"}),
    C("revoke-staff-access-unknown", PEOPLE, "RevokeStaffAccess", {"client_id": "$client", "grant_id": "sg_unknown"},
      expect="NOT_FOUND"),
    C("create-account", PEOPLE, "CreateAccount",
      {"group_id": "$group", "product": "hosting", "name": "acme-berlin.example", "external_id": "h-1"},
      save=keep(account="id")),
    C("create-account-missing-product", PEOPLE, "CreateAccount", {"group_id": "$group", "name": "x"},
      expect="INVALID_ARGUMENT"),
    C("link-account", PEOPLE, "LinkAccount", {"client_id": "$client", "account_id": "$account"}),
    C("link-account-unknown", PEOPLE, "LinkAccount", {"client_id": "$client", "account_id": "acc_unknown"},
      expect="NOT_FOUND"),
    C("list-accounts", PEOPLE, "ListAccounts", {"client_id": "$client"}),
    C("list-accounts-other-tenant", PEOPLE, "ListAccounts", {"group_id": "$other_group"}, expect="NOT_FOUND"),
    C("unlink-account", PEOPLE, "UnlinkAccount", {"client_id": "$client", "account_id": "$account"}),
    C("unlink-account-not-linked", PEOPLE, "UnlinkAccount", {"client_id": "$client", "account_id": "$account"},
      expect="NOT_FOUND", description="not linked to this client"),
    C("set-parent-client", PEOPLE, "SetParentClient", {"client_id": "$second", "parent_client_id": "$client"}),
    C("set-parent-client-itself", PEOPLE, "SetParentClient", {"client_id": "$client", "parent_client_id": "$client"},
      expect="FAILED_PRECONDITION"),
    C("list-sub-clients", CLIENTS, "ListClients", {"group_id": "$group", "parent_client_id": "$client"},
      description="the sub-clients of a client; the parent's sub_client_count counts them"),
    C("list-top-level-clients", CLIENTS, "ListClients", {"group_id": "$group", "top_level_only": True}),
    C("list-clients-parent-and-top-level", CLIENTS, "ListClients",
      {"group_id": "$group", "parent_client_id": "$client", "top_level_only": True}, expect="INVALID_ARGUMENT"),
    C("create-client-in-one-call", CLIENTS, "CreateClient",
      {"group_id": "$group", "fields": {"account_name": "seed-form", "currency": "EUR",
                                        "connection_status": "CONNECTION_STATUS_SUSPENDED"},
       "owner": {"first_name": "Fiona", "email": "fiona@seedform.example", "password": PASSWORD},
       "opening_credit": {"amount_minor": 1500, "payment_method": "bank_transfer", "payment_reference": "SEPA-7"},
       "inactive": True},
      description="the seed form: the owner's first password, an opening credit and inactive, one transaction"),
    C("create-client-bad-opening-credit", CLIENTS, "CreateClient",
      {"group_id": "$group", "fields": {"account_name": "bad-credit"}, "opening_credit": {"amount_minor": -1}},
      expect="INVALID_ARGUMENT"),
    C("list-clients-by-connection-status", CLIENTS, "ListClients",
      {"group_id": "$group", "connection_status": "CONNECTION_STATUS_SUSPENDED"}),
    C("sign-in-as", PEOPLE, "SignInAs", {"client_id": "$client"}, save=keep(signed_in_as="token")),
    C("sign-in-as-other-tenant", PEOPLE, "SignInAs", {"client_id": "$client"}, auth="other", expect="NOT_FOUND"),
    C("get-client-signed-in-as", CLIENTS, "GetClient", {"client_id": "$client"}, auth="signed_in_as"),
    C("close-client-signed-in-as", CLIENTS, "CloseClient", {"client_id": "$client", "dry_run": True},
      auth="signed_in_as", expect="PERMISSION_DENIED", description="never while signed in as a client"),
    C("list-sign-in-as-sessions", PEOPLE, "ListSignInAsSessions", {"client_id": "$client"}),
    C("list-sign-in-as-sessions-as-manager", PEOPLE, "ListSignInAsSessions", {"client_id": "$client"},
      auth="manager", expect="PERMISSION_DENIED"),
    C("transfer-ownership", PEOPLE, "TransferOwnership",
      {"client_id": "$client", "to_user_id": "$member", "former_owner": "FORMER_OWNER_REMOVE"}),
    C("transfer-ownership-unknown-client", PEOPLE, "TransferOwnership",
      {"client_id": "cli_unknown", "to_user_id": "$member"}, expect="NOT_FOUND"),
    C("add-member-to-remove", PEOPLE, "AddMember",
      {"client_id": "$client", "first_name": "Nils", "last_name": "Next", "email": "nils@acme-berlin.example",
       "role": "MEMBER_ROLE_MEMBER"},
      save=keep(member2="user_id")),
    C("remove-member", PEOPLE, "RemoveMember", {"client_id": "$client", "user_id": "$member2"}),
    C("remove-member-unknown", PEOPLE, "RemoveMember", {"client_id": "$client", "user_id": "usr_unknown"},
      expect="NOT_FOUND"),
    # ---- Audit, closing and signing out ---------------------------------------------------
    C("audit-list", AUDIT, "List", {"group_id": "$group", "client_id": "$client", "page_size": 5}),
    C("audit-list-as-mailer", AUDIT, "List", {"group_id": "$group"}, auth="mailer", expect="PERMISSION_DENIED"),
    C("audit-list-other-tenant", AUDIT, "List", {"group_id": "$group"}, auth="other", expect="NOT_FOUND"),
    C("close-client-dry-run", CLIENTS, "CloseClient", {"client_id": "$client", "dry_run": True}),
    C("close-client-with-debt", CLIENTS, "CloseClient", {"client_id": "$second", "reason": "moved away"},
      expect="FAILED_PRECONDITION", description="an open debt blocks closing"),
    C("settle-remaining-debt", BILLING, "SettleDebt",
      {"client_id": "$second", "amount_minor": 2000, "payment": {"method": "cash"}, "comment": "rest"}),
    C("close-client", CLIENTS, "CloseClient", {"client_id": "$second", "reason": "moved away"}),
    C("close-client-unknown", CLIENTS, "CloseClient", {"client_id": "cli_unknown", "reason": "x"},
      expect="NOT_FOUND"),
    C("logout", ACCESS, "Logout", auth="manager"),
    C("whoami-after-logout", ACCESS, "WhoAmI", auth="manager", expect="UNAUTHENTICATED"),
    C("logout-invalid-token", ACCESS, "Logout", auth="invalid", expect="UNAUTHENTICATED"),
    # ---- CSV import (begin, rows in chunks, commit) -----------------------------------------
    C("begin-client-import", CLIENTS, "BeginClientImport",
      {"group_id": "$group", "columns": ["account_name", "currency", "country"],
       "mode": "CLIENT_IMPORT_MODE_ALL_OR_NOTHING"},
      save=keep(client_import="import_id")),
    C("begin-client-import-without-account-name", CLIENTS, "BeginClientImport",
      {"group_id": "$group", "columns": ["currency"]}, expect="INVALID_ARGUMENT"),
    C("begin-client-import-other-tenant", CLIENTS, "BeginClientImport",
      {"group_id": "$other_group", "columns": ["account_name"]}, expect="NOT_FOUND"),
    C("add-client-import-rows", CLIENTS, "AddClientImportRows",
      {"import_id": "$client_import", "rows": [
          {"row_number": 2, "values": ["imported-one", "EUR", "DE"]},
          {"row_number": 3, "values": ["imported-two", "EUR", "FR"]}]}),
    C("add-client-import-rows-unknown-import", CLIENTS, "AddClientImportRows",
      {"import_id": "imp_unknown", "rows": [{"row_number": 2, "values": ["x", "EUR", "DE"]}]},
      expect="NOT_FOUND"),
    C("commit-client-import", CLIENTS, "CommitClientImport", {"import_id": "$client_import"}),
    C("commit-client-import-twice", CLIENTS, "CommitClientImport", {"import_id": "$client_import"},
      expect="FAILED_PRECONDITION"),
    # ---- Billing statements (issued, listed, read; mailed as INVOICE) ----------------------------
    C("issue-statement", BILLING, "IssueStatement",
      {"client_id": "$client", "period_start_millis": 1764547200000, "period_end_millis": 1767225600000},
      save=keep(statement="id"), idempotency_key="statement-2025-12",
      description="December 2025: under the fixed clock every entry is at the period's (excluded) end, so it "
                  "opens and closes at 0; number 1 of the group, queued to the primary contact"),
    C("issue-statement-replayed", BILLING, "IssueStatement",
      {"client_id": "$client", "period_start_millis": 1764547200000, "period_end_millis": 1767225600000},
      idempotency_key="statement-2025-12", description="the same idempotency key: the stored answer, no number 2"),
    C("issue-statement-period-not-ended", BILLING, "IssueStatement",
      {"client_id": "$client", "period_start_millis": 1764547200000, "period_end_millis": 1767225600001},
      expect="INVALID_ARGUMENT", description="a statement covers a period that has ended"),
    C("issue-statement-empty-period", BILLING, "IssueStatement",
      {"client_id": "$client", "period_start_millis": 1764547200000, "period_end_millis": 1764547200000},
      expect="INVALID_ARGUMENT"),
    C("issue-statement-no-recipient", BILLING, "IssueStatement",
      {"client_id": "$second", "period_start_millis": 1764547200000, "period_end_millis": 1767225600000},
      expect="FAILED_PRECONDITION", description="no primary contact with an email and no billing email"),
    C("issue-statement-other-tenant", BILLING, "IssueStatement",
      {"client_id": "$client", "period_start_millis": 1764547200000, "period_end_millis": 1767225600000},
      auth="other", expect="NOT_FOUND"),
    C("issue-statement-as-mailer", BILLING, "IssueStatement",
      {"client_id": "$client", "period_start_millis": 1764547200000, "period_end_millis": 1767225600000},
      auth="mailer", expect="NOT_FOUND", description="a caller that may not read the client is told it is missing"),
    C("list-statements", BILLING, "ListStatements", {"client_id": "$client"},
      description="newest first, without their entries"),
    C("list-statements-other-tenant", BILLING, "ListStatements", {"client_id": "$client"}, auth="other",
      expect="NOT_FOUND"),
    C("get-statement", BILLING, "GetStatement", {"statement_id": "$statement"}),
    C("get-statement-unknown", BILLING, "GetStatement", {"statement_id": "stm_unknown"}, expect="NOT_FOUND"),
    C("get-statement-other-tenant", BILLING, "GetStatement", {"statement_id": "$statement"}, auth="other",
      expect="NOT_FOUND", description="exactly what an unknown statement answers"),
    C("list-pending-invoice", OUTBOX, "ListPending", {"group_id": "$group"}, auth="mailer",
      description="the statement's MESSAGE_KIND_INVOICE message, with its data"),
    # ---- Changes: the group's change feed, from a cursor ----------------------------------------
    C("changes-follow", CHANGES, "Follow", {"group_id": "$group", "page_size": 3},
      save=keep(changes_cursor="next_cursor"),
      description="the oldest three changes of the group; wait_millis 0 answers at once"),
    C("changes-follow-after-cursor-kinds", CHANGES, "Follow",
      {"group_id": "$group", "after_cursor": "$changes_cursor", "kinds": ["CHANGE_KIND_CONTACT", "CHANGE_KIND_MEMBER"],
       "page_size": 4},
      description="from the cursor, only contacts and members; next_cursor moves past the changes skipped"),
    C("issue-follower-key", ACCESS, "IssueAPIKey",
      {"group_id": "$group", "name": "sync-service", "role": "ROLE_FOLLOWER", "scope": {"group_id": "$group"}},
      save=keep(follower="secret")),
    C("changes-follow-from-now-as-follower", CHANGES, "Follow", {"group_id": "$group", "from_now": True},
      auth="follower", description="no change yet: an empty answer whose next_cursor is the feed's end"),
    C("changes-follow-as-mailer", CHANGES, "Follow", {"group_id": "$group"}, auth="mailer",
      expect="PERMISSION_DENIED"),
    C("changes-follow-other-tenant", CHANGES, "Follow", {"group_id": "$group"}, auth="other", expect="NOT_FOUND",
      description="exactly what an unknown group answers"),
    C("changes-follow-bad-cursor", CHANGES, "Follow", {"group_id": "$group", "after_cursor": "not-a-cursor"},
      expect="INVALID_ARGUMENT"),
    # Sequence 999999 of $group under --test-deterministic's cursor key (bytes 0 to 31): base64url of
    # AES-256(key, 999999 as 8 bytes big-endian || SHA-256("grp_vywxlrkub3eoeirer6lfg2go2a")[:8]).
    C("changes-follow-cursor-ahead", CHANGES, "Follow", {"group_id": "$group", "after_cursor": "fA9eY_upGaN-fS2q-wHxEw"},
      expect="FAILED_PRECONDITION", description="a cursor past the feed's end (a copy of the folder restored from an older backup)"),
    C("list-clients-as-follower", CLIENTS, "ListClients", {"group_id": "$group"}, auth="follower",
      expect="PERMISSION_DENIED", description="a follower key reads the change feed only"),
]
