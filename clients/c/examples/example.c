/*
 * clientele-example: checks the daemon's health and, given a client id, shows
 * that client.
 *
 *   clientele-example [--socket PATH] [--token TOKEN] [--timeout-ms N] [CLIENT_ID]
 *
 * The socket defaults to $CLIENTELE_SOCKET, else var/run/clienteled.sock; the
 * token to $CLIENTELE_TOKEN. Exits with the status code of a failed call.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clientele.h"

int main(int argc, char **argv) {
    const char *socket_path = getenv("CLIENTELE_SOCKET") ? getenv("CLIENTELE_SOCKET") : "var/run/clienteled.sock";
    const char *token = getenv("CLIENTELE_TOKEN");
    const char *client_id = NULL;
    int timeout_ms = 10000;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--socket") == 0 && i + 1 < argc) socket_path = argv[++i];
        else if (strcmp(argv[i], "--token") == 0 && i + 1 < argc) token = argv[++i];
        else if (strcmp(argv[i], "--timeout-ms") == 0 && i + 1 < argc) timeout_ms = atoi(argv[++i]);
        else if (argv[i][0] != '-' && !client_id) client_id = argv[i];
        else {
            fprintf(stderr, "usage: %s [--socket PATH] [--token TOKEN] [--timeout-ms N] [CLIENT_ID]\n", argv[0]);
            return 64;
        }
    }

    clientele_status status = CLIENTELE_STATUS_INIT;
    clientele_conn *conn = NULL;
    if (clientele_connect(socket_path, timeout_ms, &conn, &status) != CLIENTELE_OK) {
        fprintf(stderr, "clientele-example: %s: %s\n", clientele_code_name(status.code), status.message);
        int code = status.code;
        clientele_status_clear(&status);
        return code;
    }
    if (token) clientele_set_token(conn, token);
    clientele_set_timeout(conn, timeout_ms);

    Clientele__V1__HealthCheckResponse *health = NULL;
    if (clientele_health_check(conn, NULL, &health, NULL, &status) != CLIENTELE_OK) goto failed;
    printf("health: %s, version %s, store %s\n",
           protobuf_c_enum_descriptor_get_value(&clientele__v1__health_check_response__serving_status__descriptor,
                                                health->status)->name,
           health->server_version, health->store ? health->store->engine : "-");
    clientele__v1__health_check_response__free_unpacked(health, NULL);

    if (client_id) {
        Clientele__V1__GetClientRequest request = CLIENTELE__V1__GET_CLIENT_REQUEST__INIT;
        request.client_id = (char *)client_id;
        Clientele__V1__Client *client = NULL;
        if (clientele_clients_get_client(conn, &request, &client, NULL, &status) != CLIENTELE_OK) goto failed;
        printf("client %s: %s (version %lld, status %s)\n", client->id,
               client->fields ? client->fields->account_name : "",
               (long long)client->version,
               protobuf_c_enum_descriptor_get_value(&clientele__v1__client_status__descriptor, client->status)->name);
        clientele__v1__client__free_unpacked(client, NULL);
    }
    clientele_close(conn);
    return 0;

failed:
    fprintf(stderr, "clientele-example: %s (%d): %s\n", clientele_code_name(status.code), status.code, status.message);
    int code = status.code;
    clientele_status_clear(&status);
    clientele_close(conn);
    return code;
}
