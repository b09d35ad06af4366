/* clientele.c - ttrpc framing and calls over a Unix socket (see clientele.h). */
#define _GNU_SOURCE
#include "clientele.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "ttrpc/ttrpc.pb-c.h"

enum { FRAME_REQUEST = 1, FRAME_RESPONSE = 2 };

struct clientele_conn {
    int fd;
    uint32_t next_id;   /* odd, increasing */
    char *token;
    int timeout_ms;     /* of typed calls without their own; 0: none */
    int broken;         /* the byte stream is no longer usable */
    unsigned char *rbuf; /* received bytes not yet consumed as frames */
    size_t rlen, rcap;
};

static const char *const code_names[] = {
    "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
    "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
    "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
    "UNAUTHENTICATED",
};

const char *clientele_code_name(int code) {
    return code >= 0 && code <= 16 ? code_names[code] : "UNKNOWN";
}

void clientele_status_clear(clientele_status *status) {
    if (!status) return;
    free(status->message);
    status->message = NULL;
    status->code = CLIENTELE_OK;
}

/* Sets *status (if any) and returns code. */
static int fail(clientele_status *status, int code, const char *fmt, ...) {
    if (status) {
        char *message = NULL;
        va_list args;
        va_start(args, fmt);
        if (vasprintf(&message, fmt, args) < 0) message = NULL;
        va_end(args);
        free(status->message);
        status->code = code;
        status->message = message;
    }
    return code;
}

static int succeed(clientele_status *status) {
    clientele_status_clear(status);
    return CLIENTELE_OK;
}

static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Milliseconds left before deadline (-1: no deadline, as poll() takes it). */
static int remaining_ms(int64_t deadline) {
    if (deadline < 0) return -1;
    int64_t left = deadline - now_ms();
    return left <= 0 ? 0 : (left > INT32_MAX ? INT32_MAX : (int)left);
}

/* 1 when ready, 0 on timeout, -1 on error (errno set). */
static int wait_for(int fd, short events, int64_t deadline) {
    for (;;) {
        struct pollfd p = {.fd = fd, .events = events};
        int n = poll(&p, 1, remaining_ms(deadline));
        if (n < 0 && errno == EINTR) continue;
        return n < 0 ? -1 : (n > 0);
    }
}

int clientele_connect(const char *socket_path, int timeout_ms, clientele_conn **out, clientele_status *status) {
    *out = NULL;
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    if (!socket_path || strlen(socket_path) >= sizeof addr.sun_path)
        return fail(status, CLIENTELE_INVALID_ARGUMENT, "socket path missing or longer than %zu bytes",
                    sizeof addr.sun_path - 1);
    strcpy(addr.sun_path, socket_path);

    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) return fail(status, CLIENTELE_UNAVAILABLE, "socket: %s", strerror(errno));
    int64_t deadline = timeout_ms > 0 ? now_ms() + timeout_ms : -1;
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
        int err = errno;
        if (err == EINPROGRESS || err == EAGAIN) {
            int ready = wait_for(fd, POLLOUT, deadline);
            socklen_t len = sizeof err;
            if (ready == 0) {
                close(fd);
                return fail(status, CLIENTELE_DEADLINE_EXCEEDED, "connecting to %s timed out", socket_path);
            }
            if (ready < 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) err = errno;
        }
        if (err != 0) {
            close(fd);
            return fail(status, CLIENTELE_UNAVAILABLE, "cannot connect to %s: %s", socket_path, strerror(err));
        }
    }
    clientele_conn *conn = calloc(1, sizeof *conn);
    if (!conn) {
        close(fd);
        return fail(status, CLIENTELE_RESOURCE_EXHAUSTED, "out of memory");
    }
    conn->fd = fd;
    conn->next_id = 1;
    *out = conn;
    return succeed(status);
}

void clientele_close(clientele_conn *conn) {
    if (!conn) return;
    if (conn->fd >= 0) close(conn->fd);
    free(conn->token);
    free(conn->rbuf);
    free(conn);
}

int clientele_set_token(clientele_conn *conn, const char *token) {
    char *copy = NULL;
    if (token && !(copy = strdup(token))) return CLIENTELE_RESOURCE_EXHAUSTED;
    free(conn->token);
    conn->token = copy;
    return CLIENTELE_OK;
}

static void put_u32(unsigned char *p, uint32_t v) {
    p[0] = (unsigned char)(v >> 24); p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);  p[3] = (unsigned char)v;
}

static uint32_t get_u32(const unsigned char *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Sends all of buf; on failure returns a status code and sets *sent_any. */
static int send_all(clientele_conn *conn, const unsigned char *buf, size_t len, int64_t deadline,
                    int *sent_any, clientele_status *status) {
    size_t done = 0;
    while (done < len) {
        ssize_t n = send(conn->fd, buf + done, len - done, MSG_NOSIGNAL);
        if (n > 0) {
            done += (size_t)n;
            *sent_any = 1;
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            int ready = wait_for(conn->fd, POLLOUT, deadline);
            if (ready > 0) continue;
            if (ready == 0) return fail(status, CLIENTELE_DEADLINE_EXCEEDED, "deadline exceeded while sending");
        }
        return fail(status, CLIENTELE_UNAVAILABLE, "cannot send: %s", strerror(errno));
    }
    return CLIENTELE_OK;
}

/* Reads until a response frame for stream_id is complete in conn->rbuf; frames
 * of other streams (answers to calls that timed out) are dropped. On OK,
 * body and body_len point into rbuf and *consumed is the frame's total size. */
static int read_response(clientele_conn *conn, uint32_t stream_id, int64_t deadline,
                         const unsigned char **body, size_t *body_len, size_t *consumed,
                         clientele_status *status) {
    for (;;) {
        while (conn->rlen >= CLIENTELE_HEADER_SIZE) {
            uint32_t length = get_u32(conn->rbuf);
            uint32_t sid = get_u32(conn->rbuf + 4);
            unsigned char type = conn->rbuf[8];
            if (length > CLIENTELE_MAX_MESSAGE_SIZE) {
                conn->broken = 1;
                return fail(status, CLIENTELE_INTERNAL, "daemon sent a frame of %u bytes (over 4 MiB)", length);
            }
            size_t total = CLIENTELE_HEADER_SIZE + (size_t)length;
            if (conn->rlen < total) break;
            if (sid == stream_id && type == FRAME_RESPONSE) {
                *body = conn->rbuf + CLIENTELE_HEADER_SIZE;
                *body_len = length;
                *consumed = total;
                return CLIENTELE_OK;
            }
            memmove(conn->rbuf, conn->rbuf + total, conn->rlen - total);
            conn->rlen -= total;
        }
        if (conn->rcap - conn->rlen < 65536) {
            size_t cap = conn->rcap ? conn->rcap * 2 : 65536;
            while (cap - conn->rlen < 65536) cap *= 2;
            unsigned char *grown = realloc(conn->rbuf, cap);
            if (!grown) return fail(status, CLIENTELE_RESOURCE_EXHAUSTED, "out of memory");
            conn->rbuf = grown;
            conn->rcap = cap;
        }
        ssize_t n = recv(conn->fd, conn->rbuf + conn->rlen, conn->rcap - conn->rlen, 0);
        if (n > 0) {
            conn->rlen += (size_t)n;
            continue;
        }
        if (n == 0) {
            conn->broken = 1;
            return fail(status, CLIENTELE_UNAVAILABLE, "connection closed by the daemon");
        }
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            int ready = wait_for(conn->fd, POLLIN, deadline);
            if (ready > 0) continue;
            /* Bytes of a partial frame stay in rbuf: the stream stays in step. */
            if (ready == 0) return fail(status, CLIENTELE_DEADLINE_EXCEEDED, "deadline exceeded waiting for the answer");
        }
        conn->broken = 1;
        return fail(status, CLIENTELE_UNAVAILABLE, "cannot receive: %s", strerror(errno));
    }
}

int clientele_call_raw(clientele_conn *conn, const char *service, const char *method,
                       const unsigned char *payload, size_t payload_len,
                       const clientele_metadata *metadata, size_t n_metadata, int timeout_ms,
                       unsigned char **response_payload, size_t *response_len, clientele_status *status) {
    *response_payload = NULL;
    *response_len = 0;
    if (!conn || conn->fd < 0 || conn->broken)
        return fail(status, CLIENTELE_UNAVAILABLE, "connection is closed or broken; connect again");
    if (conn->next_id > UINT32_MAX - 2)
        return fail(status, CLIENTELE_RESOURCE_EXHAUSTED, "stream ids used up; connect again");
    int64_t deadline = timeout_ms > 0 ? now_ms() + timeout_ms : -1;

    /* The envelope. */
    int has_authorization = 0;
    for (size_t i = 0; i < n_metadata; i++)
        if (strcmp(metadata[i].key, "authorization") == 0) has_authorization = 1;
    char *bearer = NULL;
    if (conn->token && !has_authorization && asprintf(&bearer, "Bearer %s", conn->token) < 0)
        return fail(status, CLIENTELE_RESOURCE_EXHAUSTED, "out of memory");
    size_t n_kv = n_metadata + (bearer ? 1 : 0);
    Ttrpc__KeyValue *kvs = calloc(n_kv ? n_kv : 1, sizeof *kvs);
    Ttrpc__KeyValue **kv_ptrs = calloc(n_kv ? n_kv : 1, sizeof *kv_ptrs);
    if (!kvs || !kv_ptrs) {
        free(kvs); free(kv_ptrs); free(bearer);
        return fail(status, CLIENTELE_RESOURCE_EXHAUSTED, "out of memory");
    }
    for (size_t i = 0; i < n_kv; i++) {
        ttrpc__key_value__init(&kvs[i]);
        kvs[i].key = i < n_metadata ? (char *)metadata[i].key : "authorization";
        kvs[i].value = i < n_metadata ? (char *)metadata[i].value : bearer;
        kv_ptrs[i] = &kvs[i];
    }
    Ttrpc__Request request = TTRPC__REQUEST__INIT;
    request.service = (char *)service;
    request.method = (char *)method;
    request.payload.data = (uint8_t *)payload;
    request.payload.len = payload_len;
    request.timeout_nano = timeout_ms > 0 ? (int64_t)timeout_ms * 1000000 : 0;
    request.n_metadata = n_kv;
    request.metadata = kv_ptrs;

    size_t size = ttrpc__request__get_packed_size(&request);
    unsigned char *frame = size <= CLIENTELE_MAX_MESSAGE_SIZE ? malloc(CLIENTELE_HEADER_SIZE + size) : NULL;
    int code = CLIENTELE_OK;
    uint32_t stream_id = conn->next_id;
    if (size > CLIENTELE_MAX_MESSAGE_SIZE) {
        code = fail(status, CLIENTELE_RESOURCE_EXHAUSTED, "request of %zu bytes exceeds the maximum message size of %u",
                    size, CLIENTELE_MAX_MESSAGE_SIZE);
    } else if (!frame) {
        code = fail(status, CLIENTELE_RESOURCE_EXHAUSTED, "out of memory");
    } else {
        put_u32(frame, (uint32_t)size);
        put_u32(frame + 4, stream_id);
        frame[8] = FRAME_REQUEST;
        frame[9] = 0;
        ttrpc__request__pack(&request, frame + CLIENTELE_HEADER_SIZE);
        conn->next_id += 2;
    }
    free(kvs);
    free(kv_ptrs);
    free(bearer);
    if (code != CLIENTELE_OK) return code;

    int sent_any = 0;
    code = send_all(conn, frame, CLIENTELE_HEADER_SIZE + size, deadline, &sent_any, status);
    free(frame);
    if (code != CLIENTELE_OK) {
        if (sent_any || code == CLIENTELE_UNAVAILABLE) conn->broken = 1; /* a half-sent frame */
        return code;
    }

    /* The answer. */
    const unsigned char *body = NULL;
    size_t body_len = 0, consumed = 0;
    code = read_response(conn, stream_id, deadline, &body, &body_len, &consumed, status);
    if (code != CLIENTELE_OK) return code;
    Ttrpc__Response *response = ttrpc__response__unpack(NULL, body_len, body);
    memmove(conn->rbuf, conn->rbuf + consumed, conn->rlen - consumed);
    conn->rlen -= consumed;
    if (!response) return fail(status, CLIENTELE_INTERNAL, "undecodable response envelope");

    if (response->status && response->status->code != 0) {
        code = fail(status, response->status->code, "%s", response->status->message ? response->status->message : "");
    } else if (response->payload.len > 0) {
        *response_payload = malloc(response->payload.len);
        if (*response_payload) {
            memcpy(*response_payload, response->payload.data, response->payload.len);
            *response_len = response->payload.len;
            code = succeed(status);
        } else {
            code = fail(status, CLIENTELE_RESOURCE_EXHAUSTED, "out of memory");
        }
    } else {
        code = succeed(status);
    }
    ttrpc__response__free_unpacked(response, NULL);
    return code;
}

int clientele_call(clientele_conn *conn, const char *service, const char *method,
                   const ProtobufCMessage *request, const ProtobufCMessageDescriptor *response_desc,
                   const clientele_metadata *metadata, size_t n_metadata, int timeout_ms,
                   ProtobufCMessage **response, clientele_status *status) {
    *response = NULL;
    unsigned char *payload = NULL;
    size_t payload_len = 0;
    if (request) {
        payload_len = protobuf_c_message_get_packed_size(request);
        payload = malloc(payload_len ? payload_len : 1);
        if (!payload) return fail(status, CLIENTELE_RESOURCE_EXHAUSTED, "out of memory");
        protobuf_c_message_pack(request, payload);
    }
    unsigned char *answer = NULL;
    size_t answer_len = 0;
    int code = clientele_call_raw(conn, service, method, payload, payload_len, metadata, n_metadata, timeout_ms,
                                  &answer, &answer_len, status);
    free(payload);
    if (code != CLIENTELE_OK) return code;
    *response = protobuf_c_message_unpack(response_desc, NULL, answer_len, answer);
    free(answer);
    if (!*response) return fail(status, CLIENTELE_INTERNAL, "cannot decode %s", response_desc->name);
    return CLIENTELE_OK;
}

void clientele_set_timeout(clientele_conn *conn, int timeout_ms) {
    if (conn) conn->timeout_ms = timeout_ms > 0 ? timeout_ms : 0;
}

int clientele_invoke(clientele_conn *conn, const char *service, const char *method,
                     const ProtobufCMessageDescriptor *request_desc, const ProtobufCMessage *request,
                     const ProtobufCMessageDescriptor *response_desc, ProtobufCMessage **response,
                     const clientele_call_options *options, clientele_status *status) {
    *response = NULL;
    if (request && request->descriptor != request_desc)
        return fail(status, CLIENTELE_INVALID_ARGUMENT, "%s/%s takes a %s, not a %s", service, method,
                    request_desc->name, request->descriptor ? request->descriptor->name : "(no descriptor)");
    int timeout_ms = conn ? conn->timeout_ms : 0;
    if (options && options->timeout_ms != 0) timeout_ms = options->timeout_ms > 0 ? options->timeout_ms : 0;
    size_t n_extra = options ? options->n_metadata : 0;
    if (!options || !options->idempotency_key)
        return clientele_call(conn, service, method, request, response_desc, n_extra ? options->metadata : NULL,
                              n_extra, timeout_ms, response, status);
    clientele_metadata *metadata = calloc(n_extra + 1, sizeof *metadata);
    if (!metadata) return fail(status, CLIENTELE_RESOURCE_EXHAUSTED, "out of memory");
    metadata[0].key = "idempotency-key";
    metadata[0].value = options->idempotency_key;
    if (n_extra) memcpy(metadata + 1, options->metadata, n_extra * sizeof *metadata);
    int code = clientele_call(conn, service, method, request, response_desc, metadata, n_extra + 1, timeout_ms,
                              response, status);
    free(metadata);
    return code;
}

void clientele_free(void *message) {
    if (message) protobuf_c_message_free_unpacked((ProtobufCMessage *)message, NULL);
}
