// Command clientele-loadgen loads a ttrpc server with containerd's own Go
// client (github.com/containerd/ttrpc's Client, through the generated
// clientelepb stubs), the way Go services call a ttrpc daemon: N goroutines,
// each making one Health/Check at a time, multiplexed over C connections
// (goroutine i uses connection i mod C). It prints one JSON object:
//
//	{"callers":64,"connections":1,"calls":..., "errors":0, "seconds":...,
//	 "calls_per_sec":..., "p50_us":..., "p99_us":..., "first_error":""}
//
//	clientele-loadgen -socket PATH [-callers 1] [-connections 1] [-duration 5s]
//	                  [-warmup 1s] [-metadata key=value]...
//
// The host's floor (a 16-byte ping-pong over a Unix socket pair, no ttrpc) is
// scripts/pingpong.c, which scripts/bench runs beside it.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/clientele/clientele/clients/go/clientelepb"
	"github.com/containerd/ttrpc"
	"github.com/sirupsen/logrus"
)

type result struct {
	Callers     int     `json:"callers"`
	Connections int     `json:"connections"`
	Calls       int     `json:"calls"`
	Errors      int     `json:"errors"`
	Seconds     float64 `json:"seconds"`
	CallsPerSec float64 `json:"calls_per_sec"`
	P50Micros   float64 `json:"p50_us"`
	P99Micros   float64 `json:"p99_us"`
	FirstError  string  `json:"first_error,omitempty"`
}

type metadataFlag []string

func (m *metadataFlag) String() string     { return strings.Join(*m, ",") }
func (m *metadataFlag) Set(v string) error { *m = append(*m, v); return nil }

func main() {
	socket := flag.String("socket", "", "path of the server's Unix socket")
	callers := flag.Int("callers", 1, "goroutines, each making one call at a time")
	connections := flag.Int("connections", 1, "connections (ttrpc.Client) the goroutines share")
	duration := flag.Duration("duration", 5*time.Second, "how long to measure")
	warmup := flag.Duration("warmup", time.Second, "calls made before measuring")
	var metadata metadataFlag
	flag.Var(&metadata, "metadata", "key=value sent with every call (repeatable), e.g. authorization=Bearer clt_k_…")
	flag.Parse()
	if flag.NArg() != 0 || *callers < 1 || *connections < 1 || *socket == "" {
		fmt.Fprintln(os.Stderr, "usage: clientele-loadgen -socket PATH [-callers N] [-connections C] [-duration 5s] [-warmup 1s] [-metadata k=v]...")
		os.Exit(2)
	}
	logrus.SetLevel(logrus.ErrorLevel)
	r, err := load(*socket, *callers, *connections, *duration, *warmup, metadata)
	if err != nil {
		fmt.Fprintf(os.Stderr, "clientele-loadgen: %v\n", err)
		os.Exit(1)
	}
	out, _ := json.Marshal(r)
	fmt.Println(string(out))
	if r.Errors > 0 {
		os.Exit(1)
	}
}

func load(socket string, callers, connections int, duration, warmup time.Duration, metadata []string) (result, error) {
	clients := make([]clientelepb.HealthService, connections)
	for i := range clients {
		conn, err := net.Dial("unix", socket)
		if err != nil {
			return result{}, err
		}
		client := ttrpc.NewClient(conn)
		defer client.Close()
		clients[i] = clientelepb.NewHealthClient(client)
	}
	ctx := context.Background()
	if len(metadata) > 0 {
		md := ttrpc.MD{}
		for _, pair := range metadata {
			kv := strings.SplitN(pair, "=", 2)
			if len(kv) != 2 {
				return result{}, fmt.Errorf("metadata %q must look like key=value", pair)
			}
			md.Append(kv[0], kv[1])
		}
		ctx = ttrpc.WithMetadata(ctx, md)
	}
	for _, c := range clients {
		if _, err := c.Check(ctx, &clientelepb.HealthCheckRequest{}); err != nil {
			return result{}, err
		}
	}

	type callerResult struct {
		latencies []time.Duration
		errors    int
		first     error
	}
	drive := func(until time.Time) []callerResult {
		results := make([]callerResult, callers)
		var wg sync.WaitGroup
		for i := 0; i < callers; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				c := clients[i%connections]
				r := &results[i]
				r.latencies = make([]time.Duration, 0, 1<<14)
				req := &clientelepb.HealthCheckRequest{}
				for time.Now().Before(until) {
					began := time.Now()
					_, err := c.Check(ctx, req)
					if err != nil {
						r.errors++
						if r.first == nil {
							r.first = err
						}
						continue
					}
					r.latencies = append(r.latencies, time.Since(began))
				}
			}(i)
		}
		wg.Wait()
		return results
	}
	if warmup > 0 {
		drive(time.Now().Add(warmup))
	}
	start := time.Now()
	results := drive(start.Add(duration))
	elapsed := time.Since(start)

	var all []time.Duration
	r := result{Callers: callers, Connections: connections}
	for _, cr := range results {
		all = append(all, cr.latencies...)
		r.Errors += cr.errors
		if cr.first != nil && r.FirstError == "" {
			r.FirstError = cr.first.Error()
		}
	}
	summarize(&r, all, elapsed)
	return r, nil
}

func summarize(r *result, latencies []time.Duration, elapsed time.Duration) {
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	percentile := func(p float64) float64 {
		if len(latencies) == 0 {
			return 0
		}
		i := int(float64(len(latencies))*p+0.999999) - 1
		if i < 0 {
			i = 0
		}
		if i >= len(latencies) {
			i = len(latencies) - 1
		}
		return float64(latencies[i].Nanoseconds()) / 1000
	}
	r.Calls = len(latencies)
	r.Seconds = elapsed.Seconds()
	if r.Seconds > 0 {
		r.CallsPerSec = float64(r.Calls) / r.Seconds
	}
	r.P50Micros = percentile(0.50)
	r.P99Micros = percentile(0.99)
}
