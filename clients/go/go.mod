// The Go client of Clientele: generated messages and typed ttrpc stubs
// (clientelepb), the interop test, the reference server and the examples.
//
// The versions are the ones Debian 12 ships under /usr/share/gocode, which is
// what scripts/build-go builds and tests against, offline, by assembling a
// vendor directory from those sources (see README.md). Debian packages
// genproto as the snapshot 0.0~git20200413.b5235f6, whose pseudo-version needs
// its commit time; the version below is the one ttrpc v1.1.1 itself requires.
// With network access instead, run `go mod tidy` once to fetch the modules
// and write go.sum.
module github.com/clientele/clientele/clients/go

go 1.17

require (
	github.com/containerd/ttrpc v1.1.1
	github.com/gogo/protobuf v1.3.2
	github.com/sirupsen/logrus v1.9.0
	google.golang.org/grpc v1.33.3
)

require (
	github.com/golang/protobuf v1.3.5 // indirect
	golang.org/x/sys v0.3.0 // indirect
	google.golang.org/genproto v0.0.0-20200224152610-e50cd9704f63 // indirect
)
