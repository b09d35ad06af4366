// Command clientele-interop checks that a Clientele daemon speaks ttrpc the
// way the Go library github.com/containerd/ttrpc (1.1) expects, using only
// that library's client on one connection:
//
//	clientele-interop -socket /path/to/clientele.sock
//
// It prints one line per check, "ok NAME" or "FAIL NAME: why", then a summary
// line "N passed, M failed", and exits 1 if any check failed (2 on bad usage).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/clientele/clientele/clients/go/clientelepb"
	"github.com/containerd/ttrpc"
	"github.com/sirupsen/logrus"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

const healthService = "clientele.v1.Health"

type check struct {
	name string
	run  func(ctx context.Context, client *ttrpc.Client) error
}

var (
	callTimeout = 10 * time.Second
	// Load check: this many Health/Check calls spread over this many
	// goroutines, all on the one client (one connection).
	concurrentCalls   = 1000
	concurrentWorkers = 16
)

func main() {
	socket := flag.String("socket", "", "path of the daemon's Unix socket (required)")
	flag.DurationVar(&callTimeout, "timeout", callTimeout, "deadline of each check")
	flag.IntVar(&concurrentCalls, "calls", concurrentCalls, "calls in the concurrent check")
	flag.IntVar(&concurrentWorkers, "workers", concurrentWorkers, "goroutines in the concurrent check")
	flag.Parse()
	if *socket == "" || flag.NArg() != 0 || concurrentCalls < 1 || concurrentWorkers < 1 {
		fmt.Fprintln(os.Stderr, "usage: clientele-interop -socket PATH [-timeout 10s] [-calls 1000] [-workers 16]")
		os.Exit(2)
	}
	// The library logs stray responses through logrus; keep those visible
	// but drop its chatter below warnings.
	logrus.SetLevel(logrus.WarnLevel)

	checks := []check{
		{"health-check", checkHealth},
		{"unknown-method", checkUnknownMethod},
		{"unknown-service", checkUnknownService},
		{"metadata-and-deadline", checkMetadataAndDeadline},
		{fmt.Sprintf("concurrent-%d-calls-%d-goroutines", concurrentCalls, concurrentWorkers), checkConcurrent},
	}

	passed, failed := 0, 0
	conn, dialErr := net.DialTimeout("unix", *socket, callTimeout)
	var client *ttrpc.Client
	if dialErr == nil {
		client = ttrpc.NewClient(conn)
		defer client.Close()
	}
	for _, c := range checks {
		var err error
		if dialErr != nil {
			err = fmt.Errorf("cannot connect: %v", dialErr)
		} else {
			ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
			err = c.run(ctx, client)
			cancel()
		}
		if err != nil {
			failed++
			fmt.Printf("FAIL %s: %v\n", c.name, err)
		} else {
			passed++
			fmt.Printf("ok %s\n", c.name)
		}
	}
	fmt.Printf("%d passed, %d failed\n", passed, failed)
	if failed > 0 {
		os.Exit(1)
	}
}

// healthCheck calls clientele.v1.Health/Check and checks the answer.
func healthCheck(ctx context.Context, client *ttrpc.Client) error {
	var resp clientelepb.HealthCheckResponse
	if err := client.Call(ctx, healthService, "Check", &clientelepb.HealthCheckRequest{}, &resp); err != nil {
		return describe(err)
	}
	if resp.Status != clientelepb.HealthCheckResponse_SERVING {
		return fmt.Errorf("status is %v, want SERVING", resp.Status)
	}
	if resp.ServerVersion == "" {
		return errors.New("server_version is empty")
	}
	return nil
}

func checkHealth(ctx context.Context, client *ttrpc.Client) error {
	return healthCheck(ctx, client)
}

func checkUnknownMethod(ctx context.Context, client *ttrpc.Client) error {
	return expectStatus(ctx, client, healthService, "Nope", codes.Unimplemented, "method Nope")
}

func checkUnknownService(ctx context.Context, client *ttrpc.Client) error {
	return expectStatus(ctx, client, "clientele.v1.Nope", "Check", codes.Unimplemented, "service clientele.v1.Nope")
}

// checkMetadataAndDeadline sends metadata (a repeated key, a mixed-case key
// that the library lower-cases) and a deadline (ctx already has one; the
// library turns it into timeout_nano).
func checkMetadataAndDeadline(ctx context.Context, client *ttrpc.Client) error {
	if _, ok := ctx.Deadline(); !ok {
		return errors.New("internal: context has no deadline")
	}
	md := ttrpc.MD{}
	md.Set("X-Clientele-Interop", "go-ttrpc-1.1")
	md.Append("x-clientele-repeated", "one", "two")
	ctx = ttrpc.WithMetadata(ctx, md)
	return healthCheck(ctx, client)
}

func checkConcurrent(ctx context.Context, client *ttrpc.Client) error {
	var (
		next     int64 = -1
		failures int64
		firstErr error
		once     sync.Once
		wg       sync.WaitGroup
	)
	for w := 0; w < concurrentWorkers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for atomic.AddInt64(&next, 1) < int64(concurrentCalls) {
				if err := healthCheck(ctx, client); err != nil {
					atomic.AddInt64(&failures, 1)
					once.Do(func() { firstErr = err })
				}
			}
		}()
	}
	wg.Wait()
	if failures > 0 {
		return fmt.Errorf("%d of %d calls failed, first: %v", failures, concurrentCalls, firstErr)
	}
	return nil
}

// expectStatus makes a call that must fail with the given gRPC status.
func expectStatus(ctx context.Context, client *ttrpc.Client, service, method string, code codes.Code, message string) error {
	var resp clientelepb.HealthCheckResponse
	err := client.Call(ctx, service, method, &clientelepb.HealthCheckRequest{}, &resp)
	if err == nil {
		return fmt.Errorf("call %s/%s succeeded, want status %v %q", service, method, code, message)
	}
	st, ok := status.FromError(err)
	if !ok {
		return fmt.Errorf("want status %v %q, got a non-status error: %v", code, message, err)
	}
	if st.Code() != code || st.Message() != message {
		return fmt.Errorf("want status %v (%d) %q, got %v (%d) %q",
			code, int(code), message, st.Code(), int(st.Code()), st.Message())
	}
	return nil
}

// describe spells out a call error: gRPC status code and message, or the
// plain error (closed connection, context deadline).
func describe(err error) error {
	if st, ok := status.FromError(err); ok {
		return fmt.Errorf("status %v (%d) %q", st.Code(), int(st.Code()), st.Message())
	}
	return err
}
