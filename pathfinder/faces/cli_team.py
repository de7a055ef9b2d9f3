"""The commands about who is who: importing exports, the team, a person's identity, the team's own word, and personal data."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from pathfinder import api
from pathfinder.errors import PathfinderError
from pathfinder.faces.cli_common import (
    Choice,
    in_cli_terms,
    open_pf,
)
from pathfinder.faces.render import (
    to_json,
)
from pathfinder.records import ImportSummary


@click.command("import")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--owner", help='Whose export this is: a name, email, profile URL or "Name <email>" (a LinkedIn '
                               "archive says itself).")
@click.option("--manifest", type=click.Path(dir_okay=False), metavar="CSV",
              help="Import the exports this list names instead: columns file, owner and optionally role "
                   "(member or connector); files relative to the list.")
@click.option("--connector", is_flag=True,
              help="The owner is outside the team (a client, advisor, investor): reachable, not a start.")
@click.option("--new-member", is_flag=True,
              help="The owner is a new teammate, even if their name is close to a member's (not a typo).")
@click.option("--format", "format_", metavar="NAME", help="Force the export format (see `pathfinder formats`).")
@click.option("--encoding", help="Force the file encoding (default: detected).")
@click.option("--map", "mapping", multiple=True, metavar="FIELD=HEADER",
              help="For generic CSVs: which column holds a field, e.g. --map name='Full Name'.")
@click.option("--dry-run", is_flag=True, help="Show what would be imported; change nothing.")
@click.option("--strict", is_flag=True, help="Fail on any row problem instead of skipping the row.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_context
def import_(ctx: click.Context, paths: tuple[str, ...], owner: str | None, manifest: str | None, connector: bool,
            new_member: bool, format_: str | None, encoding: str | None, mapping: tuple[str, ...], dry_run: bool,
            strict: bool, as_json: bool) -> None:
    """Import contact exports (LinkedIn archives and Connections.csv, address books, CRM exports)
    for one owner, or a whole team's from a --manifest list.

    Each file is one transaction: a file that fails leaves everything already stored intact.
    Importing the same file again changes nothing.
    """
    if manifest and (paths or owner or connector or new_member):
        raise click.UsageError("--manifest names each file, its owner and role: give no files, --owner, --connector "
                               "or --new-member")
    if not manifest and not (paths and (owner or all(p.lower().endswith(".zip") or Path(p).is_dir() for p in paths))):
        raise click.UsageError("give the files to import and --owner (or a --manifest list); "
                               "a LinkedIn archive (.zip or folder) says itself whose it is")
    try:
        items = (api.read_manifest(manifest) if manifest
                 else [api.ImportItem(Path(p), owner or "", connector, new_member) for p in paths])
    except PathfinderError as exc:
        raise click.ClickException(str(exc)) from exc
    fields = {}
    for item in mapping:
        field, sep, header = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r} is not FIELD=HEADER", param_hint="--map")
        fields[field.strip()] = header.strip()
    pf = open_pf(ctx, create=True)
    failed = 0
    summaries = []
    results = pf.import_files(items, format=format_, encoding=encoding, mapping=fields or None, dry_run=dry_run,
                              strict=strict)
    progress = Progress(len(items))
    progress.show(f"reading {items[0].path.name}" if items else "")
    for i, (path, s) in enumerate(results, 1):
        progress.clear()
        if isinstance(s, Exception):
            failed += 1
            click.echo(f"Error: {in_cli_terms(s)}", err=True)
        else:
            summaries.append(s)
            if not as_json:
                print_summary(path, s)
            progress.rows += s.rows
        progress.files = i
        progress.show(f"reading {items[i].path.name}" if i < len(items) else "building the search index")
    if as_json:
        click.echo(to_json([s.as_json() for s in summaries]), nl=False)
    if not dry_run and any(not s.already_imported for s in summaries):
        pf.refresh_index()
    progress.clear()
    if failed:
        raise click.exceptions.Exit(1)


def print_summary(path: Path, s: ImportSummary) -> None:
    """What importing one file changed, and the rows it could not use (a file name that is not
    UTF-8 as the summary spells it)."""
    path = Path(s.path) if s.path else path
    if s.already_imported:
        click.echo(f"{path}: already imported for {s.owner}; nothing changed.")
        return
    click.echo(f"{path} ({s.format}): {s.rows} row{'' if s.rows == 1 else 's'}; people {s.people_added} added, "
               f"{s.people_matched} matched, {s.people_merged} merged; ties {s.ties_added} added, "
               f"{s.ties_updated} updated; {len(s.problems)} row{'' if len(s.problems) == 1 else 's'} with problems.")
    for note in s.notes:
        click.echo(f"  {note}")
    for problem in s.problems[:10]:
        click.echo(f"  {problem}", err=True)
    if len(s.problems) > 10:
        click.echo(f"  ... and {len(s.problems) - 10} more", err=True)


class Progress:
    """A status line on a terminal (stderr) while a long import runs: files done, rows read, the
    rate and what it is doing. Nothing at all when stderr is not a terminal (a pipe, a log)."""

    def __init__(self, total: int) -> None:
        self.on = sys.stderr.isatty() and total > 0
        self.total, self.files, self.rows = total, 0, 0
        self.started = time.monotonic()

    def show(self, doing: str) -> None:
        if self.on:
            elapsed = max(time.monotonic() - self.started, 1e-9)
            click.echo(f"\r\033[K[{self.files}/{self.total} files] {self.rows:,} rows, {self.rows / elapsed:,.0f} rows/s, "
                       f"{elapsed:.0f} s: {doing}", err=True, nl=False)

    def clear(self) -> None:
        if self.on:
            click.echo("\r\033[K", err=True, nl=False)


@click.group(invoke_without_command=True)
@click.option("--format", "fmt", type=Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
def team(ctx: click.Context, fmt: str) -> None:
    """The team: members and connectors, their keys, how many contacts each brought, and who a
    member given by name could still be. `add-key` says a key is a member's."""
    if ctx.invoked_subcommand:
        return
    found = open_pf(ctx).team()
    if fmt == "json":
        click.echo(to_json([t.as_json() for t in found]), nl=False)
        return
    for t in found:
        role = ", ".join(x for x in (t.title, t.company) if x)
        click.echo(f"{t.role:<9} {t.name}{f' ({role})' if role else ''}; id {t.id}; {t.exports} export(s), "
                   f"{t.contacts} contacts")
        click.echo(f"          keys: {', '.join(t.known_by) or 'only the name'}")
        for other in t.could_be:
            click.echo(f"          could also be: {other}  (pathfinder team add-key {json.dumps(t.name)} ID)")
    if not found:
        click.echo("No team yet: import an export with its owner (pathfinder import FILE --owner NAME).")


@team.command("add-key")
@click.argument("member")
@click.argument("key")
@click.pass_context
def team_add_key(ctx: click.Context, member: str, key: str) -> None:
    """KEY (an email, a profile URL, a CRM record or a person's id) is MEMBER's own: the person who
    has it is merged into MEMBER, and later imports match it to them."""
    pf = open_pf(ctx)
    click.echo(pf.add_team_key(member, key) + ".")
    pf.refresh_index()


@click.command()
@click.argument("member")
@click.argument("person")
@click.option("--strength", type=float, help="How strong, in (0, 1) (default from the weights: 0.8).")
@click.option("--note", help="Why, in a few words (shown as the reason).")
@click.option("--undo", is_flag=True, help="Withdraw the vouch.")
@click.pass_context
def vouch(ctx: click.Context, member: str, person: str, strength: float | None, note: str | None, undo: bool) -> None:
    """MEMBER vouches that they know PERSON well (a manual override of the evidence)."""
    open_pf(ctx).vouch(member, person, strength=strength, note=note, undo=undo)
    click.echo(f"{'Withdrew' if undo else 'Recorded'} {member}'s vouch for {person}.")


@click.command("do-not-ask")
@click.argument("member")
@click.argument("person")
@click.option("--undo", is_flag=True, help="Allow the tie again.")
@click.pass_context
def do_not_ask(ctx: click.Context, member: str, person: str, undo: bool) -> None:
    """Never route an introduction over the tie between MEMBER and PERSON."""
    open_pf(ctx).do_not_ask(member, person, undo=undo)
    click.echo(f"The tie {member} - {person} is usable again." if undo else
               f"Nobody will be asked along the tie {member} - {person}: routes over it show as held back.")


@click.command("never-use")
@click.argument("person")
@click.option("--undo", is_flag=True, help="PERSON may be asked again.")
@click.pass_context
def never_use(ctx: click.Context, person: str, undo: bool) -> None:
    """PERSON is never asked to make an introduction ("never use my name")."""
    open_pf(ctx).never_use(person, undo=undo)
    click.echo(f"{person} {'may be asked again' if undo else 'will never be asked to introduce anyone'}.")


@click.command("explain-person")
@click.argument("person")
@click.option("--format", "fmt", type=Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
def explain_person(ctx: click.Context, person: str, fmt: str) -> None:
    """Who PERSON is across exports: keys, where they were seen, how each row matched, merges."""
    info = open_pf(ctx).explain_person(person)
    if fmt == "json":
        click.echo(to_json(info), nl=False)
        return
    role = ", ".join(x for x in (info["title"], info["company"]) if x)
    click.echo(f"{info['name']} ({role}); id {info['id']}")
    click.echo(f"keys: {', '.join(info['keys']) or 'none'}")
    for s in info["sightings"]:
        where = f"{s['file']}:{s['line']}" if s["line"] else f"{s['file']} (as its owner)"
        click.echo(f"  {where} ({s['owner']}'s export): matched by {s['matched_by']}")
    for m in info["merges"]:
        click.echo(f"  merge: {m['reason']} ({', '.join(m['keys'])})")
    if info["kept_apart_from"]:
        click.echo(f"kept apart from: {', '.join(info['kept_apart_from'])}")


@click.command()
@click.argument("person")
@click.option("--key", required=True, help="The key whose rows become a person of their own, e.g. email:x@y.com.")
@click.pass_context
def unmerge(ctx: click.Context, person: str, key: str) -> None:
    """Undo a wrong merge: the rows of PERSON that carried KEY become a separate person."""
    new_id = open_pf(ctx).unmerge(person, key=key)
    click.echo(f"Split {key} off {person}: now person {new_id}. They will be kept apart on future imports.")


@click.command("export-person")
@click.argument("person")
@click.pass_context
def export_person(ctx: click.Context, person: str) -> None:
    """Everything held about PERSON, as JSON (the right of access)."""
    click.echo(to_json(open_pf(ctx).export_person(person)), nl=False)


@click.command()
@click.argument("person")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--undo", is_flag=True,
              help='Lift a suppression: PERSON is the email, profile URL or "Name, Company" they had.')
@click.pass_context
def forget(ctx: click.Context, person: str, yes: bool, undo: bool) -> None:
    """Remove PERSON everywhere, and keep them out of later imports (the right to be forgotten)."""
    pf = open_pf(ctx)
    if undo:
        lifted = pf.forget(person, undo=True)["lifted"]
        click.echo(f"Lifted {lifted} suppressed keys: later imports may bring {person} back.")
        return
    target = pf.person(person)
    if not yes:
        click.confirm(f"Forget {target.name} ({target.company or 'no company'}) everywhere? This cannot be undone",
                      abort=True, err=True)
    counts = pf.forget(target.id)
    namesakes = counts["people"] - 1
    click.echo(f"Forgot {target.name}: {counts['ties_with_others']} ties and {counts['introductions']} "
               f"introductions removed" + (f", {namesakes} more known only by the name" if namesakes else "") +
               (f", {counts['mentions']} mentions elsewhere replaced by \"(forgotten)\"" if counts["mentions"] else "") +
               "; later imports will skip them.")
    if counts["migration_backups"]:
        click.echo(f"Removed {counts['migration_backups']} copies an older pathfinder's schema migration left beside the store.")
    left = pf.backups()
    if left:
        click.echo(f"Backups made earlier still hold {target.name}; pathfinder does not change them. Delete them or "
                   "restore each, forget there, and back up again:", err=True)
        for path in left:
            click.echo(f"  {path}", err=True)
