"""The ``pathfinder`` command. Each command opens the store, calls one API method with the same
option names, and renders the answer; errors become ``Error: …`` on stderr with exit 1."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from pathfinder import api
from pathfinder.errors import PathfinderError
from pathfinder.faces.render import render_paths, to_csv, to_json

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


def open_pf(ctx: click.Context) -> api.PathFinder:
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


@click.group()
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


@cli.command("import")
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
    pf = open_pf(ctx)
    failed = 0
    summaries = []
    results = pf.import_files(items, format=format_, encoding=encoding, mapping=fields or None, dry_run=dry_run,
                              strict=strict)
    for path, s in results:
        if isinstance(s, Exception):
            failed += 1
            click.echo(f"Error: {in_cli_terms(s)}", err=True)
            continue
        summaries.append(s)
        if as_json:
            continue
        if s.already_imported:
            click.echo(f"{path}: already imported for {s.owner}; nothing changed.")
            continue
        click.echo(f"{path} ({s.format}): {s.rows} rows; people {s.people_added} added, "
                   f"{s.people_matched} matched, {s.people_merged} merged; ties {s.ties_added} added, "
                   f"{s.ties_updated} updated; {len(s.problems)} rows with problems.")
        for note in s.notes:
            click.echo(f"  {note}")
        for problem in s.problems[:10]:
            click.echo(f"  {problem}", err=True)
        if len(s.problems) > 10:
            click.echo(f"  ... and {len(s.problems) - 10} more", err=True)
    if as_json:
        click.echo(to_json([s.as_json() for s in summaries]), nl=False)
    if not dry_run and any(not s.already_imported for s in summaries):
        pf.refresh_index()
    if failed:
        raise click.exceptions.Exit(1)


@cli.command()
@click.option("--to", metavar="PERSON", help="A person: name, email or profile URL.")
@click.option("--account", help="Anyone at this account (company).")
@click.option("--title", help="Only targets with this title, e.g. 'VP Sales'.")
@from_option
@click.option("--top", type=click.IntRange(1), default=5, show_default=True, help="How many paths.")
@max_hops_option
@click.option("--per-target", type=click.IntRange(1), help="Allow this many paths per target.")
@output_format
@output_file
@click.pass_context
@friendly_errors
def paths(ctx: click.Context, to: str | None, account: str | None, title: str | None, from_: str | None,
          top: int, max_hops: int, per_target: int | None, fmt: str, output: str | None) -> None:
    """The most trusted paths to a person or into an account, one per introducer."""
    found = open_pf(ctx).paths(to=to, account=account, title=title, from_=from_, top=top,
                               max_hops=max_hops, per_target=per_target)
    emit(render_paths(found, fmt), output)


@cli.command()
@click.option("--title", multiple=True, help="A title that fits, e.g. 'VP Sales' (repeatable).")
@click.option("--seniority", multiple=True, type=click.Choice(["ic", "senior", "manager", "director", "vp", "c-level"]),
              help="Seniority that fits (repeatable).")
@click.option("--function", multiple=True, help="Function that fits: sales, marketing, finance, … (repeatable).")
@click.option("--account", multiple=True, help="Only people at this account (repeatable).")
@click.option("--accounts", "accounts_file", type=click.Path(exists=True, dir_okay=False),
              help="Only people at the accounts in this file (CSV with an 'account' column, or one per line).")
@click.option("--location", multiple=True, help="Only people whose location contains this (repeatable).")
@click.option("--exclude", multiple=True, type=click.Choice(["clients", "open-opportunities"]),
              help="Leave out current clients and/or people with an open opportunity.")
@click.option("--profile", type=click.Path(exists=True, dir_okay=False), help="A buyer profile (TOML).")
@from_option
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True)
@max_hops_option
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "xlsx"]), default="table",
              show_default=True, help="Output format (xlsx needs -o).")
@output_file
@click.pass_context
@friendly_errors
def prospects(ctx: click.Context, title: tuple[str, ...], seniority: tuple[str, ...], function: tuple[str, ...],
              account: tuple[str, ...], accounts_file: str | None, location: tuple[str, ...], exclude: tuple[str, ...],
              profile: str | None, from_: str | None, limit: int, max_hops: int, fmt: str, output: str | None) -> None:
    """Everyone reachable who fits a buyer profile, ranked by the warmth of the best path."""
    from pathfinder.faces.render import PROSPECT_HEADER, prospect_rows, prospects_xlsx

    accounts = list(account) + (read_accounts(accounts_file) if accounts_file else [])
    found = open_pf(ctx).prospects(title=list(title), seniority=list(seniority), function=list(function),
                                   account=accounts, location=list(location), exclude=list(exclude),
                                   profile=profile, from_=from_, limit=limit, max_hops=max_hops)
    if fmt == "xlsx":
        if not output:
            raise click.UsageError("--format xlsx writes a file: give it with -o prospects.xlsx")
        prospects_xlsx(found, output)
        click.echo(f"Wrote {output}", err=True)
    elif fmt == "csv":
        emit(to_csv(PROSPECT_HEADER, prospect_rows(found)), output)
    else:
        emit(render_paths([p.path for p in found], fmt), output)


def read_accounts(path: str) -> list[str]:
    """An accounts file: a CSV with an ``account`` (or ``company``) column, or one name per line."""
    import csv
    text = Path(path).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(text.splitlines()))
    if rows and any(c.strip().lower() in ("account", "company", "account name", "name") for c in rows[0]):
        col = next(i for i, c in enumerate(rows[0]) if c.strip().lower() in ("account", "company", "account name", "name"))
        return [r[col] for r in rows[1:] if len(r) > col and r[col].strip()]
    return [line.strip() for line in text.splitlines() if line.strip()]


@cli.command()
@click.option("--accounts", "accounts_file", required=True, type=click.Path(exists=True, dir_okay=False),
              help="A CSV with an 'account' column, or one account per line.")
@click.option("--title", help="Only count paths to people with this title.")
@click.option("--candidate", multiple=True, metavar="PERSON",
              help="Evaluate whose network to add next for this person (repeatable; default: the team's closest contacts).")
@max_hops_option
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "html"]), default="table",
              show_default=True, help="html writes a self-contained report with a heatmap (use -o).")
@output_file
@click.pass_context
@friendly_errors
def coverage(ctx: click.Context, accounts_file: str, title: str | None, candidate: tuple[str, ...], max_hops: int,
             fmt: str, output: str | None) -> None:
    """How well the team's network covers a list of target accounts: accounts × teammates,
    single-introducer risk, gaps, reach, and whose network to add next."""
    report = open_pf(ctx).coverage(read_accounts(accounts_file), title=title, max_hops=max_hops,
                                   candidates=list(candidate) or None, member_paths=3 if fmt == "html" else 0)
    if fmt == "json":
        text = to_json(report.as_json())
    elif fmt == "html":
        from pathfinder.faces.report import coverage_html
        text = coverage_html(report)
    elif fmt == "csv":
        text = to_csv(["account", "people", "best_score", "routes", "single_introducer_risk", "best_introducer",
                       "best_target", *report.team],
                      ([a.account, a.people, f"{a.best.score:.6f}" if a.best else "0", a.paths,
                        "yes" if a.single_introducer_risk else "",
                        (a.best.introducer.name if a.best and a.best.introducer else ""),
                        a.best.target.name if a.best else "",
                        *(f"{a.members[m]:.6f}" if m in a.members else "" for m in report.team)]
                       for a in report.accounts))
    else:
        lines = [f"{'account':<26} {'people':>6} {'best':>6} {'routes':>6}  " + "  ".join(f"{m[:10]:>10}" for m in report.team)]
        for a in report.accounts:
            cells = "  ".join(f"{a.members[m]:>10.3f}" if m in a.members else f"{'-':>10}" for m in report.team)
            best = f"{a.best.score:>6.3f}" if a.best else f"{'-':>6}"
            flag = "  GAP: no path" if a.best is None else "  (one introducer)" if a.single_introducer_risk else ""
            lines.append(f"{a.account[:26]:<26} {a.people:>6} {best} {a.paths:>6}  {cells}{flag}")
        lines.append(f"Gaps: {', '.join(report.gaps) or 'none'}")
        lines.append("Reach: " + ", ".join(f"{m} {n}" for m, n in report.reach.items()))
        for s in report.suggestions:
            lines.append(f"Add next: {s.person} ({s.company}) would open {', '.join(s.accounts)} ({'; '.join(s.why)})")
        text = "\n".join(lines) + "\n"
    emit(text, output)


@cli.command()
@click.option("--to", "to", multiple=True, metavar="PERSON", help="Who you want to meet (repeatable).")
@click.option("--account", help="Everyone worth meeting at this account (with --title to narrow).")
@click.option("--title", help="With --account: only people with this title.")
@click.option("--via", metavar="PERSON", help="Ask this introducer (default: the best one).")
@from_option
@max_hops_option
@click.option("--problem", help="The problem you solved for the introducer, for the 'why them' line.")
@click.option("--template", type=click.Path(exists=True, dir_okay=False), help="Your own template file.")
@click.option("--record", is_flag=True, help="Put the asks in the introductions ledger.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "eml", "csv", "json"]), default="text",
              show_default=True, help="eml writes one unsent e-mail draft per introducer into --output (a folder).")
@output_file
@click.pass_context
@friendly_errors
def ask(ctx: click.Context, to: tuple[str, ...], account: str | None, title: str | None, via: str | None,
        from_: str | None, max_hops: int, problem: str | None, template: str | None, record: bool, fmt: str,
        output: str | None) -> None:
    """Write the introduction requests: one message per introducer, naming each person to meet."""
    plan = open_pf(ctx).ask(to=list(to) or None, account=account, title=title, via=via, from_=from_,
                            max_hops=max_hops, problem=problem, template=template, record=record)
    if fmt == "eml":
        folder = Path(output or ".")
        folder.mkdir(parents=True, exist_ok=True)
        for i, draft in enumerate(plan.drafts, 1):
            name = "".join(c if c.isalnum() else "-" for c in draft.introducer).strip("-") or "introducer"
            (folder / f"{i:02d}-{name}.eml").write_bytes(draft.as_eml())
        click.echo(f"Wrote {len(plan.drafts)} drafts to {folder}", err=True)
    elif fmt == "json":
        emit(to_json(plan.as_json()), output)
    elif fmt == "csv":
        emit(to_csv(["introducer", "introducer_email", "subject", "body", "named", "sender"],
                    ([d.introducer, d.introducer_email, d.subject, d.body, "; ".join(d.named), d.sender]
                     for d in plan.drafts)), output)
    else:
        heading = "## To: {to}\n\n**Subject:** {subject}\n\n" if fmt == "markdown" else "To: {to}\nSubject: {subject}\n\n"
        parts = [heading.format(to=d.introducer, subject=d.subject) + d.body for d in plan.drafts]
        emit(("\n---\n\n" if fmt == "markdown" else "\n" + "=" * 72 + "\n\n").join(parts), output)
    for skipped in plan.skipped:
        click.echo(f"Skipped: {skipped}", err=True)
    for draft in plan.drafts:
        for warning in api.playbook_warnings(draft.subject + "\n" + draft.body):
            click.echo(f"Warning: the request to {draft.introducer} {warning}", err=True)


@cli.command("review-ask")
@click.argument("draft", type=click.Path(exists=True, dir_okay=False))
def review_ask(draft: str) -> None:
    """Check an edited request or template against the playbook; exit 1 if it drifts into a
    generic "who do you know?" ask or says "referral"."""
    warnings = api.review_ask(Path(draft).read_text(encoding="utf-8"))
    for warning in warnings:
        click.echo(f"{draft}: {warning}", err=True)
    if warnings:
        raise click.exceptions.Exit(1)
    click.echo(f"{draft}: follows the playbook")


@cli.group(invoke_without_command=True)
@click.option("--status", type=click.Choice(api.STATUSES), help="Only introductions in this state.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
@friendly_errors
def intros(ctx: click.Context, status: str | None, fmt: str) -> None:
    """The introductions ledger: list it, `add` to it, `update` an entry."""
    if ctx.invoked_subcommand:
        return
    found = open_pf(ctx).intros(status=status)
    if fmt == "json":
        click.echo(to_json([i.as_json() for i in found]), nl=False)
        return
    for i in found:
        kind = "earned" if i.earned else "asked"
        click.echo(f"#{i.id}  {i.status:<11} {i.updated_at}  {i.rep} -> {i.introducer} -> {i.target}  ({kind}; {i.tier})")
    if not found:
        click.echo("The ledger is empty: `pathfinder ask --record` or `pathfinder intros add` fills it.")


@intros.command("add")
@click.option("--to", required=True, metavar="PERSON", help="Who is to be introduced.")
@click.option("--via", required=True, metavar="PERSON", help="The introducer.")
@from_option
@click.option("--earned", is_flag=True, help="The introducer offered it without being asked.")
@click.option("--status", type=click.Choice(api.STATUSES), default="asked", show_default=True)
@click.option("--date", "on", type=click.DateTime(["%Y-%m-%d"]), help="When (default: today).")
@click.option("--note", default="", help="A note to keep with it.")
@click.pass_context
@friendly_errors
def intros_add(ctx: click.Context, to: str, via: str, from_: str | None, earned: bool, status: str,
               on: Any, note: str) -> None:
    """Record an introduction asked for (or earned)."""
    intro_id = open_pf(ctx).record_intro(to=to, via=via, from_=from_, earned=earned, status=status,
                                         at=on.date() if on else None, note=note)
    click.echo(f"Recorded introduction #{intro_id}.")


@intros.command("update")
@click.argument("intro_id", type=int)
@click.argument("status", type=click.Choice(api.STATUSES))
@click.option("--date", "on", type=click.DateTime(["%Y-%m-%d"]), help="When (default: today).")
@click.option("--note", default="", help="A note to keep with it.")
@click.pass_context
@friendly_errors
def intros_update(ctx: click.Context, intro_id: int, status: str, on: Any, note: str) -> None:
    """Move introduction INTRO_ID to STATUS."""
    open_pf(ctx).update_intro(intro_id, status, at=on.date() if on else None, note=note)
    click.echo(f"Introduction #{intro_id} is now {status}.")


@cli.command()
@click.option("--date", "on", type=click.DateTime(["%Y-%m-%d"]), help="As of this day (default: today).")
@click.option("--all", "all_", is_flag=True, help="Upcoming follow-ups too.")
@click.option("--done", nargs=2, type=(int, str), metavar="ID KIND", help="Mark a follow-up as sent.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
@friendly_errors
def followups(ctx: click.Context, on: Any, all_: bool, done: tuple[int, str] | None, fmt: str) -> None:
    """The follow-ups due: thank within a day, report back after meeting, thank again on a sale."""
    pf = open_pf(ctx)
    if done:
        pf.followup_done(*done)
        click.echo(f"Marked '{done[1]}' for introduction #{done[0]} as sent.")
        return
    due = pf.followups(today=on.date() if on else None, all=all_)
    owed = pf.reciprocity()
    if fmt == "json":
        click.echo(to_json({"due": [f.as_json() for f in due], "reciprocity_owed": owed}), nl=False)
        return
    for f in due:
        click.echo(f"{f.due}  #{f.intro_id} {f.kind} -> {f.to}\n    {f.draft}")
    if not due:
        click.echo("Nothing due.")
    for o in owed:
        ideas = f"; ideas: {', '.join(o['ideas'])}" if o["ideas"] else ""
        click.echo(f"Owed: {o['introducer']} made {o['introductions_given']} introduction(s) for {o['rep']}{ideas}")


@cli.command()
@click.argument("query")
@click.option("--limit", type=click.IntRange(1), default=10, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
@friendly_errors
def people(ctx: click.Context, query: str, limit: int, fmt: str) -> None:
    """Find people by name or company."""
    found = open_pf(ctx).people(query, limit=limit)
    if fmt == "json":
        click.echo(to_json([{"id": p.id, "name": p.name, "title": p.title, "company": p.company} for p in found]), nl=False)
        return
    for p in found:
        click.echo(f"{p.id}  {p.name}  ({', '.join(x for x in (p.title, p.company) if x)})")
    if not found:
        click.echo("Nobody matches.")


@cli.command()
@click.option("--from", "from_", required=True, metavar="PERSON", help="One end of the tie (or path).")
@click.option("--to", required=True, metavar="PERSON", help="The other end.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
@friendly_errors
def explain(ctx: click.Context, from_: str, to: str, fmt: str) -> None:
    """Why pathfinder trusts the tie between two people: every piece of evidence and its weight."""
    info = open_pf(ctx).explain(from_=from_, to=to)
    if fmt == "json":
        click.echo(to_json(info), nl=False)
        return
    if not info["hops"]:
        click.echo(f"No tie and no path between {info['from']} and {info['to']}.")
    elif not info["direct"]:
        click.echo(f"{info['from']} and {info['to']} have no tie of their own; "
                   f"the best path scores {info['score']:.3f}:")
    for hop in info["hops"]:
        flag = "" if hop["usable"] else "  (never used: do-not-ask)"
        click.echo(f"{hop['from']} - {hop['to']}: trust {hop['trust']:.3f}{flag}")
        for piece in hop["pieces"]:
            click.echo(f"  {piece['strength']:>5.2f}  {piece['why']}")
        click.echo(f"  ({hop['combination']})")
        for ev in hop["evidence"]:
            detail = ", ".join(f"{k}={v}" for k, v in ev["data"].items())
            click.echo(f"    {ev['kind']}{' ' + ev['date'] if ev['date'] else ''}{' (' + detail + ')' if detail else ''}"
                       f"  from {ev['source']} ({ev['owner']}'s)")


@cli.group(invoke_without_command=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
@friendly_errors
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
@friendly_errors
def team_add_key(ctx: click.Context, member: str, key: str) -> None:
    """KEY (an email, a profile URL, a CRM record or a person's id) is MEMBER's own: the person who
    has it is merged into MEMBER, and later imports match it to them."""
    pf = open_pf(ctx)
    click.echo(pf.add_team_key(member, key) + ".")
    pf.refresh_index()


@cli.command()
@click.argument("member")
@click.argument("person")
@click.option("--strength", type=float, help="How strong, in (0, 1) (default from the weights: 0.8).")
@click.option("--note", help="Why, in a few words (shown as the reason).")
@click.option("--undo", is_flag=True, help="Withdraw the vouch.")
@click.pass_context
@friendly_errors
def vouch(ctx: click.Context, member: str, person: str, strength: float | None, note: str | None, undo: bool) -> None:
    """MEMBER vouches that they know PERSON well (a manual override of the evidence)."""
    open_pf(ctx).vouch(member, person, strength=strength, note=note, undo=undo)
    click.echo(f"{'Withdrew' if undo else 'Recorded'} {member}'s vouch for {person}.")


@cli.command("do-not-ask")
@click.argument("member")
@click.argument("person")
@click.option("--undo", is_flag=True, help="Allow the tie again.")
@click.pass_context
@friendly_errors
def do_not_ask(ctx: click.Context, member: str, person: str, undo: bool) -> None:
    """Never route an introduction over the tie between MEMBER and PERSON."""
    open_pf(ctx).do_not_ask(member, person, undo=undo)
    click.echo(f"The tie {member} - {person} is {'usable again' if undo else 'never used in a path'}.")


@cli.command("never-use")
@click.argument("person")
@click.option("--undo", is_flag=True, help="PERSON may be asked again.")
@click.pass_context
@friendly_errors
def never_use(ctx: click.Context, person: str, undo: bool) -> None:
    """PERSON is never asked to make an introduction ("never use my name")."""
    open_pf(ctx).never_use(person, undo=undo)
    click.echo(f"{person} {'may be asked again' if undo else 'will never be asked to introduce anyone'}.")


@cli.command("explain-person")
@click.argument("person")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
@friendly_errors
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


@cli.command()
@click.argument("person")
@click.option("--key", required=True, help="The key whose rows become a person of their own, e.g. email:x@y.com.")
@click.pass_context
@friendly_errors
def unmerge(ctx: click.Context, person: str, key: str) -> None:
    """Undo a wrong merge: the rows of PERSON that carried KEY become a separate person."""
    new_id = open_pf(ctx).unmerge(person, key=key)
    click.echo(f"Split {key} off {person}: now person {new_id}. They will be kept apart on future imports.")


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
@friendly_errors
def stats(ctx: click.Context, fmt: str) -> None:
    """Counts (people, ties, evidence, files, team), and what asking yields: asked versus earned
    introductions and how far they got, by relationship tier, introducer and rep."""
    pf = open_pf(ctx)
    s: dict[str, Any] = dict(pf.stats())
    s["introductions"] = pf.intro_stats()
    if fmt == "json":
        click.echo(to_json(s), nl=False)
        return
    for key, value in s.items():
        if key != "introductions":
            click.echo(f"{key}: {value}")
    for group, rows in s["introductions"].items():
        if rows:
            click.echo(f"introductions {group.replace('_', ' ')}:")
            for r in rows:
                click.echo(f"  {r['key']:<22} asked {r['asked']:>3}  earned {r['earned']:>3}  declined {r['declined']:>3}  "
                           f"introduced {r['introduced']:>3} ({r['introduced_rate']:.0%})  met {r['met']:>3}  won {r['won']:>3}")


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
@friendly_errors
def check(ctx: click.Context, fmt: str) -> None:
    """Check the store's integrity, counts and index freshness; exit 1 on any inconsistency."""
    report = open_pf(ctx).check()
    if fmt == "json":
        click.echo(to_json(report), nl=False)
    else:
        for key, value in report["counts"].items():
            click.echo(f"{key}: {value}")
        idx = report["index"]
        click.echo(f"index: {'fresh' if idx['fresh'] else 'stale (rebuilt on next use)' if idx['present'] else 'absent (built on next use)'}")
        for problem in report["problems"]:
            click.echo(f"PROBLEM: {problem}", err=True)
        click.echo("ok" if report["ok"] else f"{len(report['problems'])} problems")
    if not report["ok"]:
        raise click.exceptions.Exit(1)


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.pass_context
@friendly_errors
def backup(ctx: click.Context, path: str) -> None:
    """Write a consistent copy of the store to PATH (safe while others use the store)."""
    open_pf(ctx).backup(path)
    click.echo(f"Backed up to {path}")


@cli.command("export-person")
@click.argument("person")
@click.pass_context
@friendly_errors
def export_person(ctx: click.Context, person: str) -> None:
    """Everything held about PERSON, as JSON (the right of access)."""
    click.echo(to_json(open_pf(ctx).export_person(person)), nl=False)


@cli.command()
@click.argument("person")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--undo", is_flag=True,
              help='Lift a suppression: PERSON is the email, profile URL or "Name, Company" they had.')
@click.pass_context
@friendly_errors
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
    click.echo(f"Forgot {target.name}: {counts['ties_with_others']} ties and {counts['introductions']} "
               "introductions removed; later imports will skip them.")


@cli.command()
def formats() -> None:
    """List the export formats pathfinder can import."""
    for name, title in api.formats():
        click.echo(f"{name:<10} {title}")


@cli.command("init-schema")
@click.pass_context
@friendly_errors
def init_schema(ctx: click.Context) -> None:
    """Create the Neo4j store's constraints and indexes (idempotent; a no-op for a file store)."""
    open_pf(ctx).init_schema()
    click.echo("Schema ready.")


@cli.command()
@click.option("--from", "from_", metavar="PATH|URL", help="The store to copy (default: --store).")
@click.option("--to", "to", metavar="PATH|URL", required=True, help="The empty store to copy into.")
@click.pass_context
@friendly_errors
def migrate(ctx: click.Context, from_: str | None, to: str) -> None:
    """Copy a whole store to another backend: a file into Neo4j, or Neo4j into a file."""
    if from_:
        ctx.obj["store"] = from_
    counts = open_pf(ctx).migrate(to=to, database=ctx.obj["database"])
    click.echo("Copied " + ", ".join(f"{n} {table}" for table, n in counts.items() if n) + f" to {to}.")


@cli.command()
@click.option("--keep", type=click.Path(file_okay=False), help="Keep the demo store in this folder.")
@click.pass_context
@friendly_errors
def demo(ctx: click.Context, keep: str | None) -> None:
    """The whole story on bundled sample exports, in a temporary store (or, when --store is a
    Neo4j URL, in that database, which must be empty)."""
    from pathfinder.faces.demo import run_demo
    run_demo(keep, echo=click.echo, store=ctx.obj["store"])


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on; anything but loopback needs PATHFINDER_TOKEN set.")
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="Port to listen on (default: a free one).")
@click.pass_context
@friendly_errors
def serve(ctx: click.Context, host: str, port: int) -> None:
    """The web app: search, paths, the ask, prospects and coverage in your browser.

    Listens on 127.0.0.1, on a free port it prints. With PATHFINDER_TOKEN set in the environment
    every request must carry the token (log in at /login), and --host may name another interface.
    """
    import os

    from pathfinder.faces.web.server import serve as run_server
    run_server(ctx.obj["store"], host, port or None, os.environ.get("PATHFINDER_TOKEN") or None)


def main() -> None:
    cli(prog_name="pathfinder")


if __name__ == "__main__":  # pragma: no cover
    main()
