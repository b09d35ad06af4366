from ...clientele.v1 import clients_pb2 as _clients_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor
ENTRY_KIND_CHARGE: EntryKind
ENTRY_KIND_CREDIT: EntryKind
ENTRY_KIND_CREDIT_NOTE: EntryKind
ENTRY_KIND_DEBT_SETTLEMENT: EntryKind
ENTRY_KIND_PAYMENT_CORRECTION: EntryKind
ENTRY_KIND_UNSPECIFIED: EntryKind
ENTRY_KIND_WITHDRAWAL: EntryKind

class AddCreditRequest(_message.Message):
    __slots__ = ["amount_minor", "client_id", "comment", "payment"]
    AMOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_FIELD_NUMBER: _ClassVar[int]
    amount_minor: int
    client_id: str
    comment: str
    payment: PaymentDetails
    def __init__(self, client_id: _Optional[str] = ..., amount_minor: _Optional[int] = ..., payment: _Optional[_Union[PaymentDetails, _Mapping]] = ..., comment: _Optional[str] = ...) -> None: ...

class Balance(_message.Message):
    __slots__ = ["available_minor", "balance_minor", "billing_mode", "client_id", "credit_limit_minor", "currency", "currency_exponent", "debt_minor", "entry_count"]
    AVAILABLE_MINOR_FIELD_NUMBER: _ClassVar[int]
    BALANCE_MINOR_FIELD_NUMBER: _ClassVar[int]
    BILLING_MODE_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    CREDIT_LIMIT_MINOR_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_EXPONENT_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    DEBT_MINOR_FIELD_NUMBER: _ClassVar[int]
    ENTRY_COUNT_FIELD_NUMBER: _ClassVar[int]
    available_minor: int
    balance_minor: int
    billing_mode: _clients_pb2.BillingMode
    client_id: str
    credit_limit_minor: int
    currency: str
    currency_exponent: int
    debt_minor: int
    entry_count: int
    def __init__(self, client_id: _Optional[str] = ..., currency: _Optional[str] = ..., currency_exponent: _Optional[int] = ..., balance_minor: _Optional[int] = ..., available_minor: _Optional[int] = ..., debt_minor: _Optional[int] = ..., billing_mode: _Optional[_Union[_clients_pb2.BillingMode, str]] = ..., credit_limit_minor: _Optional[int] = ..., entry_count: _Optional[int] = ...) -> None: ...

class ChangeCurrencyRequest(_message.Message):
    __slots__ = ["client_id", "currency", "reason"]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    currency: str
    reason: str
    def __init__(self, client_id: _Optional[str] = ..., currency: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class ChangeTermsRequest(_message.Message):
    __slots__ = ["billing_mode", "client_id", "credit_limit_minor", "reason"]
    BILLING_MODE_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    CREDIT_LIMIT_MINOR_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    billing_mode: _clients_pb2.BillingMode
    client_id: str
    credit_limit_minor: int
    reason: str
    def __init__(self, client_id: _Optional[str] = ..., billing_mode: _Optional[_Union[_clients_pb2.BillingMode, str]] = ..., credit_limit_minor: _Optional[int] = ..., reason: _Optional[str] = ...) -> None: ...

class ChargeRequest(_message.Message):
    __slots__ = ["amount_minor", "client_id", "comment"]
    AMOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    amount_minor: int
    client_id: str
    comment: str
    def __init__(self, client_id: _Optional[str] = ..., amount_minor: _Optional[int] = ..., comment: _Optional[str] = ...) -> None: ...

class CorrectPaymentRequest(_message.Message):
    __slots__ = ["amount_minor", "client_id", "comment", "entry_id"]
    AMOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    amount_minor: int
    client_id: str
    comment: str
    entry_id: str
    def __init__(self, client_id: _Optional[str] = ..., entry_id: _Optional[str] = ..., amount_minor: _Optional[int] = ..., comment: _Optional[str] = ...) -> None: ...

class GetBalanceRequest(_message.Message):
    __slots__ = ["client_id"]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    def __init__(self, client_id: _Optional[str] = ...) -> None: ...

class GetStatementRequest(_message.Message):
    __slots__ = ["statement_id"]
    STATEMENT_ID_FIELD_NUMBER: _ClassVar[int]
    statement_id: str
    def __init__(self, statement_id: _Optional[str] = ...) -> None: ...

class IssueCreditNoteRequest(_message.Message):
    __slots__ = ["amount_minor", "client_id", "comment", "negative_package_amount_minor", "package_name"]
    AMOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    NEGATIVE_PACKAGE_AMOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    PACKAGE_NAME_FIELD_NUMBER: _ClassVar[int]
    amount_minor: int
    client_id: str
    comment: str
    negative_package_amount_minor: int
    package_name: str
    def __init__(self, client_id: _Optional[str] = ..., amount_minor: _Optional[int] = ..., comment: _Optional[str] = ..., package_name: _Optional[str] = ..., negative_package_amount_minor: _Optional[int] = ...) -> None: ...

class IssueStatementRequest(_message.Message):
    __slots__ = ["client_id", "period_end_millis", "period_start_millis"]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    PERIOD_END_MILLIS_FIELD_NUMBER: _ClassVar[int]
    PERIOD_START_MILLIS_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    period_end_millis: int
    period_start_millis: int
    def __init__(self, client_id: _Optional[str] = ..., period_start_millis: _Optional[int] = ..., period_end_millis: _Optional[int] = ...) -> None: ...

class LedgerEntry(_message.Message):
    __slots__ = ["actor", "amount_minor", "at_millis", "balance_after_minor", "client_id", "comment", "corrects_entry_id", "currency", "id", "idempotency_key", "kind", "package_name", "payment", "sequence"]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    AT_MILLIS_FIELD_NUMBER: _ClassVar[int]
    BALANCE_AFTER_MINOR_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    CORRECTS_ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PACKAGE_NAME_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    actor: str
    amount_minor: int
    at_millis: int
    balance_after_minor: int
    client_id: str
    comment: str
    corrects_entry_id: str
    currency: str
    id: str
    idempotency_key: str
    kind: EntryKind
    package_name: str
    payment: PaymentDetails
    sequence: int
    def __init__(self, id: _Optional[str] = ..., client_id: _Optional[str] = ..., sequence: _Optional[int] = ..., kind: _Optional[_Union[EntryKind, str]] = ..., amount_minor: _Optional[int] = ..., balance_after_minor: _Optional[int] = ..., currency: _Optional[str] = ..., actor: _Optional[str] = ..., comment: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., at_millis: _Optional[int] = ..., payment: _Optional[_Union[PaymentDetails, _Mapping]] = ..., corrects_entry_id: _Optional[str] = ..., package_name: _Optional[str] = ...) -> None: ...

class ListEntriesRequest(_message.Message):
    __slots__ = ["client_id", "kinds", "page_size", "page_token", "since_millis", "until_millis"]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    KINDS_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    SINCE_MILLIS_FIELD_NUMBER: _ClassVar[int]
    UNTIL_MILLIS_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    kinds: _containers.RepeatedScalarFieldContainer[EntryKind]
    page_size: int
    page_token: str
    since_millis: int
    until_millis: int
    def __init__(self, client_id: _Optional[str] = ..., kinds: _Optional[_Iterable[_Union[EntryKind, str]]] = ..., since_millis: _Optional[int] = ..., until_millis: _Optional[int] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListEntriesResponse(_message.Message):
    __slots__ = ["entries", "next_page_token"]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[LedgerEntry]
    next_page_token: str
    def __init__(self, entries: _Optional[_Iterable[_Union[LedgerEntry, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListStatementsRequest(_message.Message):
    __slots__ = ["client_id", "page_size", "page_token"]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    page_size: int
    page_token: str
    def __init__(self, client_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListStatementsResponse(_message.Message):
    __slots__ = ["next_page_token", "statements"]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    STATEMENTS_FIELD_NUMBER: _ClassVar[int]
    next_page_token: str
    statements: _containers.RepeatedCompositeFieldContainer[Statement]
    def __init__(self, statements: _Optional[_Iterable[_Union[Statement, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class PaymentDetails(_message.Message):
    __slots__ = ["method", "payer", "reference"]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    PAYER_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    method: str
    payer: str
    reference: str
    def __init__(self, method: _Optional[str] = ..., reference: _Optional[str] = ..., payer: _Optional[str] = ...) -> None: ...

class PostEntryResponse(_message.Message):
    __slots__ = ["balance", "entry"]
    BALANCE_FIELD_NUMBER: _ClassVar[int]
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    balance: Balance
    entry: LedgerEntry
    def __init__(self, entry: _Optional[_Union[LedgerEntry, _Mapping]] = ..., balance: _Optional[_Union[Balance, _Mapping]] = ...) -> None: ...

class SettleDebtRequest(_message.Message):
    __slots__ = ["amount_minor", "client_id", "comment", "payment"]
    AMOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_FIELD_NUMBER: _ClassVar[int]
    amount_minor: int
    client_id: str
    comment: str
    payment: PaymentDetails
    def __init__(self, client_id: _Optional[str] = ..., amount_minor: _Optional[int] = ..., payment: _Optional[_Union[PaymentDetails, _Mapping]] = ..., comment: _Optional[str] = ...) -> None: ...

class Statement(_message.Message):
    __slots__ = ["client_id", "closing_balance_minor", "credits_minor", "currency", "currency_exponent", "debits_minor", "entries", "entry_count", "id", "issued_at_millis", "issued_by", "message_id", "number", "opening_balance_minor", "period_end_millis", "period_start_millis", "recipient_email"]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    CLOSING_BALANCE_MINOR_FIELD_NUMBER: _ClassVar[int]
    CREDITS_MINOR_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_EXPONENT_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    DEBITS_MINOR_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    ENTRY_COUNT_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    ISSUED_AT_MILLIS_FIELD_NUMBER: _ClassVar[int]
    ISSUED_BY_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    OPENING_BALANCE_MINOR_FIELD_NUMBER: _ClassVar[int]
    PERIOD_END_MILLIS_FIELD_NUMBER: _ClassVar[int]
    PERIOD_START_MILLIS_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_EMAIL_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    closing_balance_minor: int
    credits_minor: int
    currency: str
    currency_exponent: int
    debits_minor: int
    entries: _containers.RepeatedCompositeFieldContainer[LedgerEntry]
    entry_count: int
    id: str
    issued_at_millis: int
    issued_by: str
    message_id: str
    number: int
    opening_balance_minor: int
    period_end_millis: int
    period_start_millis: int
    recipient_email: str
    def __init__(self, id: _Optional[str] = ..., client_id: _Optional[str] = ..., number: _Optional[int] = ..., period_start_millis: _Optional[int] = ..., period_end_millis: _Optional[int] = ..., currency: _Optional[str] = ..., currency_exponent: _Optional[int] = ..., opening_balance_minor: _Optional[int] = ..., credits_minor: _Optional[int] = ..., debits_minor: _Optional[int] = ..., closing_balance_minor: _Optional[int] = ..., entry_count: _Optional[int] = ..., entries: _Optional[_Iterable[_Union[LedgerEntry, _Mapping]]] = ..., recipient_email: _Optional[str] = ..., message_id: _Optional[str] = ..., issued_by: _Optional[str] = ..., issued_at_millis: _Optional[int] = ...) -> None: ...

class WithdrawRequest(_message.Message):
    __slots__ = ["amount_minor", "client_id", "comment", "payment"]
    AMOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_FIELD_NUMBER: _ClassVar[int]
    amount_minor: int
    client_id: str
    comment: str
    payment: PaymentDetails
    def __init__(self, client_id: _Optional[str] = ..., amount_minor: _Optional[int] = ..., payment: _Optional[_Union[PaymentDetails, _Mapping]] = ..., comment: _Optional[str] = ...) -> None: ...

class EntryKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
