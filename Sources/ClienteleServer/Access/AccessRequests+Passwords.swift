import ClienteleProto

extension Clientele_V1_BootstrapGroupRequest: PasswordBearingRequest {
    var withoutPasswords: Self {
        var request = self
        request.ownerPassword = ""
        return request
    }
}

extension Clientele_V1_CreateUserRequest: PasswordBearingRequest {
    var withoutPasswords: Self {
        var request = self
        request.password = ""
        return request
    }
}

extension Clientele_V1_UpdateUserRequest: PasswordBearingRequest {
    var withoutPasswords: Self {
        var request = self
        request.password = ""
        return request
    }
}
