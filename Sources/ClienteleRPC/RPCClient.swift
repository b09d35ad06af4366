public import Foundation
import NIOConcurrencyHelpers
public import NIOCore
public import NIOPosix
public import SwiftProtobuf

/// A connection to the daemon that carries any number of concurrent calls.
///
/// It connects on first use and again after the connection is lost (for
/// example when the daemon restarts); calls in flight at that moment fail with
/// UNAVAILABLE. Safe to share between tasks.
public final class RPCClient: Sendable {
    private struct Connection: Sendable {
        var channel: any Channel
        var handler: NIOLoopBound<ClientConnectionHandler>
    }

    public let socketPath: String
    private let group: any EventLoopGroup
    private enum State {
        case idle
        case connecting(EventLoopFuture<Connection>)
        case ready(Connection)
    }

    private let state = NIOLockedValueBox<State>(.idle)

    public init(socketPath: String, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.socketPath = socketPath
        self.group = group
    }

    /// Sends an encoded request and returns the encoded response.
    public func call(
        _ method: MethodDescriptor, payload: Data, options: CallOptions = .defaults
    ) async throws(RPCError)
        -> Data
    {
        let future = self.currentConnection().flatMap { connection in
            let promise = connection.channel.eventLoop.makePromise(of: Data.self)
            if connection.channel.eventLoop.inEventLoop {
                connection.handler.value.send(method, payload: payload, options: options, promise: promise)
            } else {
                connection.channel.eventLoop.execute {
                    connection.handler.value.send(method, payload: payload, options: options, promise: promise)
                }
            }
            return promise.futureResult
        }
        do {
            return try await future.get()
        } catch let error as RPCError {
            throw error
        } catch {
            throw RPCError(.unavailable, "call failed: \(error)")
        }
    }

    /// Sends a typed request and decodes the typed response.
    public func unary<Request: Message, Response: Message>(
        _ method: MethodDescriptor,
        request: Request,
        response: Response.Type = Response.self,
        options: CallOptions = .defaults
    ) async throws(RPCError) -> Response {
        let payload: Data
        do {
            payload = try request.serializedData()
        } catch {
            throw RPCError(.invalidArgument, "cannot encode \(Request.protoMessageName): \(error)")
        }
        let answer = try await self.call(method, payload: payload, options: options)
        do {
            return try Response(serializedBytes: answer)
        } catch {
            throw RPCError(.internal, "the daemon's answer is not a valid \(Response.protoMessageName)")
        }
    }

    /// Closes the connection; a later call opens a new one.
    public func close() async {
        let previous = self.state.withLockedValue { state in
            defer { state = .idle }
            return state
        }
        switch previous {
        case .idle: break
        case .connecting(let future): try? await future.get().channel.close()
        case .ready(let connection): try? await connection.channel.close()
        }
    }

    private func currentConnection() -> EventLoopFuture<Connection> {
        let (future, isNew) = self.state.withLockedValue { state in
            switch state {
            case .connecting(let future):
                return (future, false)
            case .ready(let connection) where connection.channel.isActive:
                return (connection.channel.eventLoop.makeSucceededFuture(connection), false)
            case .idle, .ready:
                let future = self.connect()
                state = .connecting(future)
                return (future, true)
            }
        }
        if isNew {
            // Registered outside the lock: an already failed future runs its callback at once.
            future.whenComplete { result in
                self.state.withLockedValue { state in
                    // Only the attempt still on record settles the state.
                    guard case .connecting(let pending) = state, pending === future else { return }
                    switch result {
                    case .success(let connection): state = .ready(connection)
                    case .failure: state = .idle
                    }
                }
            }
        }
        return future
    }

    private func connect() -> EventLoopFuture<Connection> {
        let path = self.socketPath
        return ClientBootstrap(group: self.group)
            .connect(unixDomainSocketPath: path)
            .flatMapThrowing { channel in
                let handler = ClientConnectionHandler(socketPath: path)
                try channel.pipeline.syncOperations.addHandler(handler)
                return Connection(channel: channel, handler: NIOLoopBound(handler, eventLoop: channel.eventLoop))
            }
            .flatMapErrorThrowing { error in
                throw RPCError(
                    .unavailable,
                    "no daemon is listening on \(path) (is clienteled running?): \(error)"
                )
            }
    }
}
