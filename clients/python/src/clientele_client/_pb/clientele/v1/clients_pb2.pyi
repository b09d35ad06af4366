from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

BILLING_MODE_POSTPAID: BillingMode
BILLING_MODE_PREPAID: BillingMode
BILLING_MODE_UNSPECIFIED: BillingMode
BLOCK_FILTER_ANY: BlockFilter
BLOCK_FILTER_BLOCKED: BlockFilter
BLOCK_FILTER_NOT_BLOCKED: BlockFilter
CLIENT_IMPORT_MODE_ALL_OR_NOTHING: ClientImportMode
CLIENT_IMPORT_MODE_ROW_BY_ROW: ClientImportMode
CLIENT_IMPORT_MODE_UNSPECIFIED: ClientImportMode
CLIENT_SORT_ACCOUNT_NAME: ClientSort
CLIENT_SORT_COMPANY_NAME: ClientSort
CLIENT_SORT_CREATED: ClientSort
CLIENT_SORT_STATUS: ClientSort
CLIENT_SORT_UNSPECIFIED: ClientSort
CLIENT_STATUS_ACTIVE: ClientStatus
CLIENT_STATUS_CLOSED: ClientStatus
CLIENT_STATUS_INACTIVE: ClientStatus
CLIENT_STATUS_PENDING: ClientStatus
CLIENT_STATUS_UNSPECIFIED: ClientStatus
CONNECTION_KIND_DIRECT: ConnectionKind
CONNECTION_KIND_PARTNER: ConnectionKind
CONNECTION_KIND_RESELLER: ConnectionKind
CONNECTION_KIND_UNSPECIFIED: ConnectionKind
CONNECTION_STATUS_CONNECTED: ConnectionStatus
CONNECTION_STATUS_DISCONNECTED: ConnectionStatus
CONNECTION_STATUS_SUSPENDED: ConnectionStatus
CONNECTION_STATUS_UNSPECIFIED: ConnectionStatus
DESCRIPTOR: _descriptor.FileDescriptor
PRICING_MODEL_FLAT: PricingModel
PRICING_MODEL_PACKAGE: PricingModel
PRICING_MODEL_UNSPECIFIED: PricingModel
PRIORITY_HIGH: Priority
PRIORITY_LOW: Priority
PRIORITY_NORMAL: Priority
PRIORITY_UNSPECIFIED: Priority
PRIORITY_URGENT: Priority

class AccountOwner(_message.Message):
    __slots__ = ["email", "first_name", "last_name", "password"]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    FIRST_NAME_FIELD_NUMBER: _ClassVar[int]
    LAST_NAME_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    email: str
    first_name: str
    last_name: str
    password: str
    def __init__(self, first_name: _Optional[str] = ..., last_name: _Optional[str] = ..., email: _Optional[str] = ..., password: _Optional[str] = ...) -> None: ...

class AddClientImportRowsRequest(_message.Message):
    __slots__ = ["import_id", "rows"]
    IMPORT_ID_FIELD_NUMBER: _ClassVar[int]
    ROWS_FIELD_NUMBER: _ClassVar[int]
    import_id: str
    rows: _containers.RepeatedCompositeFieldContainer[ClientImportRow]
    def __init__(self, import_id: _Optional[str] = ..., rows: _Optional[_Iterable[_Union[ClientImportRow, _Mapping]]] = ...) -> None: ...

class AddClientImportRowsResponse(_message.Message):
    __slots__ = ["errors", "errors_omitted", "staged_rows"]
    ERRORS_FIELD_NUMBER: _ClassVar[int]
    ERRORS_OMITTED_FIELD_NUMBER: _ClassVar[int]
    STAGED_ROWS_FIELD_NUMBER: _ClassVar[int]
    errors: _containers.RepeatedCompositeFieldContainer[ClientImportRowError]
    errors_omitted: int
    staged_rows: int
    def __init__(self, staged_rows: _Optional[int] = ..., errors: _Optional[_Iterable[_Union[ClientImportRowError, _Mapping]]] = ..., errors_omitted: _Optional[int] = ...) -> None: ...

class AddContactRequest(_message.Message):
    __slots__ = ["client_id", "contact", "expected_version"]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    CONTACT_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    contact: NewContact
    expected_version: int
    def __init__(self, client_id: _Optional[str] = ..., contact: _Optional[_Union[NewContact, _Mapping]] = ..., expected_version: _Optional[int] = ...) -> None: ...

class AddNoteRequest(_message.Message):
    __slots__ = ["client_id", "text"]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    text: str
    def __init__(self, client_id: _Optional[str] = ..., text: _Optional[str] = ...) -> None: ...

class Address(_message.Message):
    __slots__ = ["city", "country", "lines", "postal_code", "region"]
    CITY_FIELD_NUMBER: _ClassVar[int]
    COUNTRY_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    POSTAL_CODE_FIELD_NUMBER: _ClassVar[int]
    REGION_FIELD_NUMBER: _ClassVar[int]
    city: str
    country: str
    lines: _containers.RepeatedScalarFieldContainer[str]
    postal_code: str
    region: str
    def __init__(self, country: _Optional[str] = ..., region: _Optional[str] = ..., city: _Optional[str] = ..., lines: _Optional[_Iterable[str]] = ..., postal_code: _Optional[str] = ...) -> None: ...

class BeginClientImportRequest(_message.Message):
    __slots__ = ["columns", "dry_run", "group_id", "mode"]
    COLUMNS_FIELD_NUMBER: _ClassVar[int]
    DRY_RUN_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    columns: _containers.RepeatedScalarFieldContainer[str]
    dry_run: bool
    group_id: str
    mode: ClientImportMode
    def __init__(self, group_id: _Optional[str] = ..., columns: _Optional[_Iterable[str]] = ..., mode: _Optional[_Union[ClientImportMode, str]] = ..., dry_run: bool = ...) -> None: ...

class BeginClientImportResponse(_message.Message):
    __slots__ = ["expires_at_millis", "import_id", "max_rows", "max_rows_per_chunk"]
    EXPIRES_AT_MILLIS_FIELD_NUMBER: _ClassVar[int]
    IMPORT_ID_FIELD_NUMBER: _ClassVar[int]
    MAX_ROWS_FIELD_NUMBER: _ClassVar[int]
    MAX_ROWS_PER_CHUNK_FIELD_NUMBER: _ClassVar[int]
    expires_at_millis: int
    import_id: str
    max_rows: int
    max_rows_per_chunk: int
    def __init__(self, import_id: _Optional[str] = ..., expires_at_millis: _Optional[int] = ..., max_rows_per_chunk: _Optional[int] = ..., max_rows: _Optional[int] = ...) -> None: ...

class ChangeClientStateRequest(_message.Message):
    __slots__ = ["client_id", "expected_version", "reason"]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    expected_version: int
    reason: str
    def __init__(self, client_id: _Optional[str] = ..., reason: _Optional[str] = ..., expected_version: _Optional[int] = ...) -> None: ...

class Client(_message.Message):
    __slots__ = ["activation_deadline_millis", "blocked", "closed_at_millis", "contacts", "created_at_millis", "fields", "group_id", "id", "invitation_recipient", "invoice_recipient", "owner_user_id", "parent_client_id", "status", "sub_client_count", "suspended", "tax_region", "updated_at_millis", "version"]
    ACTIVATION_DEADLINE_MILLIS_FIELD_NUMBER: _ClassVar[int]
    BLOCKED_FIELD_NUMBER: _ClassVar[int]
    CLOSED_AT_MILLIS_FIELD_NUMBER: _ClassVar[int]
    CONTACTS_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_MILLIS_FIELD_NUMBER: _ClassVar[int]
    FIELDS_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    INVITATION_RECIPIENT_FIELD_NUMBER: _ClassVar[int]
    INVOICE_RECIPIENT_FIELD_NUMBER: _ClassVar[int]
    OWNER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    PARENT_CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SUB_CLIENT_COUNT_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_FIELD_NUMBER: _ClassVar[int]
    TAX_REGION_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_MILLIS_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    activation_deadline_millis: int
    blocked: StateFlag
    closed_at_millis: int
    contacts: _containers.RepeatedCompositeFieldContainer[Contact]
    created_at_millis: int
    fields: ClientFields
    group_id: str
    id: str
    invitation_recipient: str
    invoice_recipient: str
    owner_user_id: str
    parent_client_id: str
    status: ClientStatus
    sub_client_count: int
    suspended: StateFlag
    tax_region: str
    updated_at_millis: int
    version: int
    def __init__(self, id: _Optional[str] = ..., group_id: _Optional[str] = ..., version: _Optional[int] = ..., status: _Optional[_Union[ClientStatus, str]] = ..., blocked: _Optional[_Union[StateFlag, _Mapping]] = ..., suspended: _Optional[_Union[StateFlag, _Mapping]] = ..., fields: _Optional[_Union[ClientFields, _Mapping]] = ..., tax_region: _Optional[str] = ..., contacts: _Optional[_Iterable[_Union[Contact, _Mapping]]] = ..., owner_user_id: _Optional[str] = ..., activation_deadline_millis: _Optional[int] = ..., invitation_recipient: _Optional[str] = ..., invoice_recipient: _Optional[str] = ..., created_at_millis: _Optional[int] = ..., updated_at_millis: _Optional[int] = ..., closed_at_millis: _Optional[int] = ..., parent_client_id: _Optional[str] = ..., sub_client_count: _Optional[int] = ...) -> None: ...

class ClientFields(_message.Message):
    __slots__ = ["account_name", "address", "billing_emails", "billing_mode", "billing_name", "company_name", "connection_kind", "connection_status", "credit_limit_minor", "currency", "legal_id", "login", "manager_user_id", "moderation", "phone", "pricing_model", "service_levels", "timezone"]
    ACCOUNT_NAME_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    BILLING_EMAILS_FIELD_NUMBER: _ClassVar[int]
    BILLING_MODE_FIELD_NUMBER: _ClassVar[int]
    BILLING_NAME_FIELD_NUMBER: _ClassVar[int]
    COMPANY_NAME_FIELD_NUMBER: _ClassVar[int]
    CONNECTION_KIND_FIELD_NUMBER: _ClassVar[int]
    CONNECTION_STATUS_FIELD_NUMBER: _ClassVar[int]
    CREDIT_LIMIT_MINOR_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    LEGAL_ID_FIELD_NUMBER: _ClassVar[int]
    LOGIN_FIELD_NUMBER: _ClassVar[int]
    MANAGER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    MODERATION_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    PRICING_MODEL_FIELD_NUMBER: _ClassVar[int]
    SERVICE_LEVELS_FIELD_NUMBER: _ClassVar[int]
    TIMEZONE_FIELD_NUMBER: _ClassVar[int]
    account_name: str
    address: Address
    billing_emails: _containers.RepeatedScalarFieldContainer[str]
    billing_mode: BillingMode
    billing_name: str
    company_name: str
    connection_kind: ConnectionKind
    connection_status: ConnectionStatus
    credit_limit_minor: int
    currency: str
    legal_id: str
    login: str
    manager_user_id: str
    moderation: bool
    phone: str
    pricing_model: PricingModel
    service_levels: _containers.RepeatedCompositeFieldContainer[ServiceLevel]
    timezone: str
    def __init__(self, account_name: _Optional[str] = ..., company_name: _Optional[str] = ..., legal_id: _Optional[str] = ..., login: _Optional[str] = ..., billing_name: _Optional[str] = ..., billing_emails: _Optional[_Iterable[str]] = ..., address: _Optional[_Union[Address, _Mapping]] = ..., currency: _Optional[str] = ..., billing_mode: _Optional[_Union[BillingMode, str]] = ..., credit_limit_minor: _Optional[int] = ..., pricing_model: _Optional[_Union[PricingModel, str]] = ..., timezone: _Optional[str] = ..., manager_user_id: _Optional[str] = ..., moderation: bool = ..., connection_kind: _Optional[_Union[ConnectionKind, str]] = ..., service_levels: _Optional[_Iterable[_Union[ServiceLevel, _Mapping]]] = ..., phone: _Optional[str] = ..., connection_status: _Optional[_Union[ConnectionStatus, str]] = ...) -> None: ...

class ClientImportReport(_message.Message):
    __slots__ = ["clients", "created", "dry_run", "errors", "errors_omitted", "mode", "rows", "valid_rows"]
    CLIENTS_FIELD_NUMBER: _ClassVar[int]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    DRY_RUN_FIELD_NUMBER: _ClassVar[int]
    ERRORS_FIELD_NUMBER: _ClassVar[int]
    ERRORS_OMITTED_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    ROWS_FIELD_NUMBER: _ClassVar[int]
    VALID_ROWS_FIELD_NUMBER: _ClassVar[int]
    clients: _containers.RepeatedCompositeFieldContainer[ImportedClient]
    created: int
    dry_run: bool
    errors: _containers.RepeatedCompositeFieldContainer[ClientImportRowError]
    errors_omitted: int
    mode: ClientImportMode
    rows: int
    valid_rows: int
    def __init__(self, mode: _Optional[_Union[ClientImportMode, str]] = ..., dry_run: bool = ..., rows: _Optional[int] = ..., valid_rows: _Optional[int] = ..., created: _Optional[int] = ..., clients: _Optional[_Iterable[_Union[ImportedClient, _Mapping]]] = ..., errors: _Optional[_Iterable[_Union[ClientImportRowError, _Mapping]]] = ..., errors_omitted: _Optional[int] = ...) -> None: ...

class ClientImportRow(_message.Message):
    __slots__ = ["row_number", "values"]
    ROW_NUMBER_FIELD_NUMBER: _ClassVar[int]
    VALUES_FIELD_NUMBER: _ClassVar[int]
    row_number: int
    values: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, row_number: _Optional[int] = ..., values: _Optional[_Iterable[str]] = ...) -> None: ...

class ClientImportRowError(_message.Message):
    __slots__ = ["column", "message", "row_number"]
    COLUMN_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    ROW_NUMBER_FIELD_NUMBER: _ClassVar[int]
    column: str
    message: str
    row_number: int
    def __init__(self, row_number: _Optional[int] = ..., column: _Optional[str] = ..., message: _Optional[str] = ...) -> None: ...

class CloseClientRequest(_message.Message):
    __slots__ = ["client_id", "dry_run", "expected_version", "reason"]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    DRY_RUN_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    dry_run: bool
    expected_version: int
    reason: str
    def __init__(self, client_id: _Optional[str] = ..., dry_run: bool = ..., reason: _Optional[str] = ..., expected_version: _Optional[int] = ...) -> None: ...

class CloseClientResponse(_message.Message):
    __slots__ = ["blockers", "client", "closable"]
    BLOCKERS_FIELD_NUMBER: _ClassVar[int]
    CLIENT_FIELD_NUMBER: _ClassVar[int]
    CLOSABLE_FIELD_NUMBER: _ClassVar[int]
    blockers: _containers.RepeatedScalarFieldContainer[str]
    client: Client
    closable: bool
    def __init__(self, closable: bool = ..., blockers: _Optional[_Iterable[str]] = ..., client: _Optional[_Union[Client, _Mapping]] = ...) -> None: ...

class CommitClientImportRequest(_message.Message):
    __slots__ = ["import_id"]
    IMPORT_ID_FIELD_NUMBER: _ClassVar[int]
    import_id: str
    def __init__(self, import_id: _Optional[str] = ...) -> None: ...

class Contact(_message.Message):
    __slots__ = ["address", "email", "first_name", "id", "last_name", "phone", "primary"]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    FIRST_NAME_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    LAST_NAME_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    PRIMARY_FIELD_NUMBER: _ClassVar[int]
    address: Address
    email: str
    first_name: str
    id: str
    last_name: str
    phone: str
    primary: bool
    def __init__(self, id: _Optional[str] = ..., first_name: _Optional[str] = ..., last_name: _Optional[str] = ..., email: _Optional[str] = ..., phone: _Optional[str] = ..., primary: bool = ..., address: _Optional[_Union[Address, _Mapping]] = ...) -> None: ...

class CreateClientRequest(_message.Message):
    __slots__ = ["contacts", "fields", "group_id", "inactive", "opening_credit", "owner"]
    CONTACTS_FIELD_NUMBER: _ClassVar[int]
    FIELDS_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    INACTIVE_FIELD_NUMBER: _ClassVar[int]
    OPENING_CREDIT_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    contacts: _containers.RepeatedCompositeFieldContainer[NewContact]
    fields: ClientFields
    group_id: str
    inactive: bool
    opening_credit: OpeningCredit
    owner: AccountOwner
    def __init__(self, group_id: _Optional[str] = ..., fields: _Optional[_Union[ClientFields, _Mapping]] = ..., contacts: _Optional[_Iterable[_Union[NewContact, _Mapping]]] = ..., owner: _Optional[_Union[AccountOwner, _Mapping]] = ..., opening_credit: _Optional[_Union[OpeningCredit, _Mapping]] = ..., inactive: bool = ...) -> None: ...

class DeleteNoteRequest(_message.Message):
    __slots__ = ["client_id", "note_id"]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_ID_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    note_id: str
    def __init__(self, client_id: _Optional[str] = ..., note_id: _Optional[str] = ...) -> None: ...

class DeleteNoteResponse(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class GetClientRequest(_message.Message):
    __slots__ = ["client_id"]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    def __init__(self, client_id: _Optional[str] = ...) -> None: ...

class ImportedClient(_message.Message):
    __slots__ = ["client_id", "row_number"]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    ROW_NUMBER_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    row_number: int
    def __init__(self, row_number: _Optional[int] = ..., client_id: _Optional[str] = ...) -> None: ...

class ListClientsRequest(_message.Message):
    __slots__ = ["block", "connection_kind", "connection_status", "country", "currency", "descending", "email", "group_id", "include_closed", "login", "manager_user_id", "own", "page_size", "page_token", "parent_client_id", "phone", "search", "sort", "statuses", "top_level_only"]
    BLOCK_FIELD_NUMBER: _ClassVar[int]
    CONNECTION_KIND_FIELD_NUMBER: _ClassVar[int]
    CONNECTION_STATUS_FIELD_NUMBER: _ClassVar[int]
    COUNTRY_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    DESCENDING_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_CLOSED_FIELD_NUMBER: _ClassVar[int]
    LOGIN_FIELD_NUMBER: _ClassVar[int]
    MANAGER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    OWN_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    PARENT_CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    SEARCH_FIELD_NUMBER: _ClassVar[int]
    SORT_FIELD_NUMBER: _ClassVar[int]
    STATUSES_FIELD_NUMBER: _ClassVar[int]
    TOP_LEVEL_ONLY_FIELD_NUMBER: _ClassVar[int]
    block: BlockFilter
    connection_kind: ConnectionKind
    connection_status: ConnectionStatus
    country: str
    currency: str
    descending: bool
    email: str
    group_id: str
    include_closed: bool
    login: str
    manager_user_id: str
    own: bool
    page_size: int
    page_token: str
    parent_client_id: str
    phone: str
    search: str
    sort: ClientSort
    statuses: _containers.RepeatedScalarFieldContainer[ClientStatus]
    top_level_only: bool
    def __init__(self, group_id: _Optional[str] = ..., manager_user_id: _Optional[str] = ..., own: bool = ..., block: _Optional[_Union[BlockFilter, str]] = ..., statuses: _Optional[_Iterable[_Union[ClientStatus, str]]] = ..., country: _Optional[str] = ..., currency: _Optional[str] = ..., login: _Optional[str] = ..., email: _Optional[str] = ..., phone: _Optional[str] = ..., connection_kind: _Optional[_Union[ConnectionKind, str]] = ..., search: _Optional[str] = ..., sort: _Optional[_Union[ClientSort, str]] = ..., descending: bool = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., include_closed: bool = ..., parent_client_id: _Optional[str] = ..., top_level_only: bool = ..., connection_status: _Optional[_Union[ConnectionStatus, str]] = ...) -> None: ...

class ListClientsResponse(_message.Message):
    __slots__ = ["clients", "next_page_token"]
    CLIENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    clients: _containers.RepeatedCompositeFieldContainer[Client]
    next_page_token: str
    def __init__(self, clients: _Optional[_Iterable[_Union[Client, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListNotesRequest(_message.Message):
    __slots__ = ["client_id", "page_size", "page_token"]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    page_size: int
    page_token: str
    def __init__(self, client_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListNotesResponse(_message.Message):
    __slots__ = ["next_page_token", "notes"]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    next_page_token: str
    notes: _containers.RepeatedCompositeFieldContainer[Note]
    def __init__(self, notes: _Optional[_Iterable[_Union[Note, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class NewContact(_message.Message):
    __slots__ = ["address", "email", "first_name", "last_name", "phone", "primary"]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    FIRST_NAME_FIELD_NUMBER: _ClassVar[int]
    LAST_NAME_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    PRIMARY_FIELD_NUMBER: _ClassVar[int]
    address: Address
    email: str
    first_name: str
    last_name: str
    phone: str
    primary: bool
    def __init__(self, first_name: _Optional[str] = ..., last_name: _Optional[str] = ..., email: _Optional[str] = ..., phone: _Optional[str] = ..., primary: bool = ..., address: _Optional[_Union[Address, _Mapping]] = ...) -> None: ...

class Note(_message.Message):
    __slots__ = ["author_user_id", "client_id", "created_at_millis", "id", "text"]
    AUTHOR_USER_ID_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_MILLIS_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    author_user_id: str
    client_id: str
    created_at_millis: int
    id: str
    text: str
    def __init__(self, id: _Optional[str] = ..., client_id: _Optional[str] = ..., author_user_id: _Optional[str] = ..., text: _Optional[str] = ..., created_at_millis: _Optional[int] = ...) -> None: ...

class OpeningCredit(_message.Message):
    __slots__ = ["amount_minor", "comment", "payer", "payment_method", "payment_reference"]
    AMOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    PAYER_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_METHOD_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    amount_minor: int
    comment: str
    payer: str
    payment_method: str
    payment_reference: str
    def __init__(self, amount_minor: _Optional[int] = ..., payment_method: _Optional[str] = ..., payment_reference: _Optional[str] = ..., payer: _Optional[str] = ..., comment: _Optional[str] = ...) -> None: ...

class RemoveContactRequest(_message.Message):
    __slots__ = ["client_id", "contact_id", "expected_version", "new_primary_contact_id"]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    CONTACT_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    NEW_PRIMARY_CONTACT_ID_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    contact_id: str
    expected_version: int
    new_primary_contact_id: str
    def __init__(self, client_id: _Optional[str] = ..., contact_id: _Optional[str] = ..., new_primary_contact_id: _Optional[str] = ..., expected_version: _Optional[int] = ...) -> None: ...

class ServiceLevel(_message.Message):
    __slots__ = ["priority", "resolution_minutes", "response_minutes"]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_MINUTES_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_MINUTES_FIELD_NUMBER: _ClassVar[int]
    priority: Priority
    resolution_minutes: int
    response_minutes: int
    def __init__(self, priority: _Optional[_Union[Priority, str]] = ..., response_minutes: _Optional[int] = ..., resolution_minutes: _Optional[int] = ...) -> None: ...

class StateFlag(_message.Message):
    __slots__ = ["at_millis", "by_user_id", "reason", "set"]
    AT_MILLIS_FIELD_NUMBER: _ClassVar[int]
    BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    SET_FIELD_NUMBER: _ClassVar[int]
    at_millis: int
    by_user_id: str
    reason: str
    set: bool
    def __init__(self, set: bool = ..., reason: _Optional[str] = ..., by_user_id: _Optional[str] = ..., at_millis: _Optional[int] = ...) -> None: ...

class UpdateClientRequest(_message.Message):
    __slots__ = ["client_id", "expected_version", "fields", "update_mask"]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    FIELDS_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    expected_version: int
    fields: ClientFields
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, client_id: _Optional[str] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ..., fields: _Optional[_Union[ClientFields, _Mapping]] = ..., expected_version: _Optional[int] = ...) -> None: ...

class UpdateContactRequest(_message.Message):
    __slots__ = ["client_id", "contact", "contact_id", "expected_version", "update_mask"]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    CONTACT_FIELD_NUMBER: _ClassVar[int]
    CONTACT_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    contact: NewContact
    contact_id: str
    expected_version: int
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, client_id: _Optional[str] = ..., contact_id: _Optional[str] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ..., contact: _Optional[_Union[NewContact, _Mapping]] = ..., expected_version: _Optional[int] = ...) -> None: ...

class ClientStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class BillingMode(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class PricingModel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class ConnectionKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class ConnectionStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class Priority(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class ClientSort(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class BlockFilter(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class ClientImportMode(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
