// Command clientele-refserver is the reference server for benchmarks: a plain
// ttrpc server from github.com/containerd/ttrpc (1.1) on a Unix socket that
// serves clientele.v1.Health/Check with a fixed answer, i.e. the same work as
// clienteled's Health/Check, so both can be loaded with the same client.
//
//	clientele-refserver -socket /tmp/ref.sock
//
// It removes a stale socket file at start (refusing if a server still answers
// on it) and exits cleanly on SIGINT or SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/clientele/clientele/clients/go/clientelepb"
	"github.com/containerd/ttrpc"
	"github.com/sirupsen/logrus"
)

const (
	healthService = "clientele.v1.Health"
	serverVersion = "go-reference"
)

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

func run(socket string) error {
	if err := removeStaleSocket(socket); err != nil {
		return err
	}

	started := time.Now()
	server, err := ttrpc.NewServer()
	if err != nil {
		return err
	}
	server.Register(healthService, map[string]ttrpc.Method{
		"Check": func(ctx context.Context, unmarshal func(interface{}) error) (interface{}, error) {
			var req clientelepb.HealthCheckRequest
			if err := unmarshal(&req); err != nil {
				return nil, err
			}
			return &clientelepb.HealthCheckResponse{
				Status:        clientelepb.HealthCheckResponse_SERVING,
				ServerVersion: serverVersion,
				Store: &clientelepb.StoreStatus{
					State:  clientelepb.StoreStatus_READY,
					Engine: "none",
				},
				UptimeMillis: time.Since(started).Milliseconds(),
			}, nil
		},
	})

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
