import ClienteleProto

extension Clientele_V1_CreateClientRequest: PasswordBearingRequest {
    var withoutPasswords: Self {
        var request = self
        if request.hasOwner { request.owner.password = "" }
        return request
    }
}
