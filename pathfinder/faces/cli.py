"""The ``pathfinder`` command. Each command opens the store, calls one API method with the same
option names, and renders the answer; errors become ``Error: …`` on stderr with exit 1. The
commands are grouped by what they do: :mod:`.cli_search`, :mod:`.cli_team`, :mod:`.cli_ledger`;
those that look after the store are here."""

from __future__ import annotations

import importlib
from typing import Any

import click

from pathfinder import api
from pathfinder.faces.cli_common import Choice, PlainErrors, open_pf
from pathfinder.faces.render import to_json

#: the commands of the other modules, each imported when it is used: `pathfinder paths` does not
#: load the ledger's or the team's commands, so a command starts sooner
ELSEWHERE = {
    "import": "cli_team:import_", "team": "cli_team:team", "vouch": "cli_team:vouch",
    "do-not-ask": "cli_team:do_not_ask", "never-use": "cli_team:never_use",
    "explain-person": "cli_team:explain_person", "unmerge": "cli_team:unmerge",
    "export-person": "cli_team:export_person", "forget": "cli_team:forget",
    "paths": "cli_search:paths", "prospects": "cli_search:prospects", "coverage": "cli_search:coverage",
    "ask": "cli_search:ask", "review-ask": "cli_search:review_ask", "people": "cli_search:people",
    "explain": "cli_search:explain",
    "intros": "cli_ledger:intros", "followups": "cli_ledger:followups", "today": "cli_ledger:today",
    "milestone": "cli_ledger:milestone", "agreed": "cli_ledger:agreed", "profile-card": "cli_ledger:profile_card",
    "stats": "cli_ledger:stats",
}


class Commands(PlainErrors):
    """The command group, with the commands of :data:`ELSEWHERE` imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *ELSEWHERE})

    def get_command(self, ctx: click.Context, name: str) -> Any:
        if name in ELSEWHERE and name not in self.commands:
            module, attr = ELSEWHERE[name].split(":")
            self.add_command(getattr(importlib.import_module(f"pathfinder.faces.{module}"), attr), name)
        return super().get_command(ctx, name)


@click.group(cls=Commands)
@click.option("--store", envvar="PATHFINDER_STORE", metavar="PATH|URL",
              help="The store: a file path (default: $PATHFINDER_HOME/graph.db or the user data dir), or a "
                   "Neo4j URL (neo4j://, bolt://, neo4j+s://; password from PATHFINDER_NEO4J_PASSWORD).")
@click.option("--database", envvar="PATHFINDER_NEO4J_DATABASE", metavar="NAME",
              help="The Neo4j database (default: the server's default database).")
@click.version_option(package_name="warm-pathfinder")
@click.pass_context
def cli(ctx: click.Context, store: str | None, database: str | None) -> None:
    """Find warm introduction paths through your team's contact exports.

    \b
    pathfinder import Connections.csv --owner "Rita Rep"
    pathfinder paths --account "Acme" --title "VP Sales"
    pathfinder ask --to "Dana Buyer"
    """
    ctx.obj = {"store": store, "database": database}


@click.command()
@click.option("--format", "fmt", type=Choice(["table", "json"]), default="table", show_default=True)
@click.option("--rebuild-index", is_flag=True, help="Rebuild the search index from every tie first.")
@click.pass_context
def check(ctx: click.Context, fmt: str, rebuild_index: bool) -> None:
    """Check the store's integrity, counts and index freshness; exit 1 on any inconsistency."""
    report = open_pf(ctx).check(rebuild_index=rebuild_index)
    if fmt == "json":
        click.echo(to_json(report), nl=False)
    else:
        for key, value in report["counts"].items():
            click.echo(f"{key}: {value}")
        idx = report["index"]
        click.echo(f"index: {'fresh' if idx['fresh'] else 'stale (rebuilt on next use)' if idx['present'] else 'absent (built on next use)'}"
                   f"{' (' + report['rebuilt'] + ', checksums verified)' if report.get('rebuilt') else ', checksums verified' if idx['present'] else ''}")
        for problem in report["problems"]:
            click.echo(f"PROBLEM: {problem}", err=True)
        click.echo("ok" if report["ok"] else f"{len(report['problems'])} problems")
    if not report["ok"]:
        raise click.exceptions.Exit(1)


@click.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.pass_context
def backup(ctx: click.Context, path: str) -> None:
    """Write a consistent copy of the store to PATH (safe while others use the store)."""
    open_pf(ctx).backup(path)
    click.echo(f"Backed up to {path}")


@click.command()
def formats() -> None:
    """List the export formats pathfinder can import."""
    for name, title in api.formats():
        click.echo(f"{name:<10} {title}")


@click.command("init-schema")
@click.pass_context
def init_schema(ctx: click.Context) -> None:
    """Create the Neo4j store's constraints and indexes (idempotent; a no-op for a file store)."""
    open_pf(ctx).init_schema()
    click.echo("Schema ready.")


@click.command()
@click.option("--from", "from_", metavar="PATH|URL", help="The store to copy (default: --store).")
@click.option("--to", "to", metavar="PATH|URL", required=True, help="The empty store to copy into.")
@click.pass_context
def migrate(ctx: click.Context, from_: str | None, to: str) -> None:
    """Copy a whole store to another backend: a file into Neo4j, or Neo4j into a file."""
    if from_:
        ctx.obj["store"] = from_
    counts = open_pf(ctx).migrate(to=to, database=ctx.obj["database"])
    click.echo("Copied " + ", ".join(f"{n} {table}" for table, n in counts.items() if n) + f" to {to}.")


@click.command()
@click.option("--keep", type=click.Path(file_okay=False), help="Keep the demo store in this folder.")
@click.pass_context
def demo(ctx: click.Context, keep: str | None) -> None:
    """The whole story on bundled sample exports, in a temporary store (or, when --store is a
    Neo4j URL, in that database, which must be empty)."""
    from pathfinder.faces.demo import run_demo
    run_demo(keep, echo=click.echo, store=ctx.obj["store"])


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on; anything but loopback needs PATHFINDER_TOKEN set.")
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="Port to listen on (default: a free one).")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int) -> None:
    """The web app: search, paths, the ask, prospects and coverage in your browser.

    Listens on 127.0.0.1, on a free port it prints. With PATHFINDER_TOKEN set in the environment
    every request must carry the token (log in at /login), and --host may name another interface.
    """
    import os

    from pathfinder.faces.web.server import serve as run_server
    run_server(ctx.obj["store"], host, port or None, os.environ.get("PATHFINDER_TOKEN") or None)


for command in (check, backup, formats, init_schema, migrate, demo, serve):
    cli.add_command(command)


def main() -> None:
    cli(prog_name="pathfinder")


if __name__ == "__main__":  # pragma: no cover
    main()
