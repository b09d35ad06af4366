from ...clientele.v1 import clients_pb2 as _clients_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor
FORMER_OWNER_KEEP_AS_ADMIN: FormerOwner
FORMER_OWNER_REMOVE: FormerOwner
INVITATION_METHOD_LINK: InvitationMethod
INVITATION_METHOD_TEMPORARY_PASSWORD: InvitationMethod
INVITATION_METHOD_UNSPECIFIED: InvitationMethod
MEMBER_ROLE_ADMIN: MemberRole
MEMBER_ROLE_MEMBER: MemberRole
MEMBER_ROLE_UNSPECIFIED: MemberRole

class AccessEntry(_message.Message):
    __slots__ = ["email", "expires_at_millis", "name", "role", "through", "user_id"]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_MILLIS_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    THROUGH_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    email: str
    expires_at_millis: int
    name: str
    role: str
    through: str
    user_id: str
    def __init__(self, user_id: _Optional[str] = ..., email: _Optional[str] = ..., name: _Optional[str] = ..., role: _Optional[str] = ..., through: _Optional[str] = ..., expires_at_millis: _Optional[int] = ...) -> None: ...

class Account(_message.Message):
    __slots__ = ["client_id", "created_at_millis", "external_id", "group_id", "id", "name", "product"]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_MILLIS_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    created_at_millis: int
    external_id: str
    group_id: str
    id: str
    name: str
    product: str
    def __init__(self, id: _Optional[str] = ..., group_id: _Optional[str] = ..., client_id: _Optional[str] = ..., product: _Optional[str] = ..., name: _Optional[str] = ..., external_id: _Optional[str] = ..., created_at_millis: _Optional[int] = ...) -> None: ...

class AddMemberRequest(_message.Message):
    __slots__ = ["client_id", "email", "first_name", "last_name", "portal_access", "role"]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    FIRST_NAME_FIELD_NUMBER: _ClassVar[int]
    LAST_NAME_FIELD_NUMBER: _ClassVar[int]
    PORTAL_ACCESS_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    email: str
    first_name: str
    last_name: str
    portal_access: bool
    role: MemberRole
    def __init__(self, client_id: _Optional[str] = ..., first_name: _Optional[str] = ..., last_name: _Optional[str] = ..., email: _Optional[str] = ..., role: _Optional[_Union[MemberRole, str]] = ..., portal_access: bool = ...) -> None: ...

class CreateAccountRequest(_message.Message):
    __slots__ = ["client_id", "external_id", "group_id", "name", "product"]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    external_id: str
    group_id: str
    name: str
    product: str
    def __init__(self, client_id: _Optional[str] = ..., group_id: _Optional[str] = ..., product: _Optional[str] = ..., name: _Optional[str] = ..., external_id: _Optional[str] = ...) -> None: ...

class GrantStaffAccessRequest(_message.Message):
    __slots__ = ["account_id", "client_id", "expires_at_millis", "user_id"]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_MILLIS_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    client_id: str
    expires_at_millis: int
    user_id: str
    def __init__(self, client_id: _Optional[str] = ..., user_id: _Optional[str] = ..., account_id: _Optional[str] = ..., expires_at_millis: _Optional[int] = ...) -> None: ...

class InvitePortalUserRequest(_message.Message):
    __slots__ = ["client_id", "expires_in_hours", "method", "user_id"]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_IN_HOURS_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    expires_in_hours: int
    method: InvitationMethod
    user_id: str
    def __init__(self, client_id: _Optional[str] = ..., user_id: _Optional[str] = ..., method: _Optional[_Union[InvitationMethod, str]] = ..., expires_in_hours: _Optional[int] = ...) -> None: ...

class LinkAccountRequest(_message.Message):
    __slots__ = ["account_id", "client_id"]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    client_id: str
    def __init__(self, client_id: _Optional[str] = ..., account_id: _Optional[str] = ...) -> None: ...

class ListAccessRequest(_message.Message):
    __slots__ = ["client_id"]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    def __init__(self, client_id: _Optional[str] = ...) -> None: ...

class ListAccessResponse(_message.Message):
    __slots__ = ["entries"]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[AccessEntry]
    def __init__(self, entries: _Optional[_Iterable[_Union[AccessEntry, _Mapping]]] = ...) -> None: ...

class ListAccountsRequest(_message.Message):
    __slots__ = ["client_id", "group_id"]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    group_id: str
    def __init__(self, client_id: _Optional[str] = ..., group_id: _Optional[str] = ...) -> None: ...

class ListAccountsResponse(_message.Message):
    __slots__ = ["accounts"]
    ACCOUNTS_FIELD_NUMBER: _ClassVar[int]
    accounts: _containers.RepeatedCompositeFieldContainer[Account]
    def __init__(self, accounts: _Optional[_Iterable[_Union[Account, _Mapping]]] = ...) -> None: ...

class ListInvitationsRequest(_message.Message):
    __slots__ = ["client_id"]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    def __init__(self, client_id: _Optional[str] = ...) -> None: ...

class ListInvitationsResponse(_message.Message):
    __slots__ = ["invitations"]
    INVITATIONS_FIELD_NUMBER: _ClassVar[int]
    invitations: _containers.RepeatedCompositeFieldContainer[PortalInvitation]
    def __init__(self, invitations: _Optional[_Iterable[_Union[PortalInvitation, _Mapping]]] = ...) -> None: ...

class ListMembersRequest(_message.Message):
    __slots__ = ["client_id"]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    def __init__(self, client_id: _Optional[str] = ...) -> None: ...

class ListMembersResponse(_message.Message):
    __slots__ = ["members"]
    MEMBERS_FIELD_NUMBER: _ClassVar[int]
    members: _containers.RepeatedCompositeFieldContainer[Member]
    def __init__(self, members: _Optional[_Iterable[_Union[Member, _Mapping]]] = ...) -> None: ...

class ListSignInAsSessionsRequest(_message.Message):
    __slots__ = ["client_id"]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    def __init__(self, client_id: _Optional[str] = ...) -> None: ...

class ListSignInAsSessionsResponse(_message.Message):
    __slots__ = ["sessions"]
    SESSIONS_FIELD_NUMBER: _ClassVar[int]
    sessions: _containers.RepeatedCompositeFieldContainer[SignInAsSession]
    def __init__(self, sessions: _Optional[_Iterable[_Union[SignInAsSession, _Mapping]]] = ...) -> None: ...

class Member(_message.Message):
    __slots__ = ["activated", "client_id", "email", "name", "portal_access", "role", "user_id"]
    ACTIVATED_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PORTAL_ACCESS_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    activated: bool
    client_id: str
    email: str
    name: str
    portal_access: bool
    role: MemberRole
    user_id: str
    def __init__(self, client_id: _Optional[str] = ..., user_id: _Optional[str] = ..., email: _Optional[str] = ..., name: _Optional[str] = ..., role: _Optional[_Union[MemberRole, str]] = ..., portal_access: bool = ..., activated: bool = ...) -> None: ...

class PortalInvitation(_message.Message):
    __slots__ = ["client_id", "created_at_millis", "email", "expires_at_millis", "id", "method", "state", "user_id"]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_MILLIS_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_MILLIS_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    created_at_millis: int
    email: str
    expires_at_millis: int
    id: str
    method: InvitationMethod
    state: str
    user_id: str
    def __init__(self, id: _Optional[str] = ..., client_id: _Optional[str] = ..., user_id: _Optional[str] = ..., email: _Optional[str] = ..., method: _Optional[_Union[InvitationMethod, str]] = ..., created_at_millis: _Optional[int] = ..., expires_at_millis: _Optional[int] = ..., state: _Optional[str] = ...) -> None: ...

class RemoveMemberRequest(_message.Message):
    __slots__ = ["client_id", "user_id"]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    user_id: str
    def __init__(self, client_id: _Optional[str] = ..., user_id: _Optional[str] = ...) -> None: ...

class RemoveMemberResponse(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class ResendInvitationRequest(_message.Message):
    __slots__ = ["client_id", "invitation_id"]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    INVITATION_ID_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    invitation_id: str
    def __init__(self, client_id: _Optional[str] = ..., invitation_id: _Optional[str] = ...) -> None: ...

class RevokeInvitationRequest(_message.Message):
    __slots__ = ["client_id", "invitation_id"]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    INVITATION_ID_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    invitation_id: str
    def __init__(self, client_id: _Optional[str] = ..., invitation_id: _Optional[str] = ...) -> None: ...

class RevokeStaffAccessRequest(_message.Message):
    __slots__ = ["client_id", "grant_id"]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    GRANT_ID_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    grant_id: str
    def __init__(self, client_id: _Optional[str] = ..., grant_id: _Optional[str] = ...) -> None: ...

class RevokeStaffAccessResponse(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class SetParentClientRequest(_message.Message):
    __slots__ = ["client_id", "parent_client_id"]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    PARENT_CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    parent_client_id: str
    def __init__(self, client_id: _Optional[str] = ..., parent_client_id: _Optional[str] = ...) -> None: ...

class SignInAsRequest(_message.Message):
    __slots__ = ["client_id"]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    def __init__(self, client_id: _Optional[str] = ...) -> None: ...

class SignInAsResponse(_message.Message):
    __slots__ = ["acting_as_user_id", "expires_at_millis", "token"]
    ACTING_AS_USER_ID_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_MILLIS_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    acting_as_user_id: str
    expires_at_millis: int
    token: str
    def __init__(self, token: _Optional[str] = ..., expires_at_millis: _Optional[int] = ..., acting_as_user_id: _Optional[str] = ...) -> None: ...

class SignInAsSession(_message.Message):
    __slots__ = ["acting_as_user_id", "actor_user_id", "created_at_millis", "expires_at_millis", "id", "revoked"]
    ACTING_AS_USER_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_USER_ID_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_MILLIS_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_MILLIS_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    REVOKED_FIELD_NUMBER: _ClassVar[int]
    acting_as_user_id: str
    actor_user_id: str
    created_at_millis: int
    expires_at_millis: int
    id: str
    revoked: bool
    def __init__(self, id: _Optional[str] = ..., actor_user_id: _Optional[str] = ..., acting_as_user_id: _Optional[str] = ..., created_at_millis: _Optional[int] = ..., expires_at_millis: _Optional[int] = ..., revoked: bool = ...) -> None: ...

class StaffGrant(_message.Message):
    __slots__ = ["account_id", "client_id", "created_at_millis", "expires_at_millis", "granted_by", "id", "user_id"]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_MILLIS_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_MILLIS_FIELD_NUMBER: _ClassVar[int]
    GRANTED_BY_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    client_id: str
    created_at_millis: int
    expires_at_millis: int
    granted_by: str
    id: str
    user_id: str
    def __init__(self, id: _Optional[str] = ..., client_id: _Optional[str] = ..., account_id: _Optional[str] = ..., user_id: _Optional[str] = ..., expires_at_millis: _Optional[int] = ..., granted_by: _Optional[str] = ..., created_at_millis: _Optional[int] = ...) -> None: ...

class TransferOwnershipRequest(_message.Message):
    __slots__ = ["client_id", "former_owner", "to_email", "to_name", "to_user_id"]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    FORMER_OWNER_FIELD_NUMBER: _ClassVar[int]
    TO_EMAIL_FIELD_NUMBER: _ClassVar[int]
    TO_NAME_FIELD_NUMBER: _ClassVar[int]
    TO_USER_ID_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    former_owner: FormerOwner
    to_email: str
    to_name: str
    to_user_id: str
    def __init__(self, client_id: _Optional[str] = ..., to_user_id: _Optional[str] = ..., to_email: _Optional[str] = ..., to_name: _Optional[str] = ..., former_owner: _Optional[_Union[FormerOwner, str]] = ...) -> None: ...

class UnlinkAccountRequest(_message.Message):
    __slots__ = ["account_id", "client_id"]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    client_id: str
    def __init__(self, client_id: _Optional[str] = ..., account_id: _Optional[str] = ...) -> None: ...

class UpdateMemberRequest(_message.Message):
    __slots__ = ["client_id", "portal_access", "role", "update_paths", "user_id"]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    PORTAL_ACCESS_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    UPDATE_PATHS_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    portal_access: bool
    role: MemberRole
    update_paths: _containers.RepeatedScalarFieldContainer[str]
    user_id: str
    def __init__(self, client_id: _Optional[str] = ..., user_id: _Optional[str] = ..., role: _Optional[_Union[MemberRole, str]] = ..., portal_access: bool = ..., update_paths: _Optional[_Iterable[str]] = ...) -> None: ...

class MemberRole(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class InvitationMethod(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class FormerOwner(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
