public import ClienteleAccess
public import ClienteleStore

extension ClientRecord {
    /// The client as the authorization policy sees it.
    public var resource: Resource {
        Resource(groupID: self.groupID, clientID: self.id, managerUserID: self.managerUserID)
    }
}
