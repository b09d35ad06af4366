/*
 * clientele.h - a small C client for clienteled: ttrpc over a Unix socket,
 * messages from libprotobuf-c (the generated code in clients/c/generated).
 *
 * Wire format: a 10-byte header (payload length u32 BE, stream id u32 BE,
 * type u8: 1 request, 2 response, flags u8) and at most 4 MiB of payload, a
 * ttrpc.Request or ttrpc.Response envelope. See docs/protocol.md.
 *
 * A connection carries one call at a time and is not thread-safe: use one per
 * thread (or a lock). Every call has its own stream id; an answer to an
 * earlier call that timed out is recognised by its id and skipped.
 *
 * Calls: a typed function for every RPC (clientele/services.h, generated from
 * proto/ and included at the end of this header), the generic clientele_call()
 * by service and method name, and clientele_call_raw() with encoded bytes.
 *
 * Errors: every function returning int returns a gRPC status code, 0 on
 * success, and fills a clientele_status (code and a malloc'd message) when
 * one is given. Free its message with clientele_status_clear().
 */
#ifndef CLIENTELE_H
#define CLIENTELE_H

#include <stddef.h>
#include <protobuf-c/protobuf-c.h>


#ifdef __cplusplus
extern "C" {
#endif

/* gRPC status codes (the only codes ttrpc carries). */
enum clientele_code {
    CLIENTELE_OK = 0,
    CLIENTELE_CANCELLED = 1,
    CLIENTELE_UNKNOWN = 2,
    CLIENTELE_INVALID_ARGUMENT = 3,
    CLIENTELE_DEADLINE_EXCEEDED = 4,
    CLIENTELE_NOT_FOUND = 5,
    CLIENTELE_ALREADY_EXISTS = 6,
    CLIENTELE_PERMISSION_DENIED = 7,
    CLIENTELE_RESOURCE_EXHAUSTED = 8,
    CLIENTELE_FAILED_PRECONDITION = 9,
    CLIENTELE_ABORTED = 10,
    CLIENTELE_OUT_OF_RANGE = 11,
    CLIENTELE_UNIMPLEMENTED = 12,
    CLIENTELE_INTERNAL = 13,
    CLIENTELE_UNAVAILABLE = 14,
    CLIENTELE_DATA_LOSS = 15,
    CLIENTELE_UNAUTHENTICATED = 16
};

#define CLIENTELE_HEADER_SIZE 10
#define CLIENTELE_MAX_MESSAGE_SIZE (4u << 20) /* 4 MiB, inclusive */

/* The outcome of a call: a status code and, unless OK, a message (malloc'd). */
typedef struct {
    int code;
    char *message;
} clientele_status;

#define CLIENTELE_STATUS_INIT {0, NULL}

/* One metadata entry; keys are lower case and may repeat. */
typedef struct {
    const char *key;
    const char *value;
} clientele_metadata;

typedef struct clientele_conn clientele_conn;

/* The code's name, e.g. "NOT_FOUND" for 5; "UNKNOWN" for a number outside 0..16. */
const char *clientele_code_name(int code);

/* Frees status->message and resets the status to OK. */
void clientele_status_clear(clientele_status *status);

/*
 * Connects to the daemon's socket. timeout_ms bounds the connect (0: none).
 * On success *out is a connection to close with clientele_close(); a failure
 * is UNAVAILABLE (or DEADLINE_EXCEEDED).
 */
int clientele_connect(const char *socket_path, int timeout_ms, clientele_conn **out, clientele_status *status);

/* Closes the socket and frees the connection; NULL is allowed. */
void clientele_close(clientele_conn *conn);

/*
 * Sets the token sent as "authorization: Bearer <token>" on every call (NULL:
 * none) unless a call's metadata has its own "authorization". Copied.
 */
int clientele_set_token(clientele_conn *conn, const char *token);

/*
 * Calls service/method (e.g. "clientele.v1.Clients", "GetClient").
 *
 * request:       the request message (NULL sends an empty payload).
 * response_desc: the descriptor of the answer's type; on OK *response is the
 *                decoded answer, to free with protobuf_c_message_free_unpacked(
 *                *response, NULL) (or the generated ..._free_unpacked).
 * metadata:      n_metadata entries (may be NULL/0), sent after the token.
 * timeout_ms:    deadline for the whole call, sent as timeout_nano and
 *                enforced by poll() on the socket; 0 means none. When it
 *                passes before the answer arrives: DEADLINE_EXCEEDED.
 *
 * Returns the status code (0 OK). The daemon's errors come back as its code
 * and message; the client's own are UNAVAILABLE (socket failed or closed; the
 * connection is then unusable, reconnect), DEADLINE_EXCEEDED,
 * RESOURCE_EXHAUSTED (request over 4 MiB) and INTERNAL (undecodable answer).
 */
int clientele_call(clientele_conn *conn, const char *service, const char *method,
                   const ProtobufCMessage *request, const ProtobufCMessageDescriptor *response_desc,
                   const clientele_metadata *metadata, size_t n_metadata, int timeout_ms,
                   ProtobufCMessage **response, clientele_status *status);

/*
 * The same with encoded bytes: on OK *response_payload is a malloc'd copy of
 * the answer's bytes (free() it; may be NULL when empty) of *response_len bytes.
 */
int clientele_call_raw(clientele_conn *conn, const char *service, const char *method,
                       const unsigned char *payload, size_t payload_len,
                       const clientele_metadata *metadata, size_t n_metadata, int timeout_ms,
                       unsigned char **response_payload, size_t *response_len, clientele_status *status);

/* Options of one typed call (clientele/services.h); a NULL pointer means all defaults. */
typedef struct {
    int timeout_ms;                      /* 0: the connection's (clientele_set_timeout); < 0: none */
    const char *idempotency_key;         /* sent as "idempotency-key" unless NULL */
    const clientele_metadata *metadata;  /* n_metadata more entries, sent after those */
    size_t n_metadata;
} clientele_call_options;

#define CLIENTELE_CALL_OPTIONS_INIT {0, NULL, NULL, 0}

/*
 * Sets the deadline of the typed calls made without their own timeout_ms
 * (0: none, the initial value). clientele_call() takes its timeout per call.
 */
void clientele_set_timeout(clientele_conn *conn, int timeout_ms);

/*
 * The typed call under every function of clientele/services.h: checks that a
 * request (NULL: an empty one) is a request_desc message, calls service/method
 * with the options' deadline and metadata, and decodes the answer as a
 * response_desc message into *response (NULL unless OK).
 */
int clientele_invoke(clientele_conn *conn, const char *service, const char *method,
                     const ProtobufCMessageDescriptor *request_desc, const ProtobufCMessage *request,
                     const ProtobufCMessageDescriptor *response_desc, ProtobufCMessage **response,
                     const clientele_call_options *options, clientele_status *status);

/* Frees a decoded answer (any message from libclientele); NULL is allowed. */
void clientele_free(void *message);

#ifdef __cplusplus
}
#endif

/* A typed function for every RPC, generated from proto/. */
#include "clientele/services.h"

#endif /* CLIENTELE_H */
