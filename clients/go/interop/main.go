// Command clientele-interop checks that a Clientele daemon speaks ttrpc the
// way the Go library github.com/containerd/ttrpc (1.1) expects, using only
// that library's client on one connection:
//
//	clientele-interop -socket /path/to/clientele.sock
//
// The calls go through the typed stubs generated into clientelepb
// (clientelepb.NewHealthClient(client).Check(ctx, req)); only the checks of
// unknown services and methods, which have no stub, name them as strings.
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
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/clientele/clientele/clients/go/clientelepb"
	"github.com/containerd/ttrpc"
	"github.com/gogo/protobuf/proto"
	"github.com/gogo/protobuf/protoc-gen-gogo/descriptor"
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
		{"typed-stubs-cover-the-api", checkTypedStubs},
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
	resp, err := clientelepb.NewHealthClient(client).Check(ctx, &clientelepb.HealthCheckRequest{})
	if err != nil {
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

// stubs are the generated service interfaces, by full service name; every
// service the daemon describes must have one.
var stubs = map[string]reflect.Type{
	"clientele.v1.Access":     reflect.TypeOf((*clientelepb.AccessService)(nil)).Elem(),
	"clientele.v1.Audit":      reflect.TypeOf((*clientelepb.AuditService)(nil)).Elem(),
	"clientele.v1.Billing":    reflect.TypeOf((*clientelepb.BillingService)(nil)).Elem(),
	"clientele.v1.Changes":    reflect.TypeOf((*clientelepb.ChangesService)(nil)).Elem(),
	"clientele.v1.Clients":    reflect.TypeOf((*clientelepb.ClientsService)(nil)).Elem(),
	"clientele.v1.Health":     reflect.TypeOf((*clientelepb.HealthService)(nil)).Elem(),
	"clientele.v1.Outbox":     reflect.TypeOf((*clientelepb.OutboxService)(nil)).Elem(),
	"clientele.v1.People":     reflect.TypeOf((*clientelepb.PeopleService)(nil)).Elem(),
	"clientele.v1.Reflection": reflect.TypeOf((*clientelepb.ReflectionService)(nil)).Elem(),
}

// checkTypedStubs asks the daemon for its API (Reflection/GetDescriptorSet,
// through the typed stub) and checks that clientelepb has a typed method for
// every method of every service it serves, taking and answering the messages
// the descriptor names.
func checkTypedStubs(ctx context.Context, client *ttrpc.Client) error {
	resp, err := clientelepb.NewReflectionClient(client).GetDescriptorSet(ctx, &clientelepb.GetDescriptorSetRequest{})
	if err != nil {
		return describe(err)
	}
	var set descriptor.FileDescriptorSet
	if err := proto.Unmarshal(resp.FileDescriptorSet, &set); err != nil {
		return fmt.Errorf("file_descriptor_set: %v", err)
	}
	served := map[string]bool{}
	for _, name := range resp.Services {
		served[name] = true
	}
	var problems []string
	methods := 0
	for _, file := range set.File {
		for _, service := range file.Service {
			full := file.GetPackage() + "." + service.GetName()
			if !served[full] {
				continue
			}
			delete(served, full)
			stub, ok := stubs[full]
			if !ok {
				problems = append(problems, "no typed stub for service "+full)
				continue
			}
			for _, m := range service.Method {
				methods++
				method, ok := stub.MethodByName(m.GetName())
				if !ok {
					problems = append(problems, fmt.Sprintf("%s has no method %s", stub.Name(), m.GetName()))
					continue
				}
				in, out := goTypeName(file.GetPackage(), m.GetInputType()), goTypeName(file.GetPackage(), m.GetOutputType())
				if got := method.Type.In(1).Elem().Name(); got != in {
					problems = append(problems, fmt.Sprintf("%s.%s takes %s, want %s", stub.Name(), m.GetName(), got, in))
				}
				if got := method.Type.Out(0).Elem().Name(); got != out {
					problems = append(problems, fmt.Sprintf("%s.%s answers %s, want %s", stub.Name(), m.GetName(), got, out))
				}
			}
		}
	}
	for name := range served {
		problems = append(problems, "service "+name+" is not in the descriptor set")
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	if methods == 0 {
		return errors.New("the descriptor set describes no methods")
	}
	return nil
}

// goTypeName turns ".clientele.v1.Outer.Inner" into the generated Go name "Outer_Inner".
func goTypeName(pkg, protoName string) string {
	return strings.ReplaceAll(strings.TrimPrefix(protoName, "."+pkg+"."), ".", "_")
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
