"""Where a saved token is, as the ``clientele`` CLI keeps it.

``clientele login`` writes the session token to ``$XDG_CONFIG_HOME/clientele/token``
(``~/.config/clientele/token`` when ``$XDG_CONFIG_HOME`` is unset or empty), mode
0600. The client never reads it by itself: pass ``token=default_token()`` to use it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Mapping, Optional

__all__ = ["token_file", "default_token"]


def token_file(environ: Optional[Mapping[str, str]] = None) -> Path:
    """The file ``clientele login`` writes: ``$XDG_CONFIG_HOME/clientele/token``, else
    ``$HOME/.config/clientele/token``."""
    env = os.environ if environ is None else environ
    base = env.get("XDG_CONFIG_HOME") or ""
    if not base:
        home = env.get("HOME") or str(Path.home())
        base = os.path.join(home, ".config")
    return Path(base) / "clientele" / "token"


def default_token(environ: Optional[Mapping[str, str]] = None) -> Optional[str]:
    """``$CLIENTELE_TOKEN``, else the saved token (:func:`token_file`), else None."""
    env = os.environ if environ is None else environ
    if env.get("CLIENTELE_TOKEN"):
        return env["CLIENTELE_TOKEN"]
    try:
        token = token_file(env).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return token or None
