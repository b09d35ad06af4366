import ArgumentParser
import ClienteleRPC
import Foundation
import Testing

@testable import clientele

@Suite("Tables: display width, enums, times, money")
struct HumanOutputTests {
    @Test(
        "display width: CJK and fullwidth take two columns, combining marks none",
        arguments: [
            ("abc", 3), ("東京", 4), ("株式会社", 8), ("Zoe\u{0308}", 3), ("Café", 4), ("Ｆｕｌｌ", 8),
            ("한국어", 6), ("e\u{0301}\u{0327}", 1), ("", 0),
        ])
    func width(text: String, columns: Int) {
        #expect(DisplayWidth.of(text) == columns)
    }

    @Test("a table aligns wide and combined text by display width")
    func alignment() {
        let text = TableOutput.render([
            ["NAME", "CITY"], ["東京株式会社", "Tōkyō"], ["Zoe\u{0308} Café", "Köln"], ["x", "y"],
        ])
        let lines = text.split(separator: "\n").map(String.init)
        // the second column starts at the same display column on every line
        let starts = lines.map { line -> Int in
            let name = line.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
            let cityStart = line.range(
                of: "  ", options: [], range: line.index(line.startIndex, offsetBy: name.count)..<line.endIndex)
            return DisplayWidth.of(String(line[..<cityStart!.lowerBound])) + 2
                + DisplayWidth.of(String(line[cityStart!.upperBound...]).prefix { $0 == " " }.description)
        }
        #expect(Set(starts).count == 1, "\(text)")
        #expect(starts.first == DisplayWidth.of("東京株式会社") + 2)
    }

    @Test("truncation counts display columns")
    func truncation() {
        #expect(DisplayWidth.truncate("東京株式会社", to: 7) == "東京株…")
        #expect(DisplayWidth.of(DisplayWidth.truncate(String(repeating: "東", count: 40), to: 60)) <= 60)
    }

    @Test("enum values as they are typed, times in RFC 3339, amounts with their currency")
    func humanCells() throws {
        let answer = try JSONValue.parse(
            #"{"clients":[{"id":"cli_1","status":"CLIENT_STATUS_ACTIVE","created_at_millis":"1796580648596","#
                + #""fields":{"currency":"EUR","credit_limit_minor":"1250"}},"#
                + #"{"id":"cli_2","status":"CLIENT_STATUS_PENDING","created_at_millis":"0","fields":{"currency":"JPY","credit_limit_minor":"1250"}}]}"#
        )
        let text = TableOutput.render(
            answer, columns: ["id", "status", "created_at_millis", "fields.credit_limit_minor"])
        let lines = text.split(separator: "\n").map {
            $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        }
        #expect(lines[0] == "ID STATUS CREATED_AT CREDIT_LIMIT")
        #expect(lines[1] == "cli_1 active 2026-12-06T18:10:48Z 12.50 EUR")
        #expect(lines[2] == "cli_2 pending 1250 JPY")
    }

    @Test("one record: FIELD/VALUE lines with the same rules; the balance's own exponent wins")
    func record() throws {
        let balance = try JSONValue.parse(
            #"{"client_id":"cli_1","currency":"KWD","currency_exponent":3,"balance_minor":"-1250","role":"ROLE_OWNER"}"#
        )
        let text = TableOutput.render(balance, columns: [])
        #expect(text.contains("\nbalance            -1.250 KWD\n"))
        #expect(text.contains("\nrole               owner\n"))
    }

    @Test("enum prefixes are stripped as the flags take them")
    func typedNames() {
        #expect(ProtoCatalog.typedName(of: "MEMBER_ROLE_ADMIN", in: "MemberRole") == "admin")
        #expect(ProtoCatalog.typedName(of: "KIND_LOCAL_OPERATOR", in: "Kind") == "local_operator")
        #expect(TableOutput.typedEnumValues["ROLE_PARTNER_STAFF"] == "partner_staff")
        #expect(TableOutput.typedEnumValues["CLIENT_STATUS_CLOSED"] == "closed")
    }
}

@Suite("--output json|yaml and --fields")
struct PrinterTests {
    let answer = try! JSONValue.parse(
        #"{"clients":[{"id":"cli_1","fields":{"account_name":"Nordwind","login":"nw"}},{"id":"cli_2","fields":{"account_name":"東京"}}],"next_page_token":""}"#
    )

    @Test("json with --fields keeps the picked keys of each record, nested as they were")
    func jsonFields() {
        let printer = Printer(format: .json, fields: ["id", "fields.account_name"])
        #expect(
            printer.render(self.answer)
                == #"{"clients":[{"id":"cli_1","fields":{"account_name":"Nordwind"}},{"id":"cli_2","fields":{"account_name":"東京"}}],"next_page_token":""}"#
                + "\n")
    }

    @Test("--fields on one record picks its keys")
    func recordFields() throws {
        let health = try JSONValue.parse(#"{"status":"SERVING","server_version":"0.1.0","uptime_millis":"5"}"#)
        #expect(Printer(format: .json, fields: ["status"]).render(health) == #"{"status":"SERVING"}"# + "\n")
        #expect(
            Printer(format: .yaml, fields: ["status", "server_version"]).render(health)
                == "status: SERVING\nserver_version: 0.1.0\n")
    }

    @Test("yaml quotes what would read back otherwise")
    func yaml() throws {
        let value = try JSONValue.parse(
            #"{"a":"true","b":"1250","c":"x: y","d":[{"e":"f","g":[]}],"h":{},"i":"plain text"}"#)
        #expect(
            YAMLRendering.document(value)
                == "a: \"true\"\nb: \"1250\"\nc: \"x: y\"\nd:\n- e: f\n  g: []\nh: {}\ni: plain text\n")
    }

    @Test("a table with --fields shows those columns")
    func tableFields() {
        let text = Printer(format: .table, fields: ["fields.account_name"]).render(self.answer, columns: ["id"])
        #expect(text == "ACCOUNT_NAME\nNordwind\n東京\n")
    }
}

@Suite("JSON requests: errors that say where and what")
struct RequestJSONTests {
    @Test(
        "syntax errors give the line, the column and the reason in words",
        arguments: [
            (#"{"client_id": "cli_x",}"#, "line 1, column 23: a comma before '}' (JSON allows no trailing comma)"),
            (
                "{\n  \"client_id\": \"cli_x\"\n  \"x\": 1}",
                "line 3, column 3: expected ',' or '}' after an object member"
            ),
            (#"{"client_id": "cli_x"#, "line 1, column 15: this string is not closed"),
            (#"{"a": tru}"#, "line 1, column 10: unexpected '}' in true"),
            (#"{"a": 1} x"#, "line 1, column 10: unexpected 'x' after the end of the JSON value"),
            (#"{"ü": x}"#, "line 1, column 7: unexpected 'x' where a value was expected"),
        ])
    func syntax(json: String, message: String) {
        #expect(throws: (any Error).self) { try JSONValue.parse(json) }
        do {
            _ = try JSONValue.parse(json)
        } catch let error as JSONValue.SyntaxError {
            #expect(error.describe(in: Array(json.utf8)) == message)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    private func problem(_ json: String, _ message: String) throws -> String? {
        RequestJSON.problem(in: try JSONValue.parse(json), message: message, path: "", catalog: .builtIn)
    }

    @Test("an unknown enum value lists the valid ones")
    func enumValues() throws {
        let text = try #require(try self.problem(#"{"block": "BLOCKED"}"#, "clientele.v1.ListClientsRequest"))
        #expect(text.contains("field block: BLOCKED is not a value of clientele.v1.BlockFilter"))
        #expect(text.contains("BLOCK_FILTER_BLOCKED"))
        #expect(text.contains("valid: BLOCK_FILTER_"))
    }

    @Test("a wrong type names the field and the type it takes")
    func wrongTypes() throws {
        #expect(
            try self.problem(#"{"client_id": 5}"#, "clientele.v1.GetClientRequest")
                == "field client_id takes a string, not the number 5")
        #expect(
            try self.problem(#"{"client_id": "c", "amount_minor": "ten"}"#, "clientele.v1.AddCreditRequest")?
                .hasPrefix("field amount_minor takes an integer") == true)
        #expect(
            try self.problem(#"{"fields": {"address": {"country": 1}}}"#, "clientele.v1.UpdateClientRequest")?
                .hasPrefix("field fields.address.country takes a string") == true)
        #expect(
            try self.problem(#"{"client": "x"}"#, "clientele.v1.GetClientRequest")?
                .contains("has no field client (did you mean client_id?)") == true)
        #expect(try self.problem(#"{"client_id": "x", "amount_minor": 1250}"#, "clientele.v1.AddCreditRequest") == nil)
    }

    @Test("a missing request file gives the system's reason")
    func missingFile() {
        do {
            _ = try RequestJSON.readFile("/nonexistent/missing.json", what: "the request file")
            Issue.record("read a missing file")
        } catch let error as ValidationError {
            #expect(
                error.message == "cannot read the request file /nonexistent/missing.json: No such file or directory")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}

@Suite("Usage: did you mean, deprecated spellings, the context's group")
struct UsageTests {
    @Test("edit distance counts a swap of neighbours as one")
    func distance() {
        #expect(Suggestion.distance("clietns", "clients") == 1)
        #expect(Suggestion.distance("grups", "groups") == 1)
        #expect(Suggestion.closest(to: "clietns", among: ["clients", "contacts", "call"]).first == "clients")
        #expect(Suggestion.closest(to: "zzz", among: ["clients"]).isEmpty)
    }

    private func prepare(
        _ arguments: [String], group: String? = nil
    ) -> Result<CommandLineRewrite.Rewritten, CommandLineRewrite.UnknownCommand> {
        var context = CLIConfig()
        context[.group] = group
        return CommandLineRewrite.prepare(arguments, context: context)
    }

    @Test("a misspelt command says so, guesses, and lists the commands")
    func unknownCommand() throws {
        guard case .failure(let error) = self.prepare(["clietns", "list"]) else { Issue.record("accepted"); return }
        #expect(error.text.contains("there is no `clientele clietns` command; did you mean `clientele clients`?"))
        guard case .failure(let other) = self.prepare(["contacts", "list", "--client-id", "x"]) else {
            Issue.record("accepted")
            return
        }
        #expect(other.text.contains("there is no `clientele contacts list` command"))
        #expect(other.text.contains("`clientele contacts` has: add, update, remove"))
        #expect(other.text.contains("Usage: clientele contacts"))
    }

    @Test("old spellings are rewritten with a note")
    func deprecated() throws {
        let rewritten = try self.prepare(["groups", "people", "--group", "grp_1", "--output", "table"]).get()
        #expect(rewritten.arguments == ["groups", "people", "--group-id", "grp_1", "--output", "table"])
        #expect(rewritten.notes == ["--group is deprecated; use --group-id"])
        let explain = try self.prepare([
            "explain", "--user=usr_1", "--client", "cli_1", "--group-id", "g", "--action", "a",
        ]).get()
        #expect(
            explain.arguments == [
                "explain", "--user-id=usr_1", "--client-id", "cli_1", "--group-id", "g", "--action", "a",
            ])
        let template = try self.prepare(["clients", "template", "--output", "t.csv"]).get()
        #expect(template.arguments == ["clients", "template", "--file", "t.csv"])
        #expect(template.notes == ["--output is deprecated; use --file"])
    }

    @Test("the context's group is added where --group-id is required and missing")
    func contextGroup() throws {
        #expect(
            try self.prepare(["clients", "list"], group: "grp_c").get().arguments == [
                "clients", "list", "--group-id", "grp_c",
            ])
        #expect(
            try self.prepare(["clients", "list", "--group-id", "grp_x"], group: "grp_c").get().arguments.count == 4)
        #expect(try self.prepare(["clients", "get", "--client-id", "c"], group: "grp_c").get().arguments.count == 4)
        #expect(
            try self.prepare(["accounts", "create", "--client-id", "c"], group: "grp_c").get().arguments.count == 4)
        #expect(try self.prepare(["clients", "list"]).get().arguments == ["clients", "list"])
    }
}

@Suite("Errors that say what to do")
struct CallFailureTests {
    @Test("the local operator without a token is told to log in")
    func operatorHint() {
        let (_, hint) = CallFailure.explain(
            RPCError(.notFound, "group grp_x not found"),
            context: .init(socketPath: "/s", tokenSource: Credentials.Source.none))
        #expect(
            hint?.contains("you are calling as the local operator without a token: run `clientele login --group-id")
                == true)
        let (_, withToken) = CallFailure.explain(
            RPCError(.notFound, "group grp_x not found"), context: .init(socketPath: "/s", tokenSource: .flag))
        #expect(withToken == nil)
    }

    @Test("UNAUTHENTICATED names the token's source")
    func tokenSource() {
        let error = RPCError(.unauthenticated, "invalid, expired or revoked credentials")
        #expect(
            CallFailure.explain(error, context: .init(tokenSource: .environment)).hint?.contains("$CLIENTELE_TOKEN")
                == true)
        #expect(
            CallFailure.explain(error, context: .init(tokenSource: .file("/h/.config/clientele/token"))).hint?
                .contains("/h/.config/clientele/token") == true)
        #expect(CallFailure.explain(error, context: .init(tokenSource: .flag)).hint?.contains("--token") == true)
    }

    @Test("a missing socket says no daemon listens and names the path; the line is balanced JSON")
    func missingSocket() throws {
        let error = RPCError(
            .unavailable,
            "no daemon is listening on /nonexistent/x.sock (is clienteled running?): connect(descriptor:addr:size:): No such file or directory (errno: 2)"
        )
        let (message, hint) = CallFailure.explain(error, context: .init())
        #expect(message == "no daemon listens on /nonexistent/x.sock: there is no such socket")
        #expect(hint?.hasPrefix("is clienteled running?") == true)
        let line = CallFailure.line(code: error.code, message: message, hint: hint)
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String]
        #expect(object?["code"] == "unavailable" || object?["code"] == "UNAVAILABLE")
        #expect(!line.contains("errno") && !line.contains("descriptor:"))
    }
}
