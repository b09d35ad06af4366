// Command quickstart shows the typed Go client end to end: it connects to a
// Clientele daemon, signs in, creates a client with an opening credit, lists
// the group's clients and reads the new client's balance.
//
//	go run ./examples/quickstart -socket var/run/clienteled.sock
//	    # as the local operator (the daemon's uid): bootstraps a new group first
//	go run ./examples/quickstart -group grp_... -email you@example.com
//	    # signs in to an existing group; the password from $CLIENTELE_PASSWORD
//
// The socket is -socket, else $CLIENTELE_SOCKET, else var/run/clienteled.sock.
// Every call goes through the stubs generated into clientelepb
// (clientelepb.NewClientsClient(conn).ListClients(ctx, req), ...). It exits 1 if a
// call fails or an answer is not what the calls before it promise (the new
// client missing from the list, a balance other than the opening credit).
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"flag"
	"fmt"
	"net"
	"os"
	"time"

	"github.com/clientele/clientele/clients/go/clientelepb"
	"github.com/containerd/ttrpc"
	"github.com/sirupsen/logrus"
	"google.golang.org/grpc/status"
)

func main() {
	socket := flag.String("socket", envOr("CLIENTELE_SOCKET", "var/run/clienteled.sock"), "the daemon's Unix socket")
	group := flag.String("group", "", "group to sign in to (default: bootstrap a new group, as the local operator)")
	email := flag.String("email", "owner@quickstart.example", "email to sign in with (the new group's owner when bootstrapping)")
	timeout := flag.Duration("timeout", 30*time.Second, "deadline of the whole run")
	flag.Parse()
	if flag.NArg() != 0 {
		fmt.Fprintln(os.Stderr, "usage: quickstart [-socket PATH] [-group GROUP -email EMAIL] [-timeout 30s]")
		os.Exit(2)
	}
	logrus.SetLevel(logrus.WarnLevel) // the ttrpc library logs through logrus

	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	if err := run(ctx, *socket, *group, *email, os.Getenv("CLIENTELE_PASSWORD")); err != nil {
		fmt.Fprintf(os.Stderr, "quickstart: %v\n", err)
		os.Exit(1)
	}
}

// failed describes a failed call: the daemon's status code and message, or the
// plain error (connection closed, deadline passed).
func failed(rpc string, err error) error {
	if st, ok := status.FromError(err); ok {
		return fmt.Errorf("%s: %v (%d): %s", rpc, st.Code(), int(st.Code()), st.Message())
	}
	return fmt.Errorf("%s: %v", rpc, err)
}

func run(ctx context.Context, socket, groupID, email, password string) error {
	conn, err := net.Dial("unix", socket)
	if err != nil {
		return err
	}
	client := ttrpc.NewClient(conn)
	defer client.Close()

	// One typed stub per service, all on the one connection.
	access := clientelepb.NewAccessClient(client)
	clients := clientelepb.NewClientsClient(client)
	billing := clientelepb.NewBillingClient(client)

	// 1. A group to work in: bootstrap one (local operator only, no token
	//    needed) or sign in to the one given.
	if groupID == "" {
		if password == "" {
			password = "qs-" + randomHex(12)
		}
		boot, err := access.BootstrapGroup(ctx, &clientelepb.BootstrapGroupRequest{
			GroupName:     "Quickstart " + randomHex(3),
			OwnerEmail:    email,
			OwnerName:     "Quinn Quickstart",
			OwnerPassword: password,
		})
		if err != nil {
			return failed("Access/BootstrapGroup", err)
		}
		groupID = boot.Group.Id
		fmt.Printf("bootstrapped group %s (%s), owner %s\n", boot.Group.Id, boot.Group.Name, boot.Owner.Email)
	} else if password == "" {
		return fmt.Errorf("-group needs the password in $CLIENTELE_PASSWORD")
	}
	login, err := access.Login(ctx, &clientelepb.LoginRequest{GroupId: groupID, Email: email, Password: password})
	if err != nil {
		return failed("Access/Login", err)
	}
	fmt.Printf("signed in as %s to group %s\n", login.User.Email, groupID)

	// 2. Every later call carries the session token in its metadata.
	ctx = ttrpc.WithMetadata(ctx, ttrpc.MD{"authorization": {"Bearer " + login.Token}})

	// 3. A client with an opening credit of 12.50 EUR.
	const credit = 1250
	created, err := clients.CreateClient(ctx, &clientelepb.CreateClientRequest{
		GroupId: groupID,
		Fields: &clientelepb.ClientFields{
			AccountName: "Quickstart Client " + randomHex(3),
			Currency:    "EUR",
		},
		OpeningCredit: &clientelepb.OpeningCredit{AmountMinor: credit, PaymentMethod: "bank_transfer"},
	})
	if err != nil {
		return failed("Clients/CreateClient", err)
	}
	fmt.Printf("created client %s %q (%v)\n", created.Id, created.Fields.AccountName, created.Status)

	// 4. The group's clients, every page.
	found := false
	request := &clientelepb.ListClientsRequest{GroupId: groupID, PageSize: 100}
	total := 0
	for {
		page, err := clients.ListClients(ctx, request)
		if err != nil {
			return failed("Clients/ListClients", err)
		}
		for _, c := range page.Clients {
			fmt.Printf("  %s  %-32s %v\n", c.Id, c.Fields.GetAccountName(), c.Status)
			found = found || c.Id == created.Id
			total++
		}
		if page.NextPageToken == "" {
			break
		}
		request.PageToken = page.NextPageToken
	}
	fmt.Printf("listed %d client(s)\n", total)
	if !found {
		return fmt.Errorf("Clients/ListClients: the new client %s is not in the list", created.Id)
	}

	// 5. Its balance, from Billing.
	balance, err := billing.GetBalance(ctx, &clientelepb.GetBalanceRequest{ClientId: created.Id})
	if err != nil {
		return failed("Billing/GetBalance", err)
	}
	fmt.Printf("balance of %s: %s %s (available %s, %d entries)\n", balance.ClientId,
		minor(balance.BalanceMinor, balance.CurrencyExponent), balance.Currency,
		minor(balance.AvailableMinor, balance.CurrencyExponent), balance.EntryCount)
	if balance.BalanceMinor != credit || balance.Currency != "EUR" {
		return fmt.Errorf("Billing/GetBalance: balance %d %s, want the opening credit %d EUR",
			balance.BalanceMinor, balance.Currency, credit)
	}
	return nil
}

// minor formats an amount in minor units with the currency's decimals: 1250, 2 -> "12.50".
func minor(amount int64, exponent int32) string {
	sign := ""
	if amount < 0 {
		sign, amount = "-", -amount
	}
	if exponent <= 0 {
		return fmt.Sprintf("%s%d", sign, amount)
	}
	scale := int64(1)
	for i := int32(0); i < exponent; i++ {
		scale *= 10
	}
	return fmt.Sprintf("%s%d.%0*d", sign, amount/scale, int(exponent), amount%scale)
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}
