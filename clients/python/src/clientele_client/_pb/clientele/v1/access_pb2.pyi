from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor
ROLE_BILLING: Role
ROLE_FOLLOWER: Role
ROLE_MAILER: Role
ROLE_MANAGER: Role
ROLE_MEMBER: Role
ROLE_MEMBER_ADMIN: Role
ROLE_OWNER: Role
ROLE_PARTNER_STAFF: Role
ROLE_UNSPECIFIED: Role

class APIKey(_message.Message):
    __slots__ = ["created_at_millis", "created_by", "group_id", "id", "last_used_at_millis", "name", "prefix", "revoked", "role", "scope"]
    CREATED_AT_MILLIS_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    LAST_USED_AT_MILLIS_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PREFIX_FIELD_NUMBER: _ClassVar[int]
    REVOKED_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    created_at_millis: int
    created_by: str
    group_id: str
    id: str
    last_used_at_millis: int
    name: str
    prefix: str
    revoked: bool
    role: Role
    scope: Scope
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., prefix: _Optional[str] = ..., role: _Optional[_Union[Role, str]] = ..., scope: _Optional[_Union[Scope, _Mapping]] = ..., group_id: _Optional[str] = ..., created_by: _Optional[str] = ..., created_at_millis: _Optional[int] = ..., last_used_at_millis: _Optional[int] = ..., revoked: bool = ...) -> None: ...

class AcceptInvitationRequest(_message.Message):
    __slots__ = ["password", "token"]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    password: str
    token: str
    def __init__(self, token: _Optional[str] = ..., password: _Optional[str] = ...) -> None: ...

class AssignRoleRequest(_message.Message):
    __slots__ = ["expires_at_millis", "role", "scope", "user_id"]
    EXPIRES_AT_MILLIS_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    expires_at_millis: int
    role: Role
    scope: Scope
    user_id: str
    def __init__(self, user_id: _Optional[str] = ..., role: _Optional[_Union[Role, str]] = ..., scope: _Optional[_Union[Scope, _Mapping]] = ..., expires_at_millis: _Optional[int] = ...) -> None: ...

class BootstrapGroupRequest(_message.Message):
    __slots__ = ["group_name", "owner_email", "owner_name", "owner_password"]
    GROUP_NAME_FIELD_NUMBER: _ClassVar[int]
    OWNER_EMAIL_FIELD_NUMBER: _ClassVar[int]
    OWNER_NAME_FIELD_NUMBER: _ClassVar[int]
    OWNER_PASSWORD_FIELD_NUMBER: _ClassVar[int]
    group_name: str
    owner_email: str
    owner_name: str
    owner_password: str
    def __init__(self, group_name: _Optional[str] = ..., owner_email: _Optional[str] = ..., owner_name: _Optional[str] = ..., owner_password: _Optional[str] = ...) -> None: ...

class BootstrapGroupResponse(_message.Message):
    __slots__ = ["group", "owner"]
    GROUP_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    group: Group
    owner: User
    def __init__(self, group: _Optional[_Union[Group, _Mapping]] = ..., owner: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class ChangePasswordRequest(_message.Message):
    __slots__ = ["current_password", "email", "group_id", "new_password"]
    CURRENT_PASSWORD_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    NEW_PASSWORD_FIELD_NUMBER: _ClassVar[int]
    current_password: str
    email: str
    group_id: str
    new_password: str
    def __init__(self, group_id: _Optional[str] = ..., email: _Optional[str] = ..., current_password: _Optional[str] = ..., new_password: _Optional[str] = ...) -> None: ...

class CreateUserRequest(_message.Message):
    __slots__ = ["email", "group_id", "name", "password", "role", "scope"]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    email: str
    group_id: str
    name: str
    password: str
    role: Role
    scope: Scope
    def __init__(self, group_id: _Optional[str] = ..., email: _Optional[str] = ..., name: _Optional[str] = ..., password: _Optional[str] = ..., role: _Optional[_Union[Role, str]] = ..., scope: _Optional[_Union[Scope, _Mapping]] = ...) -> None: ...

class ExplainRequest(_message.Message):
    __slots__ = ["action", "client_id", "group_id", "user_id"]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    action: str
    client_id: str
    group_id: str
    user_id: str
    def __init__(self, user_id: _Optional[str] = ..., action: _Optional[str] = ..., group_id: _Optional[str] = ..., client_id: _Optional[str] = ...) -> None: ...

class ExplainResponse(_message.Message):
    __slots__ = ["allowed", "grant", "reason"]
    ALLOWED_FIELD_NUMBER: _ClassVar[int]
    GRANT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    allowed: bool
    grant: RoleAssignment
    reason: str
    def __init__(self, allowed: bool = ..., reason: _Optional[str] = ..., grant: _Optional[_Union[RoleAssignment, _Mapping]] = ...) -> None: ...

class Group(_message.Message):
    __slots__ = ["created_at_millis", "id", "name"]
    CREATED_AT_MILLIS_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    created_at_millis: int
    id: str
    name: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., created_at_millis: _Optional[int] = ...) -> None: ...

class IssueAPIKeyRequest(_message.Message):
    __slots__ = ["group_id", "name", "role", "scope"]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    name: str
    role: Role
    scope: Scope
    def __init__(self, group_id: _Optional[str] = ..., name: _Optional[str] = ..., role: _Optional[_Union[Role, str]] = ..., scope: _Optional[_Union[Scope, _Mapping]] = ...) -> None: ...

class IssueAPIKeyResponse(_message.Message):
    __slots__ = ["key", "secret"]
    KEY_FIELD_NUMBER: _ClassVar[int]
    SECRET_FIELD_NUMBER: _ClassVar[int]
    key: APIKey
    secret: str
    def __init__(self, key: _Optional[_Union[APIKey, _Mapping]] = ..., secret: _Optional[str] = ...) -> None: ...

class ListAPIKeysRequest(_message.Message):
    __slots__ = ["group_id"]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    def __init__(self, group_id: _Optional[str] = ...) -> None: ...

class ListAPIKeysResponse(_message.Message):
    __slots__ = ["keys"]
    KEYS_FIELD_NUMBER: _ClassVar[int]
    keys: _containers.RepeatedCompositeFieldContainer[APIKey]
    def __init__(self, keys: _Optional[_Iterable[_Union[APIKey, _Mapping]]] = ...) -> None: ...

class ListPeopleRequest(_message.Message):
    __slots__ = ["group_id"]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    def __init__(self, group_id: _Optional[str] = ...) -> None: ...

class ListPeopleResponse(_message.Message):
    __slots__ = ["people"]
    PEOPLE_FIELD_NUMBER: _ClassVar[int]
    people: _containers.RepeatedCompositeFieldContainer[Person]
    def __init__(self, people: _Optional[_Iterable[_Union[Person, _Mapping]]] = ...) -> None: ...

class LoginRequest(_message.Message):
    __slots__ = ["email", "group_id", "password"]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    email: str
    group_id: str
    password: str
    def __init__(self, group_id: _Optional[str] = ..., email: _Optional[str] = ..., password: _Optional[str] = ...) -> None: ...

class LoginResponse(_message.Message):
    __slots__ = ["expires_at_millis", "token", "user"]
    EXPIRES_AT_MILLIS_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    USER_FIELD_NUMBER: _ClassVar[int]
    expires_at_millis: int
    token: str
    user: User
    def __init__(self, token: _Optional[str] = ..., expires_at_millis: _Optional[int] = ..., user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class LogoutRequest(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class LogoutResponse(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class Person(_message.Message):
    __slots__ = ["roles", "user"]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    USER_FIELD_NUMBER: _ClassVar[int]
    roles: _containers.RepeatedCompositeFieldContainer[RoleAssignment]
    user: User
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ..., roles: _Optional[_Iterable[_Union[RoleAssignment, _Mapping]]] = ...) -> None: ...

class RevokeAPIKeyRequest(_message.Message):
    __slots__ = ["key_id"]
    KEY_ID_FIELD_NUMBER: _ClassVar[int]
    key_id: str
    def __init__(self, key_id: _Optional[str] = ...) -> None: ...

class RevokeAPIKeyResponse(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class RevokeRoleRequest(_message.Message):
    __slots__ = ["assignment_id"]
    ASSIGNMENT_ID_FIELD_NUMBER: _ClassVar[int]
    assignment_id: str
    def __init__(self, assignment_id: _Optional[str] = ...) -> None: ...

class RevokeRoleResponse(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class RoleAssignment(_message.Message):
    __slots__ = ["expires_at_millis", "group_id", "id", "role", "scope", "user_id"]
    EXPIRES_AT_MILLIS_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    expires_at_millis: int
    group_id: str
    id: str
    role: Role
    scope: Scope
    user_id: str
    def __init__(self, id: _Optional[str] = ..., user_id: _Optional[str] = ..., role: _Optional[_Union[Role, str]] = ..., scope: _Optional[_Union[Scope, _Mapping]] = ..., group_id: _Optional[str] = ..., expires_at_millis: _Optional[int] = ...) -> None: ...

class Scope(_message.Message):
    __slots__ = ["client_id", "group_id"]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    group_id: str
    def __init__(self, group_id: _Optional[str] = ..., client_id: _Optional[str] = ...) -> None: ...

class SetUserDisabledRequest(_message.Message):
    __slots__ = ["disabled", "group_id", "user_id"]
    DISABLED_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    disabled: bool
    group_id: str
    user_id: str
    def __init__(self, user_id: _Optional[str] = ..., group_id: _Optional[str] = ..., disabled: bool = ...) -> None: ...

class UpdateUserRequest(_message.Message):
    __slots__ = ["name", "password", "user_id"]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    password: str
    user_id: str
    def __init__(self, user_id: _Optional[str] = ..., name: _Optional[str] = ..., password: _Optional[str] = ...) -> None: ...

class User(_message.Message):
    __slots__ = ["created_at_millis", "disabled", "email", "group_id", "id", "must_change_password", "name"]
    CREATED_AT_MILLIS_FIELD_NUMBER: _ClassVar[int]
    DISABLED_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    MUST_CHANGE_PASSWORD_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    created_at_millis: int
    disabled: bool
    email: str
    group_id: str
    id: str
    must_change_password: bool
    name: str
    def __init__(self, id: _Optional[str] = ..., email: _Optional[str] = ..., name: _Optional[str] = ..., disabled: bool = ..., must_change_password: bool = ..., created_at_millis: _Optional[int] = ..., group_id: _Optional[str] = ...) -> None: ...

class WhoAmIRequest(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class WhoAmIResponse(_message.Message):
    __slots__ = ["api_key_id", "grants", "groups", "kind", "peer_uid", "user"]
    class Kind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = []
    API_KEY_ID_FIELD_NUMBER: _ClassVar[int]
    GRANTS_FIELD_NUMBER: _ClassVar[int]
    GROUPS_FIELD_NUMBER: _ClassVar[int]
    KIND_API_KEY: WhoAmIResponse.Kind
    KIND_FIELD_NUMBER: _ClassVar[int]
    KIND_LOCAL_OPERATOR: WhoAmIResponse.Kind
    KIND_UNSPECIFIED: WhoAmIResponse.Kind
    KIND_USER: WhoAmIResponse.Kind
    PEER_UID_FIELD_NUMBER: _ClassVar[int]
    USER_FIELD_NUMBER: _ClassVar[int]
    api_key_id: str
    grants: _containers.RepeatedCompositeFieldContainer[RoleAssignment]
    groups: _containers.RepeatedCompositeFieldContainer[Group]
    kind: WhoAmIResponse.Kind
    peer_uid: int
    user: User
    def __init__(self, kind: _Optional[_Union[WhoAmIResponse.Kind, str]] = ..., user: _Optional[_Union[User, _Mapping]] = ..., api_key_id: _Optional[str] = ..., peer_uid: _Optional[int] = ..., grants: _Optional[_Iterable[_Union[RoleAssignment, _Mapping]]] = ..., groups: _Optional[_Iterable[_Union[Group, _Mapping]]] = ...) -> None: ...

class Role(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
