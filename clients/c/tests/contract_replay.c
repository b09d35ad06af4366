/*
 * contract-replay SOCKET SERVICE METHOD REQUEST ANSWER [KEY=VALUE ...]: sends the
 * request message in the file REQUEST (its encoded bytes, as recorded by the
 * contract tests, Tests/Contract/) with the given metadata through libclientele,
 * and writes what came back to the file ANSWER as a ttrpc Response envelope:
 * the status code and message of a failed call, or the payload of a successful
 * one. Tests/Contract/contract.py --client c compares it with the recording.
 * Exits 0 when it got an answer (whatever its status), 1 on a local error.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clientele.h"
#include "ttrpc/ttrpc.pb-c.h"

#define CALL_MS 120000
#define MAX_METADATA 16

static unsigned char *read_file(const char *path, size_t *len) {
    FILE *file = fopen(path, "rb");
    if (!file) return NULL;
    size_t cap = 4096, n = 0;
    unsigned char *data = malloc(cap);
    size_t got;
    while (data && (got = fread(data + n, 1, cap - n, file)) > 0) {
        n += got;
        if (n == cap) {
            unsigned char *bigger = realloc(data, cap *= 2);
            if (!bigger) free(data);
            data = bigger;
        }
    }
    fclose(file);
    *len = n;
    return data;
}

int main(int argc, char **argv) {
    if (argc < 6 || argc - 6 > MAX_METADATA) {
        fprintf(stderr, "usage: %s SOCKET SERVICE METHOD REQUEST ANSWER [KEY=VALUE ...]\n", argv[0]);
        return 64;
    }
    size_t request_len = 0;
    unsigned char *request = read_file(argv[4], &request_len);
    if (!request) {
        perror(argv[4]);
        return 1;
    }

    clientele_metadata metadata[MAX_METADATA];
    char *pairs[MAX_METADATA];
    size_t n_metadata = 0;
    for (int i = 6; i < argc; i++) {
        char *pair = strdup(argv[i]);
        char *equals = pair ? strchr(pair, '=') : NULL;
        if (!equals) {
            fprintf(stderr, "contract-replay: metadata %s is not KEY=VALUE\n", argv[i]);
            return 64;
        }
        *equals = '\0';
        pairs[n_metadata] = pair;
        metadata[n_metadata].key = pair;
        metadata[n_metadata].value = equals + 1;
        n_metadata++;
    }

    clientele_status status = CLIENTELE_STATUS_INIT;
    clientele_conn *conn = NULL;
    unsigned char *payload = NULL;
    size_t payload_len = 0;
    int code = clientele_connect(argv[1], 5000, &conn, &status);
    if (code == CLIENTELE_OK) {
        code = clientele_call_raw(conn, argv[2], argv[3], request, request_len, metadata, n_metadata, CALL_MS,
                                  &payload, &payload_len, &status);
    }

    Google__Rpc__Status rpc_status = GOOGLE__RPC__STATUS__INIT;
    Ttrpc__Response answer = TTRPC__RESPONSE__INIT;
    if (code != CLIENTELE_OK) {
        rpc_status.code = code;
        rpc_status.message = status.message ? status.message : "";
        answer.status = &rpc_status;
    } else {
        answer.payload.data = payload;
        answer.payload.len = payload_len;
    }
    size_t size = ttrpc__response__get_packed_size(&answer);
    unsigned char *packed = malloc(size ? size : 1);
    int result = 1;
    FILE *out = packed ? fopen(argv[5], "wb") : NULL;
    if (out) {
        ttrpc__response__pack(&answer, packed);
        int written = fwrite(packed, 1, size, out) == size;
        result = fclose(out) == 0 && written ? 0 : 1;
    } else {
        perror(argv[5]);
    }

    free(packed);
    free(payload);
    clientele_status_clear(&status);
    clientele_close(conn);
    for (size_t i = 0; i < n_metadata; i++) free(pairs[i]);
    free(request);
    return result;
}
