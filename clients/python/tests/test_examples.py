"""The examples (clients/python/examples) run against the real daemon, as a user would run them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from conftest import CALL_TIMEOUT

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.parametrize("script", ["quickstart.py", "quickstart_async.py"])
def test_quickstart(socket_path, tmp_path, script):
    email = f"qs-{uuid.uuid4().hex[:8]}@quickstart.example"
    # The socket from the environment, as documented; run from elsewhere to use the installed package.
    env = dict(os.environ, CLIENTELE_SOCKET=socket_path)
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / script), "--email", email],
        capture_output=True,
        text=True,
        timeout=4 * CALL_TIMEOUT,
        cwd=tmp_path,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    group = re.search(r"^group:   (grp_\S+) \(Quickstart Ltd\)$", out, re.M)
    created = re.search(r"^created: (cli_\S+) Acme Corporation$", out, re.M)
    assert group and created, out
    assert f"signed in as {email}" in out
    assert re.search(rf"^  {created.group(1)}  Acme Corporation$", out, re.M), out
    assert "listed:  1 client(s)" in out
    assert re.search(r"^balance: 123\.45 [A-Z]{3} \(ledger entries: 1\)$", out, re.M), out

    # A refused call exits with its status code: a password under 12 characters is INVALID_ARGUMENT.
    again = subprocess.run(
        [sys.executable, str(EXAMPLES / script), "--email", email, "--password", "short"],
        capture_output=True,
        text=True,
        timeout=4 * CALL_TIMEOUT,
        cwd=tmp_path,
        env=env,
    )
    assert again.returncode == 3, (again.returncode, again.stderr)
    assert again.stderr.startswith("quickstart: INVALID_ARGUMENT (3): "), again.stderr
