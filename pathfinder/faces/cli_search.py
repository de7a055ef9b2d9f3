"""The commands that search: paths, prospects, coverage, the ask, and explanations."""

from __future__ import annotations

import io
from pathlib import Path

import click

from pathfinder import api
from pathfinder.faces.cli_common import (
    Choice,
    emit,
    from_option,
    max_hops_option,
    open_pf,
    output_file,
    output_format,
    read_accounts,
    write_private,
)
from pathfinder.faces.render import (
    ask_text,
    eml_name,
    people_json,
    render_paths,
    to_csv,
    to_json,
)


@click.command()
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
def paths(ctx: click.Context, to: str | None, account: str | None, title: str | None, from_: str | None,
          top: int, max_hops: int, per_target: int | None, fmt: str, output: str | None) -> None:
    """The most trusted paths to a person or into an account, one per introducer."""
    found = open_pf(ctx).paths(to=to, account=account, title=title, from_=from_, top=top,
                               max_hops=max_hops, per_target=per_target)
    emit(render_paths(found, fmt), output)


@click.command()
@click.option("--title", multiple=True, help="A title that fits, e.g. 'VP Sales' (repeatable).")
@click.option("--seniority", multiple=True, type=Choice(["ic", "senior", "manager", "director", "vp", "c-level"]),
              help="Seniority that fits (repeatable).")
@click.option("--function", multiple=True, help="Function that fits: sales, marketing, finance, … (repeatable).")
@click.option("--account", multiple=True, help="Only people at this account (repeatable).")
@click.option("--accounts", "accounts_file", type=click.Path(exists=True, dir_okay=False),
              help="Only people at the accounts in this file (CSV with an 'account' column, or one per line).")
@click.option("--location", multiple=True, help="Only people whose location contains this (repeatable).")
@click.option("--exclude", multiple=True, type=Choice(["clients", "open-opportunities"]),
              help="Leave out current clients and/or people with an open opportunity.")
@click.option("--profile", type=click.Path(exists=True, dir_okay=False), help="A buyer profile (TOML).")
@from_option
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True)
@max_hops_option
@click.option("--format", "fmt", type=Choice(["table", "json", "csv", "xlsx"]), default="table",
              show_default=True, help="Output format (xlsx needs -o).")
@output_file
@click.pass_context
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
        workbook = io.BytesIO()
        prospects_xlsx(found, workbook)
        write_private(output, workbook.getvalue())
        click.echo(f"Wrote {output}", err=True)
    elif fmt == "csv":
        emit(to_csv(PROSPECT_HEADER, prospect_rows(found)), output)
    else:
        emit(render_paths([p.path for p in found], fmt), output)


@click.command()
@click.option("--accounts", "accounts_file", required=True, type=click.Path(exists=True, dir_okay=False),
              help="A CSV with an 'account' column, or one account per line.")
@click.option("--title", help="Only count paths to people with this title.")
@click.option("--candidate", multiple=True, metavar="PERSON",
              help="Evaluate whose network to add next for this person (repeatable; default: the team's closest contacts).")
@max_hops_option
@click.option("--format", "fmt", type=Choice(["table", "json", "csv", "html"]), default="table",
              show_default=True, help="html writes a self-contained report with a heatmap (use -o).")
@output_file
@click.pass_context
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
        text = to_csv(["account", "people", "best_score", "routes", "cold_routes", "single_introducer_risk",
                       "best_introducer", "best_target", *report.team],
                      ([a.account, a.people, f"{a.best.score:.6f}" if a.best else "0", a.paths, a.cold_routes,
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
            flag = ("  GAP: no path" if a.best is None else "  (only cold routes)" if a.only_cold else
                    "  (one introducer)" if a.single_introducer_risk else "")
            lines.append(f"{a.account[:26]:<26} {a.people:>6} {best} {a.paths:>6}  {cells}{flag}")
        lines.append(f"Gaps: {', '.join(report.gaps) or 'none'}")
        lines.append("Reach: " + ", ".join(f"{m} {n}" for m, n in report.reach.items()))
        for s in report.suggestions:
            lines.append(f"Add next: {s.person} ({s.company}) would open {', '.join(s.accounts)} ({'; '.join(s.why)})")
        text = "\n".join(lines) + "\n"
    emit(text, output)


@click.command()
@click.option("--to", "to", multiple=True, metavar="PERSON", help="Who you want to meet (repeatable).")
@click.option("--account", help="Everyone worth meeting at this account (with --title to narrow).")
@click.option("--title", help="With --account: only people with this title.")
@click.option("--via", metavar="PERSON", help="Ask this introducer (default: the best one).")
@from_option
@max_hops_option
@click.option("--problem", help="What the meeting is about: the problem you solve (a client is told it is the "
              "problem you solved for them).")
@click.option("--profile", type=click.Path(exists=True, dir_okay=False),
              help="A buyer profile file: its `problem` key, when --problem is not given.")
@click.option("--template", type=click.Path(exists=True, dir_okay=False), help="Your own template file.")
@click.option("--record", is_flag=True, help="Put the asks in the introductions ledger.")
@click.option("--format", "fmt", type=Choice(["text", "markdown", "eml", "csv", "json"]), default="text",
              show_default=True, help="eml writes one unsent e-mail draft per introducer into --output (a folder).")
@output_file
@click.pass_context
def ask(ctx: click.Context, to: tuple[str, ...], account: str | None, title: str | None, via: str | None,
        from_: str | None, max_hops: int, problem: str | None, profile: str | None, template: str | None,
        record: bool, fmt: str, output: str | None) -> None:
    """Write the introduction requests: one message per introducer, naming the best person to meet
    there; cold and held-back routes get no request, and say why."""
    plan = open_pf(ctx).ask(to=list(to) or None, account=account, title=title, via=via, from_=from_,
                            max_hops=max_hops, problem=problem, profile=profile, template=template, record=record)
    if fmt == "eml":
        folder = Path(output or ".")
        folder.mkdir(parents=True, exist_ok=True)
        for i, draft in enumerate(plan.drafts, 1):
            write_private(folder / eml_name(i, draft.introducer), draft.as_eml())
        click.echo(f"Wrote {len(plan.drafts)} drafts to {folder}", err=True)
    else:
        emit(ask_text(plan, fmt), output)
    for skipped in plan.skipped:
        click.echo(f"Skipped: {skipped}", err=True)
    for warning in plan.warnings:
        click.echo(f"Warning: {warning}", err=True)
    for draft in plan.drafts:
        for warning in api.playbook_warnings(draft.subject + "\n" + draft.body):
            click.echo(f"Warning: the request to {draft.introducer} {warning}", err=True)


@click.command("review-ask")
@click.argument("draft", type=click.Path(exists=True, dir_okay=False))
def review_ask(draft: str) -> None:
    """Check an edited request or template against the playbook; exit 1 if it drifts into a
    generic "who do you know?" ask, says "referral" or never asks for an introduction."""
    warnings = api.review_ask(api.read_text(draft))
    for warning in warnings:
        click.echo(f"{draft}: {warning}", err=True)
    if warnings:
        raise click.exceptions.Exit(1)
    click.echo(f"{draft}: follows the playbook")


@click.command()
@click.option("--from", "from_", required=True, metavar="PERSON", help="One end of the tie (or path).")
@click.option("--to", required=True, metavar="PERSON", help="The other end.")
@click.option("--format", "fmt", type=Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
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


@click.command()
@click.argument("query")
@click.option("--limit", type=click.IntRange(1), default=10, show_default=True)
@click.option("--format", "fmt", type=Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
def people(ctx: click.Context, query: str, limit: int, fmt: str) -> None:
    """Find people by name or company."""
    found = open_pf(ctx).people(query, limit=limit)
    if fmt == "json":
        click.echo(people_json(found), nl=False)
        return
    for p in found:
        click.echo(f"{p.id}  {p.name}  ({', '.join(x for x in (p.title, p.company) if x)})")
    if not found:
        click.echo("Nobody matches.")
