#!/usr/bin/env python3
"""Writes an mdoc(7) manual page from a swift-argument-parser tool's --experimental-dump-help.

usage: scripts/manpage.py --section N --date "Month D, YYYY" --os "Clientele 0.1.0" < dump.json > page

scripts/generate runs it on the built clienteled (section 8) and clientele (section 1) and
commits the pages under docs/man/; --check regenerates and compares. One page per tool: the
options with their defaults and accepted values, every subcommand (a path such as
`clients create`) with its own options, and the hand-written sections below (configuration,
environment, files, exit status, see also) for the tool they belong to.

Why not the argument parser's generate-manual plugin: it works here, but builds every product
of the package in release mode first (minutes on 2 cores) and needs its own tool built (about
80 s); its pages leave out the defaults and, for a tool with no subcommands, still print
"subcommand" in the synopsis. This script reads the same JSON (the same source of truth: the
parsers' definitions) from the already built binaries in well under a second.
"""
import argparse
import json
import sys

# Hand-written sections appended to a page, by tool name: mdoc source.
EXTRA = {
    "clienteled": r"""
.Sh CONFIGURATION
With
.Fl -config Ar file
the daemon reads a configuration file, a subset of TOML:
.Ql key = value
lines,
.Ql #
comments, strings in double or single quotes, integers, numbers,
.Ql true
and
.Ql false ,
and arrays in brackets.
Every option above except
.Fl -config ,
.Fl -print-config ,
.Fl -help
and
.Fl -version
is a key named as the option without its leading dashes, for example
.Bd -literal -offset indent
max-connections = 512
log-level = "notice"
operator-uid = [1001, 1002]
.Ed
.Pp
A value set on the command line overrides the environment, which overrides the file,
which overrides the built-in default.
An unknown key, a key given twice, a value of the wrong type and TOML the daemon does not
read (tables, dotted keys, multi-line strings) stop it before it starts, with exit status 78
and a message naming the file, the line and the key.
.Fl -print-config
prints the effective configuration, each value with where it came from, and exits.
.Sh ENVIRONMENT
.Bl -tag -width Ds
.It Ev CLIENTELED_ Ns Ar KEY
The value of the configuration key
.Ar key
(in capitals, with
.Ql _
for
.Ql - ,
for example
.Ev CLIENTELED_MAX_CONNECTIONS ) ;
a list is comma-separated
.Pq Ev CLIENTELED_OPERATOR_UID Ns =1001,1002 .
Overrides the configuration file; a command-line option overrides it.
Other
.Ev CLIENTELED_
variables are ignored
.Pf ( Fl -print-config
lists them).
.It Ev LISTEN_FDS , Ev LISTEN_PID
A listening socket passed by systemd's socket activation (the clienteled.socket unit): the
daemon serves on it and leaves its file alone.
.It Ev NOTIFY_SOCKET , Ev WATCHDOG_USEC
Where the daemon sends its readiness, stopping and watchdog notices to systemd.
.El
.Sh FILES
.Bl -tag -width Ds
.It Pa /etc/clientele/clienteled.toml
The configuration file the package installs: every key with its default, commented out,
and the installed layout's socket and data folder.
.It Pa /run/clientele/clienteled.sock
The socket, owned by the clienteled.socket unit (mode 0660, group clientele).
.It Pa /var/lib/clientele/
The data folder: the SQLite database and its lock file.
.El
.Sh EXIT STATUS
0 after a clean shutdown on
.Dv SIGTERM
or
.Dv SIGINT ;
64 for a usage error on the command line; 78 for a configuration that cannot be used;
1 when the daemon cannot start (the data folder is locked by another daemon, the socket is in use).
.Sh SEE ALSO
.Xr clientele 1 ,
.Xr systemd.socket 5
""",
    "clientele": r"""
.Sh ENVIRONMENT
.Bl -tag -width Ds
.It Ev CLIENTELE_SOCKET
The daemon's socket when
.Fl -socket
is not given.
.It Ev CLIENTELE_TOKEN
The bearer token when
.Fl -token
is not given.
.It Ev XDG_CONFIG_HOME
Where
.Nm Cm login
keeps the session token
.Pq Pa $XDG_CONFIG_HOME/clientele/token , else Pa ~/.config/clientele/token .
.El
.Sh SEE ALSO
.Xr clienteled 8
""",
}


def escape(text):
    """Text for a roff line: backslashes escaped, no line starting with a control character."""
    text = text.replace("\\", "\\e")
    text = "".join(c if ord(c) < 128 else "\\[u%04X]" % ord(c) for c in text)  # groff without preconv
    return "\\&" + text if text[:1] in (".", "'") else text


def paragraphs(text):
    """Lines of mdoc for free text: blank lines become .Pp, leading blanks are dropped."""
    out = []
    for line in (text or "").strip().splitlines():
        line = line.strip()
        if not line:
            if out and out[-1] != ".Pp":
                out.append(".Pp")
        else:
            out.append(escape(line))
    return out


def quote(value):
    return '"' + escape(value).removeprefix("\\&").replace('"', '\\(dq') + '"'


def argument_item(argument):
    names = argument.get("names") or []
    value = argument.get("valueName") or "value"
    if argument["kind"] == "positional":
        head = ".It Ar " + value + (" ..." if argument.get("isRepeating") else "")
    else:
        flags = []
        for name in names:
            dash = "" if name["kind"] == "short" else "-"
            flags.append("Fl " + dash + name["name"])
        head = ".It " + " , ".join(flags)
        if argument["kind"] == "option":
            head += " Ar " + value
    lines = [head]
    lines += paragraphs(argument.get("abstract") or "")
    discussion = argument.get("discussion")
    if isinstance(discussion, str) and discussion.strip():
        lines += [".Pp"] + paragraphs(discussion)
    facts = []
    if argument.get("allValues"):
        facts.append("One of " + ", ".join(argument["allValues"]) + ".")
    if argument.get("isRepeating") and argument["kind"] != "positional":
        facts.append("Repeatable.")
    if argument.get("defaultValue") not in (None, ""):
        lines += facts and [escape(" ".join(facts))] or []
        lines += ["Default:", ".Ql " + quote(argument["defaultValue"]) + " ."]
    elif facts:
        lines.append(escape(" ".join(facts)))
    return lines


def shown(arguments, skip_common):
    out = []
    for argument in arguments or []:
        if not argument.get("shouldDisplay", True):
            continue
        longs = [n["name"] for n in argument.get("names") or [] if n["kind"] == "long"]
        if skip_common and longs and longs[0] in ("help", "version"):
            continue
        out.append(argument)
    return out


def option_list(arguments):
    if not arguments:
        return []
    lines = [".Bl -tag -width Ds"]
    for argument in arguments:
        lines += argument_item(argument)
    return lines + [".El"]


def commands(command, path):
    """Every subcommand, depth first, as (path, command)."""
    for sub in command.get("subcommands") or []:
        if not sub.get("shouldDisplay", True):
            continue
        sub_path = path + [sub["commandName"]]
        yield sub_path, sub
        yield from commands(sub, sub_path)


def page(tool, section, date, os_name):
    command = tool["command"]
    name = command["commandName"]
    subcommands = list(commands(command, []))
    if [path for path, _ in subcommands] == [["help"]]:
        subcommands = []  # only the argument parser's own `help`: the tool has no commands
    out = [
        '.\\" Generated by scripts/generate (scripts/manpage.py) from `%s --experimental-dump-help`. DO NOT EDIT.' % name,
        ".Dd " + date,
        ".Dt %s %d" % (name.upper(), section),
        ".Os " + os_name,
        ".Sh NAME",
        ".Nm " + name,
        ".Nd " + escape((command.get("abstract") or "").rstrip(".")),
        ".Sh SYNOPSIS",
        ".Nm",
    ]
    if subcommands:
        out += [".Ar command", ".Op Ar options"]
    else:
        out += [".Op Ar options"]
    out += [".Sh DESCRIPTION"]
    out += paragraphs(command.get("discussion") or command.get("abstract") or "")
    top = shown(command.get("arguments"), skip_common=False)
    if top:
        out += [".Sh OPTIONS"] + option_list(top)
    if subcommands:
        out += [".Sh COMMANDS", ".Bl -tag -width Ds"]
        for path, sub in subcommands:
            out.append(".It Nm " + " ".join(path))
            out += paragraphs(sub.get("abstract") or "")
            if sub.get("discussion"):
                out += [".Pp"] + paragraphs(sub["discussion"])
            arguments = shown(sub.get("arguments"), skip_common=True)
            if sub.get("subcommands"):
                out.append("Subcommands: " + ", ".join(
                    escape(s["commandName"]) for s in sub["subcommands"] if s.get("shouldDisplay", True)) + ".")
            out += option_list(arguments)
        out.append(".El")
    out += [line for line in EXTRA.get(name, "").strip().splitlines()]
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--section", type=int, required=True)
    parser.add_argument("--date", required=True, help='as mdoc writes it: "December 6, 2026"')
    parser.add_argument("--os", required=True, help='the footer, e.g. "Clientele 0.1.0"')
    options = parser.parse_args()
    tool = json.load(sys.stdin)
    if tool.get("serializationVersion") != 0:
        sys.exit("manpage.py: unknown dump-help serializationVersion %r" % tool.get("serializationVersion"))
    sys.stdout.write(page(tool, options.section, options.date, options.os))


if __name__ == "__main__":
    main()
