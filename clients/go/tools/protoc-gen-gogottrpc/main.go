// Command protoc-gen-gogottrpc is protoc-gen-gogo (gogo/protobuf's golang/protobuf
// 1.3 generator, unchanged) with the ttrpc service generator that
// github.com/containerd/ttrpc ships in its plugin package registered beside it.
// With the parameter plugins=ttrpc it writes, besides the messages, for every
// service S: the interface SService, RegisterSService(*ttrpc.Server, SService)
// and NewSClient(*ttrpc.Client) SService.
//
// containerd's own cmd/protoc-gen-gogottrpc also rewrites every file's options
// (marshalers, no getters, ...); this one leaves them alone, so the messages
// come out exactly as protoc-gen-gogo writes them.
//
// clients/go/generate.sh builds it (scripts/build-go --plugin) into
// .build-go/bin and runs protoc with --gogottrpc_out=plugins=ttrpc,...
package main

import (
	_ "github.com/containerd/ttrpc/plugin"
	"github.com/gogo/protobuf/vanity/command"
)

func main() {
	command.Write(command.Generate(command.Read()))
}
