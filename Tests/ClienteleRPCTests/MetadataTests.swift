import ClienteleRPC
import Testing

@Suite("Metadata")
struct MetadataTests {
    @Test("keys are lower-cased, may repeat and keep their order")
    func repeatsAndCase() {
        var metadata = Metadata()
        metadata.append("Authorization", "Bearer a")
        metadata.append("x-tag", "1")
        metadata.append("X-Tag", "2")
        #expect(metadata["authorization"] == "Bearer a")
        #expect(metadata.values("x-tag") == ["1", "2"])
        metadata.replace("x-tag", with: "3")
        #expect(metadata.values("X-TAG") == ["3"])
        #expect(Metadata(metadata.keyValues) == metadata)
    }
}
