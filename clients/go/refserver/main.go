// Command clientele-refserver is the reference server for benchmarks: a plain
// ttrpc server from github.com/containerd/ttrpc (1.1) on a Unix socket that
// serves clientele.v1.Health/Check with a fixed answer, i.e. the same work as
// clienteled's Health/Check, so both can be loaded with the same client, and
// clientele.v1.Reflection/GetDescriptorSet describing those two services. Both
// are registered with the generated RegisterHealthService and
// RegisterReflectionService.
//
//	clientele-refserver -socket /tmp/ref.sock
//
// It removes a stale socket file at start (refusing if a server still answers
// on it) and exits cleanly on SIGINT or SIGTERM.
package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/clientele/clientele/clients/go/clientelepb"
	"github.com/containerd/ttrpc"
	"github.com/gogo/protobuf/proto"
	"github.com/gogo/protobuf/protoc-gen-gogo/descriptor"
	"github.com/sirupsen/logrus"
)

const serverVersion = "go-reference"

// health implements clientelepb.HealthService, the interface generated from
// proto/clientele/v1/health.proto.
type health struct {
	started time.Time
}

func (h health) Check(ctx context.Context, req *clientelepb.HealthCheckRequest) (*clientelepb.HealthCheckResponse, error) {
	return &clientelepb.HealthCheckResponse{
		Status:        clientelepb.HealthCheckResponse_SERVING,
		ServerVersion: serverVersion,
		Store: &clientelepb.StoreStatus{
			State:  clientelepb.StoreStatus_READY,
			Engine: "none",
		},
		UptimeMillis: time.Since(h.started).Milliseconds(),
	}, nil
}

func main() {
	socket := flag.String("socket", "", "path of the Unix socket to listen on (required)")
	verbose := flag.Bool("verbose", false, "let the ttrpc library log at info level (default: errors only)")
	flag.Parse()
	if *socket == "" || flag.NArg() != 0 {
		fmt.Fprintln(os.Stderr, "usage: clientele-refserver -socket PATH [-verbose]")
		os.Exit(2)
	}
	if !*verbose {
		logrus.SetLevel(logrus.ErrorLevel)
	}
	if err := run(*socket); err != nil {
		fmt.Fprintf(os.Stderr, "clientele-refserver: %v\n", err)
		os.Exit(1)
	}
}

// reflection implements clientelepb.ReflectionService for the services this
// server has: the proto files that define them (and what they import,
// dependencies first), as the generated code registered them with gogo/protobuf.
type reflection struct{}

var served = []struct{ service, file string }{
	{"clientele.v1.Health", "clientele/v1/health.proto"},
	{"clientele.v1.Reflection", "clientele/v1/reflection.proto"},
}

func (reflection) GetDescriptorSet(ctx context.Context, req *clientelepb.GetDescriptorSetRequest) (*clientelepb.GetDescriptorSetResponse, error) {
	var set descriptor.FileDescriptorSet
	added := map[string]bool{}
	var add func(name string) error
	add = func(name string) error {
		if added[name] {
			return nil
		}
		added[name] = true
		gz := proto.FileDescriptor(name)
		if gz == nil {
			return fmt.Errorf("no registered descriptor for %s", name)
		}
		r, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			return err
		}
		raw, err := io.ReadAll(r)
		if err != nil {
			return err
		}
		var file descriptor.FileDescriptorProto
		if err := proto.Unmarshal(raw, &file); err != nil {
			return err
		}
		for _, dep := range file.Dependency {
			if err := add(dep); err != nil {
				return err
			}
		}
		set.File = append(set.File, &file)
		return nil
	}
	resp := &clientelepb.GetDescriptorSetResponse{}
	for _, s := range served {
		if err := add(s.file); err != nil {
			return nil, err
		}
		resp.Services = append(resp.Services, s.service)
	}
	raw, err := proto.Marshal(&set)
	if err != nil {
		return nil, err
	}
	resp.FileDescriptorSet = raw
	return resp, nil
}

func run(socket string) error {
	if err := removeStaleSocket(socket); err != nil {
		return err
	}

	server, err := ttrpc.NewServer()
	if err != nil {
		return err
	}
	// The generated registration: clientele.v1.Health with its one method, Check.
	clientelepb.RegisterHealthService(server, health{started: time.Now()})
	clientelepb.RegisterReflectionService(server, reflection{})

	listener, err := net.Listen("unix", socket)
	if err != nil {
		return err
	}
	// Closing a listener made by net.Listen unlinks the socket file.

	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)

	serveErr := make(chan error, 1)
	go func() { serveErr <- server.Serve(context.Background(), listener) }()
	fmt.Fprintf(os.Stderr, "clientele-refserver: listening on %s (pid %d)\n", socket, os.Getpid())

	select {
	case sig := <-signals:
		fmt.Fprintf(os.Stderr, "clientele-refserver: %v, shutting down\n", sig)
		// Give in-flight calls a moment, then drop whatever is left.
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		if err := server.Shutdown(ctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
			fmt.Fprintf(os.Stderr, "clientele-refserver: shutdown: %v\n", err)
		}
		server.Close()
		<-serveErr
		os.Remove(socket) // normally already gone
		return nil
	case err := <-serveErr:
		server.Close()
		if errors.Is(err, ttrpc.ErrServerClosed) {
			return nil
		}
		return fmt.Errorf("serve: %w", err)
	}
}

// removeStaleSocket deletes a socket file left behind by a server that is no
// longer running. It refuses to touch anything that is not a socket, or a
// socket on which a server still accepts connections.
func removeStaleSocket(path string) error {
	info, err := os.Lstat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if info.Mode()&os.ModeSocket == 0 {
		return fmt.Errorf("%s exists and is not a socket", path)
	}
	if conn, err := net.DialTimeout("unix", path, time.Second); err == nil {
		conn.Close()
		return fmt.Errorf("%s: another server is listening on it", path)
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("removing stale socket: %w", err)
	}
	return nil
}
