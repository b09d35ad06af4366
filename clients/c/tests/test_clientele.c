/*
 * test-clientele SOCKET [OUT]: the C client against a real clienteled running
 * as this uid (so that BootstrapGroup, local operator only, needs no token).
 * Calls through the generated typed functions (clientele/services.h) and the
 * generic and raw calls; calls every method of clientele_methods[] once to
 * prove the daemon knows its name. Prints one line per check; exits 1 if any
 * failed. With OUT, writes the
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

    /* The typed calls below take the connection's timeout. */
    clientele_set_timeout(conn, SLOW_MS);

    /* Health, typed, with an empty (NULL) request. */
    Clientele__V1__HealthCheckResponse *health = NULL;
    code = clientele_health_check(conn, NULL, &health, NULL, &st);
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
    code = clientele_access_bootstrap_group(conn, &bootstrap, &group, NULL, &st);
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
    code = clientele_access_login(conn, &login, &session, NULL, &st);
    CHECK(code == CLIENTELE_OK && session && session->token && *session->token, "Access/Login: token: %s",
          code == CLIENTELE_OK ? "yes" : msg(&st));
    if (code != CLIENTELE_OK) return 1;
    clientele_set_token(conn, session->token);
    char *token = strdup(session->token);
    clientele__v1__login_response__free_unpacked(session, NULL);

    /* WhoAmI, typed: the owner's grant on the new group. */
    Clientele__V1__WhoAmIResponse *me = NULL;
    code = clientele_access_who_am_i(conn, NULL, &me, NULL, &st);
    int granted = 0;
    for (size_t i = 0; me && i < me->n_grants; i++)
        if (me->grants[i]->group_id && strcmp(me->grants[i]->group_id, group_id) == 0) granted = 1;
    CHECK(code == CLIENTELE_OK && granted, "Access/WhoAmI: a grant on %s %s", group_id, msg(&st));
    clientele_free(me);

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

    /* CreateClient, typed, with the same key in the options: the first answer again. */
    clientele_call_options with_key = CLIENTELE_CALL_OPTIONS_INIT;
    with_key.idempotency_key = key;
    Clientele__V1__Client *replayed = NULL;
    code = clientele_clients_create_client(conn, &create, &replayed, &with_key, &st);
    CHECK(code == CLIENTELE_OK && replayed && strcmp(replayed->id, created->id) == 0,
          "Clients/CreateClient typed, idempotency_key option replays %s: %s", created->id,
          replayed ? replayed->id : msg(&st));
    clientele_free(replayed);
    /* The same key with other parameters: refused, so the option was sent. */
    fields.account_name = "Someone else";
    replayed = NULL;
    code = clientele_clients_create_client(conn, &create, &replayed, &with_key, &st);
    CHECK(code == CLIENTELE_INVALID_ARGUMENT && replayed == NULL,
          "the same idempotency_key with other parameters: %s: %s", clientele_code_name(code), msg(&st));
    fields.account_name = account;

    /* GetClient, typed. */
    Clientele__V1__GetClientRequest get = CLIENTELE__V1__GET_CLIENT_REQUEST__INIT;
    get.client_id = created->id;
    Clientele__V1__Client *fetched = NULL;
    code = clientele_clients_get_client(conn, &get, &fetched, NULL, &st);
    CHECK(code == CLIENTELE_OK && fetched && strcmp(fetched->id, created->id) == 0 && fetched->fields &&
              strcmp(fetched->fields->account_name, account) == 0,
          "Clients/GetClient: %s", code == CLIENTELE_OK ? fetched->fields->account_name : msg(&st));
    if (fetched) clientele__v1__client__free_unpacked(fetched, NULL);

    /* ListClients, typed. */
    Clientele__V1__ListClientsRequest list = CLIENTELE__V1__LIST_CLIENTS_REQUEST__INIT;
    list.group_id = group_id;
    list.page_size = 500;
    Clientele__V1__ListClientsResponse *page = NULL;
    code = clientele_clients_list_clients(conn, &list, &page, NULL, &st);
    int listed = 0;
    for (size_t i = 0; page && i < page->n_clients; i++)
        if (strcmp(page->clients[i]->id, created->id) == 0) listed = 1;
    CHECK(code == CLIENTELE_OK && listed, "Clients/ListClients lists it (%zu clients) %s", page ? page->n_clients : 0,
          msg(&st));
    if (page) clientele__v1__list_clients_response__free_unpacked(page, NULL);

    /* The same through the generic call. */
    page = NULL;
    code = clientele_call(conn, "clientele.v1.Clients", "ListClients", &list.base,
                          &clientele__v1__list_clients_response__descriptor, NULL, 0, SLOW_MS,
                          (ProtobufCMessage **)&page, &st);
    CHECK(code == CLIENTELE_OK && page && page->n_clients > 0, "Clients/ListClients, generic call: %zu clients %s",
          page ? page->n_clients : 0, msg(&st));
    clientele_free(page);

    /* Billing, typed: a credit (with a key), then the balance and the ledger. */
    char credit_key[160];
    snprintf(credit_key, sizeof credit_key, "c-credit-%s", suffix);
    clientele_call_options credit_options = CLIENTELE_CALL_OPTIONS_INIT;
    credit_options.idempotency_key = credit_key;
    Clientele__V1__PaymentDetails payment = CLIENTELE__V1__PAYMENT_DETAILS__INIT;
    payment.method = "bank_transfer";
    payment.reference = "C-TEST-1";
    Clientele__V1__AddCreditRequest credit = CLIENTELE__V1__ADD_CREDIT_REQUEST__INIT;
    credit.client_id = created->id;
    credit.amount_minor = 2500;
    credit.payment = &payment;
    Clientele__V1__PostEntryResponse *posted = NULL;
    code = clientele_billing_add_credit(conn, &credit, &posted, &credit_options, &st);
    CHECK(code == CLIENTELE_OK && posted && posted->balance && posted->balance->balance_minor == 2500 && posted->entry &&
              posted->entry->kind == CLIENTELE__V1__ENTRY_KIND__ENTRY_KIND_CREDIT,
          "Billing/AddCredit 2500: balance %lld %s", posted && posted->balance ? (long long)posted->balance->balance_minor : -1LL,
          msg(&st));
    clientele__v1__post_entry_response__free_unpacked(posted, NULL);

    Clientele__V1__GetBalanceRequest balance_request = CLIENTELE__V1__GET_BALANCE_REQUEST__INIT;
    balance_request.client_id = created->id;
    Clientele__V1__Balance *balance = NULL;
    code = clientele_billing_get_balance(conn, &balance_request, &balance, NULL, &st);
    CHECK(code == CLIENTELE_OK && balance && balance->balance_minor == 2500 && balance->entry_count == 1 &&
              strcmp(balance->client_id, created->id) == 0,
          "Billing/GetBalance: %lld minor units of %s, %lld entries %s", balance ? (long long)balance->balance_minor : -1LL,
          balance ? balance->currency : "-", balance ? (long long)balance->entry_count : -1LL, msg(&st));
    clientele_free(balance);

    Clientele__V1__ListEntriesRequest entries_request = CLIENTELE__V1__LIST_ENTRIES_REQUEST__INIT;
    entries_request.client_id = created->id;
    Clientele__V1__ListEntriesResponse *entries = NULL;
    code = clientele_billing_list_entries(conn, &entries_request, &entries, NULL, &st);
    CHECK(code == CLIENTELE_OK && entries && entries->n_entries == 1 && entries->entries[0]->amount_minor == 2500,
          "Billing/ListEntries: %zu entry %s", entries ? entries->n_entries : 0, msg(&st));
    clientele_free(entries);

    /* Errors: the daemon's status code and message, through the typed call. */
    Clientele__V1__GetClientRequest get_missing = CLIENTELE__V1__GET_CLIENT_REQUEST__INIT;
    get_missing.client_id = "cli_doesnotexist";
    Clientele__V1__Client *missing = NULL;
    code = clientele_clients_get_client(conn, &get_missing, &missing, NULL, &st);
    CHECK(code == CLIENTELE_NOT_FOUND && st.code == 5 && missing == NULL && strstr(msg(&st), "not found"),
          "Clients/GetClient of a missing client: %s (%d): %s", clientele_code_name(code), code, msg(&st));

    Clientele__V1__Balance *no_balance = NULL;
    balance_request.client_id = "cli_doesnotexist";
    code = clientele_billing_get_balance(conn, &balance_request, &no_balance, NULL, &st);
    CHECK(code == CLIENTELE_NOT_FOUND && no_balance == NULL, "Billing/GetBalance of a missing client: %s: %s",
          clientele_code_name(code), msg(&st));

    /* A request of the wrong type is refused before anything is sent. */
    missing = NULL;
    code = clientele_clients_get_client(conn, (const Clientele__V1__GetClientRequest *)&list, &missing, NULL, &st);
    CHECK(code == CLIENTELE_INVALID_ARGUMENT && missing == NULL && strstr(msg(&st), "clientele.v1.GetClientRequest"),
          "a ListClientsRequest given to clientele_clients_get_client: %s: %s", clientele_code_name(code), msg(&st));

    unsigned char *nothing = NULL;
    size_t nothing_len = 0;
    code = clientele_call_raw(conn, "clientele.v1.Health", "Nope", NULL, 0, NULL, 0, SLOW_MS, &nothing, &nothing_len, &st);
    CHECK(code == CLIENTELE_UNIMPLEMENTED && strcmp(msg(&st), "method Nope") == 0, "unknown method: %s: %s",
          clientele_code_name(code), msg(&st));

    clientele_metadata bad_auth[] = {{"authorization", "Bearer not-a-token"}};
    clientele_call_options bad_options = CLIENTELE_CALL_OPTIONS_INIT;
    bad_options.metadata = bad_auth;
    bad_options.n_metadata = 1;
    page = NULL;
    code = clientele_clients_list_clients(conn, &list, &page, &bad_options, &st);
    CHECK(code == CLIENTELE_UNAUTHENTICATED && page == NULL, "metadata authorization overrides the token: %s: %s",
          clientele_code_name(code), msg(&st));

    /* Deadline: Login (scrypt) cannot finish in 1 ms; the connection goes on. */
    clientele_call_options one_ms = CLIENTELE_CALL_OPTIONS_INIT;
    one_ms.timeout_ms = 1;
    session = NULL;
    code = clientele_access_login(conn, &login, &session, &one_ms, &st);
    CHECK(code == CLIENTELE_DEADLINE_EXCEEDED && session == NULL, "Login with a 1 ms deadline: %s: %s",
          clientele_code_name(code), msg(&st));
    health = NULL;
    code = clientele_health_check(conn, NULL, &health, NULL, &st);
    CHECK(code == CLIENTELE_OK && health, "the same connection after a deadline (late answer skipped): %s",
          code == CLIENTELE_OK ? "OK" : msg(&st));
    if (health) clientele__v1__health_check_response__free_unpacked(health, NULL);
    /* Once more after the late Login answer has surely arrived. */
    usleep(200 * 1000);
    for (int i = 0; i < 3; i++) {
        Clientele__V1__Client *again = NULL;
        code = clientele_clients_get_client(conn, &get, &again, NULL, &st);
        CHECK(code == CLIENTELE_OK && again && strcmp(again->id, created->id) == 0, "GetClient after the deadline #%d %s",
              i + 1, msg(&st));
        if (again) clientele__v1__client__free_unpacked(again, NULL);
    }

    /* Every generated method's name is one the daemon serves: no UNIMPLEMENTED,
     * called with an empty request on a connection without a token (so no
     * call can change anything). */
    clientele_conn *anonymous = NULL;
    code = clientele_connect(socket_path, 5000, &anonymous, &st);
    CHECK(code == CLIENTELE_OK, "second connection, no token: %s", msg(&st));
    int unknown = 0;
    for (size_t i = 0; anonymous && i < CLIENTELE_N_METHODS; i++) {
        const clientele_method *m = &clientele_methods[i];
        ProtobufCMessage *answer = NULL;
        code = clientele_invoke(anonymous, m->service, m->method, m->input, NULL, m->output, &answer, NULL, &st);
        if (code == CLIENTELE_UNIMPLEMENTED || code == CLIENTELE_UNAVAILABLE || code == CLIENTELE_INTERNAL) {
            printf("      %s/%s: %s: %s\n", m->service, m->method, clientele_code_name(code), msg(&st));
            unknown++;
        }
        clientele_free(answer);
    }
    CHECK(anonymous && unknown == 0, "all %d generated methods are served (%d unknown)", CLIENTELE_N_METHODS, unknown);
    clientele_close(anonymous);

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
