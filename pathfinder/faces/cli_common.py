"""What every command of the CLI shares: opening the store, errors in the CLI's words, output to a
file or the terminal, and the options several commands take."""

from __future__ import annotations

import errno
import os
import re
import sqlite3
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from pathfinder import api
from pathfinder.errors import PathfinderError
from pathfinder.faces.render import accounts_from_text


def in_cli_terms(message: object) -> str:
    """An API message as the command line says it: a parameter in backticks (`new_member`) is
    the option that sets it (--new-member)."""
    return re.sub(r"`(\w+?)_?`", lambda m: "--" + m.group(1).replace("_", "-"), str(message))


class Choice(click.Choice):
    """click's Choice, whose refusal also says the closest choice ("did you mean json?")."""

    def fail(self, message: str, param: click.Parameter | None = None, ctx: click.Context | None = None) -> NoReturn:
        value = message.split("'")[1] if message.count("'") >= 2 else ""
        import difflib  # only for a mistyped choice

        close = difflib.get_close_matches(value, [str(c) for c in self.choices], n=1, cutoff=0.5)
        super().fail(message + (f" Did you mean {close[0]!r}?" if close else ""), param, ctx)


def said(exc: PathfinderError) -> str:
    """An API error in the CLI's terms; one that found nobody also says which store it looked in
    (a wrong --store is the usual reason)."""
    text = in_cli_terms(exc)
    ctx = click.get_current_context(silent=True)
    where = (ctx.find_root().obj or {}).get("location") if ctx else None
    return f"{text} (store: {where})" if where and isinstance(exc, LookupError) else text


class PlainErrors(click.Group):
    """The command group: a file that cannot be read or written, a full disk, a read-only or
    damaged store become an ``Error: …`` line and exit 1, never a traceback."""

    #: the group's options, accepted after the subcommand too (`pathfinder paths --store x.db …`)
    HOISTED = ("--store", "--database")

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        front: list[str] = []
        rest: list[str] = []
        i = 0
        while i < len(args):
            arg = args[i]
            if arg == "--":
                rest += args[i:]
                break
            name = arg.split("=", 1)[0]
            if rest and name in self.HOISTED:  # after the subcommand's name
                take = 1 if "=" in arg else 2
                front += args[i:i + take]
                i += take
                continue
            rest.append(arg)
            i += 1
        return super().parse_args(ctx, front + rest)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PathfinderError as exc:  # every command's errors, in the CLI's words
            raise click.ClickException(said(exc)) from exc
        except BrokenPipeError:  # `pathfinder people x | head`: the reader has what it wanted
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise click.exceptions.Exit(1) from None
        except (OSError, UnicodeError, sqlite3.Error, MemoryError) as exc:
            raise click.ClickException(plain_words(exc)) from exc


def plain_words(exc: BaseException) -> str:
    """What went wrong with a file, the disk or the store file, in a sentence."""
    if isinstance(exc, MemoryError):
        return "out of memory: the file or the question is too large for this machine"
    if isinstance(exc, UnicodeError):
        return f"a file is not readable text ({exc}); save it as UTF-8"
    if isinstance(exc, sqlite3.Error):
        said = str(exc).lower()
        if "full" in said:
            return "the disk is full: the store could not be written, and nothing was changed"
        if "readonly" in said or "read-only" in said:
            return "the store is read-only (the file or its folder): nothing was changed"
        if "i/o error" in said:
            return ("could not write to the disk (is it full or failing?): the last change may not have been "
                    "made; run `pathfinder check` once there is room")
        if "unable to open" in said:
            return "cannot open the store file: its folder is missing or not writable"
        if "malformed" in said or "not a database" in said:
            return "the store file is damaged: restore a backup (`pathfinder backup` makes them)"
        return f"the store file could not be used: {exc}"
    assert isinstance(exc, OSError)
    name = exc.filename
    if exc.errno == errno.ENOSPC:
        return f"the disk is full{f' (writing {name})' if name else ''}"
    if exc.errno == errno.EROFS:
        return f"{name or 'the file'} is on a read-only file system"
    if name is None:
        return str(exc)
    if isinstance(exc, (FileNotFoundError, NotADirectoryError)) and not Path(name).parent.is_dir():
        return f"cannot use {name}: the folder {Path(name).parent} does not exist"
    if isinstance(exc, FileExistsError):
        return f"{name} already exists: choose another name"
    if isinstance(exc, IsADirectoryError):
        return f"{name} is a folder, not a file"
    if isinstance(exc, PermissionError):
        return f"{name}: permission denied"
    return f"{name}: {exc.strerror or exc}"


def open_pf(ctx: click.Context, *, create: bool = False) -> api.PathFinder:
    """The store the command works on; only commands that fill a store (``create``) may start a
    new file: a question asked of a store that is not there says so (a typo in --store)."""
    missing = None if create else api.missing_store(ctx.obj["store"])
    if missing is not None:
        raise click.ClickException(f"There is no pathfinder store at {missing}: check --store or PATHFINDER_STORE, "
                                   "or import exports first (`pathfinder import FILE --owner NAME`).")
    pf = api.open(ctx.obj["store"], database=ctx.obj["database"])
    ctx.find_root().obj["location"] = pf.location
    ctx.call_on_close(pf.close)
    return pf


def write_private(path: str | Path, data: bytes) -> None:
    """Write a file only its owner can read, like the store (it holds contact data), whatever the umask."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        os.fchmod(fh.fileno(), 0o600)
        fh.write(data)


def emit(text: str, output: str | None) -> None:
    if output:
        write_private(output, text.encode("utf-8"))
        click.echo(f"Wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


output_format = click.option("--format", "fmt", type=Choice(["table", "json", "csv"]),
                             default="table", show_default=True, help="Output format.")
output_file = click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file.")
max_hops_option = click.option("--max-hops", type=click.IntRange(1, api.MAX_HOPS_LIMIT), default=3,
                               show_default=True, help="Longest path, in ties.")
from_option = click.option("--from", "from_", metavar="PERSON",
                           help="Start from this team member (default: the whole team).")


def read_accounts(path: str) -> list[str]:
    """An accounts file: a CSV with an ``account`` (or ``company``) column, or one name per line."""
    return accounts_from_text(api.read_text(path))
