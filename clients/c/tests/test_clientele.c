/*
 * test-clientele SOCKET [OUT]: the C client against a real clienteled running
 * as this uid (so that BootstrapGroup, local operator only, needs no token).
 * Prints one line per check; exits 1 if any failed. With OUT, writes the
 * session token and the created client's id there (mode 0600), for running
 * the example program next.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clientele.h"
#include "clientele/v1/access.pb-c.h"

/* Debug daemons hash passwords slowly (scrypt): seconds per Login. */
#define SLOW_MS 120000

static int failures;

#define CHECK(cond, ...)                                  \
    do {                                                  \
        if (cond) {                                       \
            printf("ok    ");                             \
        } else {                                          \
            printf("FAIL  ");                             \
            failures++;                                   \
        }                                                 \
        printf(__VA_ARGS__);                              \
        printf("\n");                                     \
    } while (0)

static const char *msg(const clientele_status *s) { return s->message ? s->message : ""; }

int main(int argc, char **argv) {
    if (argc != 2 && argc != 3) {
        fprintf(stderr, "usage: %s SOCKET [OUT]\n", argv[0]);
        return 64;
    }
    const char *socket_path = argv[1];
    clientele_status st = CLIENTELE_STATUS_INIT;
    char suffix[64];
    snprintf(suffix, sizeof suffix, "%ld-%d", (long)time(NULL), (int)getpid());

    /* No daemon there: UNAVAILABLE, with a message. */
    clientele_conn *none = NULL;
    int code = clientele_connect("/nonexistent/clientele.sock", 1000, &none, &st);
    CHECK(code == CLIENTELE_UNAVAILABLE && none == NULL && st.message, "connect to a missing socket: %s: %s",
          clientele_code_name(code), msg(&st));

    clientele_conn *conn = NULL;
    code = clientele_connect(socket_path, 5000, &conn, &st);
    CHECK(code == CLIENTELE_OK, "connect %s: %s", socket_path, msg(&st));
    if (code != CLIENTELE_OK) return 1;

    /* Health, typed helper. */
    Clientele__V1__HealthCheckResponse *health = NULL;
    code = clientele_health_check(conn, SLOW_MS, &health, &st);
    CHECK(code == CLIENTELE_OK && health && health->status == CLIENTELE__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVING,
          "Health/Check: SERVING (%s)", code == CLIENTELE_OK ? health->server_version : msg(&st));
    if (health) clientele__v1__health_check_response__free_unpacked(health, NULL);

    /* BootstrapGroup as the local operator: no token. */
    char email[128];
    snprintf(email, sizeof email, "c-owner-%s@acme.example", suffix);
    const char *password = "a long enough password";
    Clientele__V1__BootstrapGroupRequest bootstrap = CLIENTELE__V1__BOOTSTRAP_GROUP_REQUEST__INIT;
    bootstrap.group_name = "C Group";
    bootstrap.owner_email = email;
    bootstrap.owner_name = "Cecilia Owner";
    bootstrap.owner_password = (char *)password;
    Clientele__V1__BootstrapGroupResponse *group = NULL;
    code = clientele_call(conn, "clientele.v1.Access", "BootstrapGroup", &bootstrap.base,
                          &clientele__v1__bootstrap_group_response__descriptor, NULL, 0, SLOW_MS,
                          (ProtobufCMessage **)&group, &st);
    CHECK(code == CLIENTELE_OK && group && group->group, "Access/BootstrapGroup as local operator: %s",
          code == CLIENTELE_OK ? group->group->id : msg(&st));
    if (code != CLIENTELE_OK) return 1;
    char *group_id = strdup(group->group->id);
    clientele__v1__bootstrap_group_response__free_unpacked(group, NULL);

    /* Login, then the token on every call. */
    Clientele__V1__LoginRequest login = CLIENTELE__V1__LOGIN_REQUEST__INIT;
    login.group_id = group_id;
    login.email = email;
    login.password = (char *)password;
    Clientele__V1__LoginResponse *session = NULL;
    code = clientele_call(conn, "clientele.v1.Access", "Login", &login.base, &clientele__v1__login_response__descriptor,
                          NULL, 0, SLOW_MS, (ProtobufCMessage **)&session, &st);
    CHECK(code == CLIENTELE_OK && session && session->token && *session->token, "Access/Login: token: %s",
          code == CLIENTELE_OK ? "yes" : msg(&st));
    if (code != CLIENTELE_OK) return 1;
    clientele_set_token(conn, session->token);
    char *token = strdup(session->token);
    clientele__v1__login_response__free_unpacked(session, NULL);

    /* CreateClient twice with one idempotency key: the same bytes. */
    char account[128], key[128];
    snprintf(account, sizeof account, "C Client %s", suffix);
    snprintf(key, sizeof key, "c-%s", suffix);
    Clientele__V1__ClientFields fields = CLIENTELE__V1__CLIENT_FIELDS__INIT;
    fields.account_name = account;
    Clientele__V1__CreateClientRequest create = CLIENTELE__V1__CREATE_CLIENT_REQUEST__INIT;
    create.group_id = group_id;
    create.fields = &fields;
    size_t create_len = clientele__v1__create_client_request__get_packed_size(&create);
    unsigned char *create_bytes = malloc(create_len);
    clientele__v1__create_client_request__pack(&create, create_bytes);
    clientele_metadata idem[] = {{"idempotency-key", key}};
    unsigned char *first = NULL, *second = NULL;
    size_t first_len = 0, second_len = 0;
    code = clientele_call_raw(conn, "clientele.v1.Clients", "CreateClient", create_bytes, create_len, idem, 1, SLOW_MS,
                              &first, &first_len, &st);
    CHECK(code == CLIENTELE_OK && first_len > 0, "Clients/CreateClient: %zu bytes %s", first_len, msg(&st));
    code = clientele_call_raw(conn, "clientele.v1.Clients", "CreateClient", create_bytes, create_len, idem, 1, SLOW_MS,
                              &second, &second_len, &st);
    CHECK(code == CLIENTELE_OK && first_len == second_len && first && second && memcmp(first, second, first_len) == 0,
          "CreateClient replayed with the same idempotency-key: same bytes %s", msg(&st));
    Clientele__V1__Client *created = first ? clientele__v1__client__unpack(NULL, first_len, first) : NULL;
    free(first);
    free(second);
    free(create_bytes);
    CHECK(created && created->id && strncmp(created->id, "cli_", 4) == 0, "created client %s",
          created ? created->id : "(none)");
    if (!created) return 1;

    /* GetClient, typed helper. */
    Clientele__V1__Client *fetched = NULL;
    code = clientele_get_client(conn, created->id, SLOW_MS, &fetched, &st);
    CHECK(code == CLIENTELE_OK && fetched && strcmp(fetched->id, created->id) == 0 && fetched->fields &&
              strcmp(fetched->fields->account_name, account) == 0,
          "Clients/GetClient: %s", code == CLIENTELE_OK ? fetched->fields->account_name : msg(&st));
    if (fetched) clientele__v1__client__free_unpacked(fetched, NULL);

    /* ListClients through the generic call. */
    Clientele__V1__ListClientsRequest list = CLIENTELE__V1__LIST_CLIENTS_REQUEST__INIT;
    list.group_id = group_id;
    list.page_size = 500;
    Clientele__V1__ListClientsResponse *page = NULL;
    code = clientele_call(conn, "clientele.v1.Clients", "ListClients", &list.base,
                          &clientele__v1__list_clients_response__descriptor, NULL, 0, SLOW_MS,
                          (ProtobufCMessage **)&page, &st);
    int listed = 0;
    for (size_t i = 0; page && i < page->n_clients; i++)
        if (strcmp(page->clients[i]->id, created->id) == 0) listed = 1;
    CHECK(code == CLIENTELE_OK && listed, "Clients/ListClients lists it (%zu clients) %s", page ? page->n_clients : 0,
          msg(&st));
    if (page) clientele__v1__list_clients_response__free_unpacked(page, NULL);

    /* Errors: the daemon's status code and message. */
    Clientele__V1__Client *missing = NULL;
    code = clientele_get_client(conn, "cli_doesnotexist", SLOW_MS, &missing, &st);
    CHECK(code == CLIENTELE_NOT_FOUND && st.code == 5 && missing == NULL && strstr(msg(&st), "not found"),
          "GetClient of a missing client: %s (%d): %s", clientele_code_name(code), code, msg(&st));

    unsigned char *nothing = NULL;
    size_t nothing_len = 0;
    code = clientele_call_raw(conn, "clientele.v1.Health", "Nope", NULL, 0, NULL, 0, SLOW_MS, &nothing, &nothing_len, &st);
    CHECK(code == CLIENTELE_UNIMPLEMENTED && strcmp(msg(&st), "method Nope") == 0, "unknown method: %s: %s",
          clientele_code_name(code), msg(&st));

    clientele_metadata bad_auth[] = {{"authorization", "Bearer not-a-token"}};
    code = clientele_call(conn, "clientele.v1.Clients", "ListClients", &list.base,
                          &clientele__v1__list_clients_response__descriptor, bad_auth, 1, SLOW_MS,
                          (ProtobufCMessage **)&page, &st);
    CHECK(code == CLIENTELE_UNAUTHENTICATED && page == NULL, "metadata authorization overrides the token: %s: %s",
          clientele_code_name(code), msg(&st));

    /* Deadline: Login (scrypt) cannot finish in 1 ms; the connection goes on. */
    code = clientele_call(conn, "clientele.v1.Access", "Login", &login.base, &clientele__v1__login_response__descriptor,
                          NULL, 0, 1, (ProtobufCMessage **)&session, &st);
    CHECK(code == CLIENTELE_DEADLINE_EXCEEDED && session == NULL, "Login with a 1 ms deadline: %s: %s",
          clientele_code_name(code), msg(&st));
    health = NULL;
    code = clientele_health_check(conn, SLOW_MS, &health, &st);
    CHECK(code == CLIENTELE_OK && health, "the same connection after a deadline (late answer skipped): %s",
          code == CLIENTELE_OK ? "OK" : msg(&st));
    if (health) clientele__v1__health_check_response__free_unpacked(health, NULL);
    /* Once more after the late Login answer has surely arrived. */
    usleep(200 * 1000);
    for (int i = 0; i < 3; i++) {
        Clientele__V1__Client *again = NULL;
        code = clientele_get_client(conn, created->id, SLOW_MS, &again, &st);
        CHECK(code == CLIENTELE_OK && again && strcmp(again->id, created->id) == 0, "GetClient after the deadline #%d %s",
              i + 1, msg(&st));
        if (again) clientele__v1__client__free_unpacked(again, NULL);
    }

    if (argc == 3) {
        FILE *out = fopen(argv[2], "w");
        CHECK(out && fchmod(fileno(out), 0600) == 0 && fprintf(out, "%s %s\n", token, created->id) > 0 &&
                  fclose(out) == 0,
              "wrote the token and client id to %s", argv[2]);
    }
    clientele__v1__client__free_unpacked(created, NULL);
    clientele_status_clear(&st);
    clientele_close(conn);
    free(group_id);

    free(token);
    printf("%s: %d failure(s)\n", failures ? "FAILED" : "PASSED", failures);
    return failures ? 1 : 0;
}
