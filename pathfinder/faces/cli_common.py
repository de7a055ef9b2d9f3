"""What every command of the CLI shares: opening the store, errors in the CLI's words, output to a
file or the terminal, and the options several commands take."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from pathfinder import api
from pathfinder.errors import PathfinderError
from pathfinder.faces.render import accounts_from_text

F = TypeVar("F", bound=Callable[..., Any])


def in_cli_terms(message: object) -> str:
    """An API message as the command line says it: a parameter in backticks (`new_member`) is
    the option that sets it (--new-member)."""
    return re.sub(r"`(\w+?)_?`", lambda m: "--" + m.group(1).replace("_", "-"), str(message))


def friendly_errors(fn: F) -> F:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except PathfinderError as exc:
            raise click.ClickException(in_cli_terms(exc)) from exc
    return wrapper  # type: ignore[return-value]


def open_pf(ctx: click.Context, *, create: bool = False) -> api.PathFinder:
    """The store the command works on; only commands that fill a store (``create``) may start a
    new file: a question asked of a store that is not there says so (a typo in --store)."""
    missing = None if create else api.missing_store(ctx.obj["store"])
    if missing is not None:
        raise click.ClickException(f"There is no pathfinder store at {missing}: check --store or PATHFINDER_STORE, "
                                   "or import exports first (`pathfinder import FILE --owner NAME`).")
    pf = api.open(ctx.obj["store"], database=ctx.obj["database"])
    ctx.call_on_close(pf.close)
    return pf


def emit(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"Wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


output_format = click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]),
                             default="table", show_default=True, help="Output format.")
output_file = click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file.")
max_hops_option = click.option("--max-hops", type=click.IntRange(1, api.MAX_HOPS_LIMIT), default=3,
                               show_default=True, help="Longest path, in ties.")
from_option = click.option("--from", "from_", metavar="PERSON",
                           help="Start from this team member (default: the whole team).")


def read_accounts(path: str) -> list[str]:
    """An accounts file: a CSV with an ``account`` (or ``company``) column, or one name per line."""
    return accounts_from_text(Path(path).read_text(encoding="utf-8-sig"))
