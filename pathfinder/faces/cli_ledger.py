"""The introductions ledger and what it yields: intros, follow-ups, stats."""

from __future__ import annotations

from typing import Any

import click

from pathfinder import api
from pathfinder.faces.cli_common import (
    Choice,
    emit,
    from_option,
    open_pf,
)
from pathfinder.faces.render import (
    followups_json,
    stats_json,
    to_json,
)


@click.group(invoke_without_command=True)
@click.option("--status", type=Choice(api.STATUSES), help="Only introductions in this state.")
@click.option("--format", "fmt", type=Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
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
@click.option("--status", type=Choice(api.STATUSES), default="asked", show_default=True)
@click.option("--date", "on", type=click.DateTime(["%Y-%m-%d"]), help="When (default: today).")
@click.option("--note", default="", help="A note to keep with it.")
@click.pass_context
def intros_add(ctx: click.Context, to: str, via: str, from_: str | None, earned: bool, status: str,
               on: Any, note: str) -> None:
    """Record an introduction asked for (or earned)."""
    intro_id = open_pf(ctx).record_intro(to=to, via=via, from_=from_, earned=earned, status=status,
                                         at=on.date() if on else None, note=note)
    click.echo(f"Recorded introduction #{intro_id}.")


@intros.command("update")
@click.argument("intro_id", type=int)
@click.argument("status", type=Choice(api.STATUSES))
@click.option("--date", "on", type=click.DateTime(["%Y-%m-%d"]), help="When (default: today).")
@click.option("--note", default="", help="A note to keep with it.")
@click.pass_context
def intros_update(ctx: click.Context, intro_id: int, status: str, on: Any, note: str) -> None:
    """Move introduction INTRO_ID to STATUS."""
    pf = open_pf(ctx)
    pf.update_intro(intro_id, status, at=on.date() if on else None, note=note)
    click.echo(f"Introduction #{intro_id} is now {status}.")
    if status == "won":
        intro = next(i for i in pf.intros() if i.id == intro_id)
        click.echo(f"{intro.target} is a client now. At the close, don't ask for names: agree a referral-based "
                   f"relationship, then ask once they have seen results:\n  pathfinder agreed \"{intro.target}\" "
                   f"--from \"{intro.rep}\"")


@click.command()
@click.option("--date", "on", type=click.DateTime(["%Y-%m-%d"]), help="As of this day (default: today).")
@click.option("--all", "all_", is_flag=True, help="Upcoming follow-ups too.")
@click.option("--done", nargs=2, type=(int, Choice(api.FOLLOWUP_KINDS)), metavar="ID KIND",
              help=f"Mark a follow-up as sent; KIND is one of: {', '.join(repr(k) for k in api.FOLLOWUP_KINDS)}.")
@click.option("--format", "fmt", type=Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
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
        click.echo(followups_json(due, owed), nl=False)
        return
    for f in due:
        click.echo(f"{f.due}  #{f.intro_id} {f.kind} -> {f.to}\n    {f.draft}")
    if not due:
        click.echo("Nothing due.")
    for o in owed:
        ideas = f"; ideas: {', '.join(o['ideas'])}" if o["ideas"] else ""
        click.echo(f"Owed: {o['introducer']} made {o['introductions_given']} introduction(s) for {o['rep']}{ideas}")


@click.command()
@click.option("--format", "fmt", type=Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
def stats(ctx: click.Context, fmt: str) -> None:
    """Counts (people, ties, evidence, files, team), and what asking yields: asked versus earned
    introductions and how far they got, by relationship tier, introducer and rep."""
    pf = open_pf(ctx)
    if fmt == "json":
        click.echo(stats_json(pf), nl=False)
        return
    click.echo(f"store: {pf.location}")
    s: dict[str, Any] = dict(pf.stats())
    s["introductions"] = pf.intro_stats()
    for key, value in s.items():
        if key != "introductions":
            click.echo(f"{key}: {value}")
    waits = s["introductions"].pop("days_from_agreement_to_first_introduction", [])
    timing = s["introductions"].pop("by_timing", [])
    for group, rows in s["introductions"].items():
        if rows:
            click.echo(f"introductions {group.replace('_', ' ')}:")
            for r in rows:
                click.echo(f"  {r['key']:<22} asked {r['asked']:>3}  earned {r['earned']:>3}  declined {r['declined']:>3}  "
                           f"introduced {r['introduced']:>3} ({r['introduced_rate']:.0%})  met {r['met']:>3}  won {r['won']:>3}")
    if timing:
        click.echo("introductions by timing:")
        for r in timing:
            click.echo(f"  {r['key']:<28} {r['asks']:>3}  introduced {r['introduced']:>3} ({r['introduced_rate']:.0%})  "
                       f"won {r['won']:>3}")
    if waits:
        click.echo(f"days from an agreement to the first introduction: {', '.join(map(str, waits))}")


@click.command()
@from_option
@click.option("--team", is_flag=True, help="The whole team's list, rep by rep (a manager's view; the default "
              "without --from).")
@click.option("--date", "on", type=click.DateTime(["%Y-%m-%d"]), help="As of this day (default: today).")
@click.option("--profile", type=click.Path(exists=True, dir_okay=False),
              help="A buyer profile file: whom a ready client is asked to introduce.")
@click.option("--format", "fmt", type=Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
def today(ctx: click.Context, from_: str | None, team: bool, on: Any, profile: str | None, fmt: str) -> None:
    """The day's list (a rep's with --from, the team's without): relationships to agree with clients
    who just signed, clients ready to be asked and whom to name, follow-ups due, favours owed, and
    who is not to be asked yet and until when; each line with the command that does it."""
    if team and from_:
        raise click.UsageError("Give --from REP or --team, not both.")
    lines = open_pf(ctx).today(from_=from_, on=on.date() if on else None, profile=profile)
    if fmt == "json":
        click.echo(to_json([line.as_json() for line in lines]), nl=False)
        return
    if not lines:
        click.echo("Nothing to do today: no client is ready to be asked, no follow-up is due.")
    for line in lines:
        until = f" (until {line.until})" if line.until else ""
        who = "" if from_ else f"[{line.rep}] "
        click.echo(f"{line.kind:<9} {who}{line.person}: {line.why}{until}")
        if line.action:
            click.echo(f"          => {line.action}")


def _moment_command(kind: str, doc: str) -> click.Command:
    @click.command(kind, help=doc)
    @click.argument("client")
    @click.argument("what", required=False, default="results seen") if kind == "milestone" else (lambda f: f)
    @from_option
    @click.option("--date", "on", type=click.DateTime(["%Y-%m-%d"]), help="When (default: today).")
    @click.option("--undo", is_flag=True, help="Take it back.")
    @click.pass_context
    def command(ctx: click.Context, client: str, from_: str | None, on: Any, undo: bool, what: str = "") -> None:
        pf = open_pf(ctx)
        day = on.date() if on else None
        if kind == "milestone":
            pf.milestone(client, what, from_=from_, on=day, undo=undo)
        else:
            pf.agreed(client, from_=from_, on=day, undo=undo)
        click.echo(f"{'Withdrawn' if undo else 'Recorded'}: {kind} for {client}.")
    return command


milestone = _moment_command("milestone", "The client has seen the results they bought (WHAT, e.g. \"went live\"): "
                                         "from then on they may be asked for an introduction.")
agreed = _moment_command("agreed", "At the close the client agreed a referral-based relationship: happy to "
                                   "introduce you to others like them once they see results.")


@click.command("profile-card")
@click.option("--profile", required=True, type=click.Path(exists=True, dir_okay=False),
              help="The buyer profile file (the one `prospects --profile` reads).")
@from_option
@click.option("--format", "fmt", type=Choice(["text", "html"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file.")
@click.pass_context
def profile_card(ctx: click.Context, profile: str, from_: str | None, fmt: str, output: str | None) -> None:
    """The "people I'd love to meet" card to share with a client once they have seen results:
    the roles, kinds of company and places you want, and the problem you solve."""
    card = open_pf(ctx).profile_card(profile, from_=from_)
    text = card.as_html() if fmt == "html" else card.as_text()
    emit(text, output)
