#!/usr/bin/env bash
# Regenerates the Go code in clientelepb/ from proto/clientele/v1/*.proto: the
# messages, as protoc-gen-gogo writes them (gogo/protobuf, which is what ttrpc 1.1
# marshals with), and typed ttrpc stubs for every service (SService,
# RegisterSService, NewSClient) from the ttrpc plugin that Debian's
# github.com/containerd/ttrpc ships (github.com/containerd/ttrpc/plugin). Both come
# from one protoc plugin, tools/protoc-gen-gogottrpc, built offline by
# `scripts/build-go --plugin` into .build-go/bin.
# Only the clientele/v1 messages are generated: the ttrpc envelope and
# google.rpc.Status come with github.com/containerd/ttrpc.
# The generated files are checked in; rerun this after changing a .proto file.
#
#   clients/go/generate.sh           # rewrite clients/go/**/*.pb.go
#   clients/go/generate.sh --check   # only report (exit 1) if they are stale
set -euo pipefail

check=0
case "${1:-}" in
    "") ;;
    --check) check=1 ;;
    *) echo "usage: clients/go/generate.sh [--check]" >&2; exit 2 ;;
esac

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
proto_dir="$repo/proto"

command -v protoc >/dev/null || { echo "generate.sh: protoc not found" >&2; exit 1; }
# Built from the module's own tools/ each time (a few seconds when cached), so
# that it always matches the Debian sources it is made of.
"$repo/scripts/build-go" --plugin >/dev/null
plugin="$repo/.build-go/bin/protoc-gen-gogottrpc"
[ -x "$plugin" ] || { echo "generate.sh: $plugin was not built" >&2; exit 1; }

shopt -s nullglob
protos=("$proto_dir"/clientele/v1/*.proto)
[ "${#protos[@]}" -gt 0 ] || { echo "generate.sh: no .proto files in $proto_dir/clientele/v1" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# protoc-gen-gogo (golang/protobuf 1.3 generator) writes files under their
# go_package import path; generate into a scratch tree and copy them out.
# Well-known types map to gogo's own copies so that every message marshals
# with the same library.
wkt=""
for t in any duration empty field_mask struct timestamp wrappers; do
    wkt+="Mgoogle/protobuf/$t.proto=github.com/gogo/protobuf/types,"
done
(cd "$proto_dir" && protoc -I . --plugin=protoc-gen-gogottrpc="$plugin" \
    --gogottrpc_out="plugins=ttrpc,$wkt:$tmp" "${protos[@]#"$proto_dir"/}")

# Every go_package must live under clients/go (normally all of clientele/v1
# is package clientelepb).
prefix="github.com/clientele/clientele/clients/go"
mapfile -t generated < <(cd "$tmp" && find . -name '*.pb.go' | sed 's|^\./||' | sort)
[ "${#generated[@]}" -gt 0 ] || { echo "generate.sh: protoc wrote nothing" >&2; exit 1; }
for f in "${generated[@]}"; do
    case "$f" in
        "$prefix"/*) ;;
        *) echo "generate.sh: $f: go_package is not under $prefix" >&2; exit 1 ;;
    esac
done

if [ "$check" -eq 1 ]; then
    # Stale if any generated file differs or is missing, or if a checked-in
    # .pb.go has no .proto any more.
    stale=0
    for f in "${generated[@]}"; do
        rel="${f#"$prefix"/}"
        cmp -s "$tmp/$f" "$here/$rel" || { echo "generate.sh: clients/go/$rel is out of date" >&2; stale=1; }
    done
    while IFS= read -r existing; do
        printf '%s\n' "${generated[@]}" | grep -qxF "$prefix/$existing" ||
            { echo "generate.sh: clients/go/$existing has no .proto any more" >&2; stale=1; }
    done < <(cd "$here" && find . -name '*.pb.go' | sed 's|^\./||' | sort)
    [ "$stale" -eq 0 ] && echo "generate.sh: Go code is current"
    exit "$stale"
fi

# Replace the old generated files of each package that got output.
for d in $(printf '%s\n' "${generated[@]}" | xargs -n1 dirname | sort -u); do
    rel="${d#"$prefix"/}"
    mkdir -p "$here/$rel"
    rm -f "$here/$rel"/*.pb.go
done
for f in "${generated[@]}"; do
    rel="${f#"$prefix"/}"
    cp "$tmp/$f" "$here/$rel"
    echo "generated clients/go/$rel"
done
