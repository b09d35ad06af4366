#!/usr/bin/env python3
"""The one client generator: reads the contract from proto/ (scripts/codegen/contract.py)
and runs every emitter scripts/codegen/emit_*.py over it. Each emitter returns the
files it owns ({path relative to the repo: text}) and the folders it owns entirely
(a file there that it no longer emits is removed).

    python3 scripts/codegen/generate.py            # write what changed
    python3 scripts/codegen/generate.py --check    # change nothing; exit 1 naming stale files
    python3 scripts/codegen/generate.py --only swift,c

scripts/generate runs it after the message code; scripts/generate --check runs --check.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import contract as contract_module  # noqa: E402

REPO = contract_module.REPO


def emitters(only: set[str] | None):
    for path in sorted(HERE.glob("emit_*.py")):
        name = path.stem.removeprefix("emit_")
        if only is None or name in only:
            yield name, importlib.import_module(path.stem)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if anything is stale")
    parser.add_argument("--only", help="comma-separated emitters (swift, c, python, ...)")
    args = parser.parse_args()
    only = set(args.only.split(",")) if args.only else None

    contract = contract_module.load()
    stale = 0
    for name, module in emitters(only):
        files: dict[str, str] = module.emit(contract)
        owned = [REPO / d for d in getattr(module, "OWNED_DIRS", [])]
        changed = 0
        for rel, text in sorted(files.items()):
            target = REPO / rel
            if target.is_file() and target.read_text(encoding="utf-8") == text:
                continue
            changed += 1
            if args.check:
                print(f"  stale: {rel}")
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
                print(f"  wrote {rel}")
        emitted = {(REPO / rel).resolve() for rel in files}
        for folder in owned:
            for existing in sorted(folder.rglob("*")) if folder.is_dir() else []:
                if existing.is_file() and existing.resolve() not in emitted and "__pycache__" not in existing.parts:
                    changed += 1
                    rel = existing.relative_to(REPO)
                    if args.check:
                        print(f"  no longer generated: {rel}")
                    else:
                        existing.unlink()
                        print(f"  removed {rel}")
        if changed == 0:
            print(f"{name}: up to date ({len(files)} files)")
        stale += changed
    if args.check and stale:
        print("codegen: generated clients are stale; run scripts/generate and commit the result", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
