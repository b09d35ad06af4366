/*
 * quickstart: the C client's typed calls from start to end. As the local
 * operator (the daemon's uid) it creates a group with an owner, signs in as
 * that owner, creates a client, tops up its account, lists the group's clients
 * and reads the client's balance.
 *
 *   quickstart [--socket PATH] [--email EMAIL] [--password PASSWORD] [--timeout-ms N]
 *
 * The socket defaults to $CLIENTELE_SOCKET, else var/run/clienteled.sock. The
 * owner's email defaults to one made unique by time and pid, so that every run
 * makes a new group. Exits with the status code of a failed call.
 *
 * Build against an installed library:
 *   cc quickstart.c $(pkg-config --cflags --libs clientele) -o quickstart
 */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <clientele.h>

static int failed(const char *what, clientele_status *status) {
    fprintf(stderr, "quickstart: %s: %s (%d): %s\n", what, clientele_code_name(status->code), status->code,
            status->message ? status->message : "");
    return status->code;
}

int main(int argc, char **argv) {
    const char *socket_path = getenv("CLIENTELE_SOCKET") ? getenv("CLIENTELE_SOCKET") : "var/run/clienteled.sock";
    const char *password = "correct horse battery staple";
    int timeout_ms = 120000; /* a debug daemon takes seconds to check a password */
    char email[128];
    snprintf(email, sizeof email, "owner-%ld-%d@quickstart.example", (long)time(NULL), (int)getpid());
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--socket") == 0 && i + 1 < argc) socket_path = argv[++i];
        else if (strcmp(argv[i], "--email") == 0 && i + 1 < argc) snprintf(email, sizeof email, "%s", argv[++i]);
        else if (strcmp(argv[i], "--password") == 0 && i + 1 < argc) password = argv[++i];
        else if (strcmp(argv[i], "--timeout-ms") == 0 && i + 1 < argc) timeout_ms = atoi(argv[++i]);
        else {
            fprintf(stderr, "usage: %s [--socket PATH] [--email EMAIL] [--password PASSWORD] [--timeout-ms N]\n",
                    argv[0]);
            return 64;
        }
    }

    clientele_status status = CLIENTELE_STATUS_INIT;
    clientele_conn *conn = NULL;
    int code = clientele_connect(socket_path, 5000, &conn, &status);
    if (code != CLIENTELE_OK) goto done;
    clientele_set_timeout(conn, timeout_ms); /* for every typed call below */

    /* 1. A group with its first owner (local operator only: no token needed). */
    Clientele__V1__BootstrapGroupRequest bootstrap = CLIENTELE__V1__BOOTSTRAP_GROUP_REQUEST__INIT;
    bootstrap.group_name = "Quickstart Ltd";
    bootstrap.owner_email = email;
    bootstrap.owner_name = "Quinn Owner";
    bootstrap.owner_password = (char *)password;
    Clientele__V1__BootstrapGroupResponse *group = NULL;
    if ((code = clientele_access_bootstrap_group(conn, &bootstrap, &group, NULL, &status)) != CLIENTELE_OK) {
        failed("Access/BootstrapGroup", &status);
        goto done;
    }
    char group_id[128];
    snprintf(group_id, sizeof group_id, "%s", group->group->id);
    printf("group:   %s (%s)\n", group_id, group->group->name);
    clientele__v1__bootstrap_group_response__free_unpacked(group, NULL);

    /* 2. Sign in as the owner; the token then goes with every call. */
    Clientele__V1__LoginRequest login = CLIENTELE__V1__LOGIN_REQUEST__INIT;
    login.group_id = group_id;
    login.email = email;
    login.password = (char *)password;
    Clientele__V1__LoginResponse *session = NULL;
    if ((code = clientele_access_login(conn, &login, &session, NULL, &status)) != CLIENTELE_OK) {
        failed("Access/Login", &status);
        goto done;
    }
    clientele_set_token(conn, session->token);
    printf("signed in as %s\n", email);
    clientele__v1__login_response__free_unpacked(session, NULL);

    /* 3. A client. A write takes an idempotency key: a retry answers the same. */
    char key[160];
    snprintf(key, sizeof key, "quickstart-create-%s", email);
    clientele_call_options once = CLIENTELE_CALL_OPTIONS_INIT;
    once.idempotency_key = key;
    char *billing_emails[] = {"billing@acme.example"};
    Clientele__V1__ClientFields fields = CLIENTELE__V1__CLIENT_FIELDS__INIT;
    fields.account_name = "Acme Corporation";
    fields.n_billing_emails = 1;
    fields.billing_emails = billing_emails;
    Clientele__V1__CreateClientRequest create = CLIENTELE__V1__CREATE_CLIENT_REQUEST__INIT;
    create.group_id = group_id;
    create.fields = &fields;
    Clientele__V1__Client *client = NULL;
    if ((code = clientele_clients_create_client(conn, &create, &client, &once, &status)) != CLIENTELE_OK) {
        failed("Clients/CreateClient", &status);
        goto done;
    }
    char client_id[128];
    snprintf(client_id, sizeof client_id, "%s", client->id);
    printf("created: %s %s\n", client->id, client->fields->account_name);
    clientele_free(client);

    /* 4. Top up its account (a billing write: its own key). */
    snprintf(key, sizeof key, "quickstart-credit-%s", email);
    Clientele__V1__PaymentDetails payment = CLIENTELE__V1__PAYMENT_DETAILS__INIT;
    payment.method = "bank_transfer";
    payment.reference = "QS-0001";
    Clientele__V1__AddCreditRequest credit = CLIENTELE__V1__ADD_CREDIT_REQUEST__INIT;
    credit.client_id = client_id;
    credit.amount_minor = 12345;
    credit.payment = &payment;
    Clientele__V1__PostEntryResponse *posted = NULL;
    if ((code = clientele_billing_add_credit(conn, &credit, &posted, &once, &status)) != CLIENTELE_OK) {
        failed("Billing/AddCredit", &status);
        goto done;
    }
    printf("credited: entry %s, %lld minor units\n", posted->entry->id, (long long)posted->entry->amount_minor);
    clientele_free(posted);

    /* 5. The group's clients, page by page. */
    Clientele__V1__ListClientsRequest list = CLIENTELE__V1__LIST_CLIENTS_REQUEST__INIT;
    list.group_id = group_id;
    list.page_size = 100;
    char *page_token = NULL;
    size_t listed = 0;
    for (;;) {
        Clientele__V1__ListClientsResponse *page = NULL;
        list.page_token = page_token ? page_token : "";
        code = clientele_clients_list_clients(conn, &list, &page, NULL, &status);
        free(page_token);
        page_token = NULL;
        if (code != CLIENTELE_OK) {
            failed("Clients/ListClients", &status);
            goto done;
        }
        for (size_t i = 0; i < page->n_clients; i++, listed++)
            printf("  %s  %s\n", page->clients[i]->id, page->clients[i]->fields->account_name);
        if (page->next_page_token && *page->next_page_token) page_token = strdup(page->next_page_token);
        clientele_free(page);
        if (!page_token) break;
    }
    printf("listed:  %zu client(s)\n", listed);

    /* 6. The client's balance, in its currency's minor units. */
    Clientele__V1__GetBalanceRequest get_balance = CLIENTELE__V1__GET_BALANCE_REQUEST__INIT;
    get_balance.client_id = client_id;
    Clientele__V1__Balance *balance = NULL;
    if ((code = clientele_billing_get_balance(conn, &get_balance, &balance, NULL, &status)) != CLIENTELE_OK) {
        failed("Billing/GetBalance", &status);
        goto done;
    }
    int exponent = balance->currency_exponent < 0 ? 0 : balance->currency_exponent > 18 ? 18 : balance->currency_exponent;
    long long scale = 1, minor = (long long)balance->balance_minor;
    for (int i = 0; i < exponent; i++) scale *= 10;
    char amount[64];
    if (exponent > 0)
        snprintf(amount, sizeof amount, "%s%lld.%0*lld", minor < 0 ? "-" : "", llabs(minor) / scale, exponent,
                 llabs(minor) % scale);
    else
        snprintf(amount, sizeof amount, "%lld", minor);
    printf("balance: %s %s (%lld minor units, %lld entries)\n", amount, balance->currency, minor,
           (long long)balance->entry_count);
    clientele_free(balance);

done:
    if (code != CLIENTELE_OK && !conn) failed("connect", &status);
    clientele_status_clear(&status);
    clientele_close(conn);
    return code;
}
