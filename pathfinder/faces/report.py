"""The coverage report as one self-contained HTML file: a heatmap of accounts × team members, the
gaps and single-introducer risks, and per account its best paths drawn as small graphs. No
scripts and no external assets; every value is escaped (contact names are untrusted input)."""

from __future__ import annotations

from html import escape

from pathfinder.api import Coverage
from pathfinder.model import ScoredPath

CSS = """
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1d2330}
h1{font-size:22px}h2{font-size:17px;margin-top:28px}
table{border-collapse:collapse}td,th{border:1px solid #d6dae3;padding:4px 8px;text-align:center}
th{background:#f1f3f7}td.account{text-align:left;font-weight:600}
.gap{color:#a3261b;font-weight:600}.risk{color:#a86200}
.path{margin:6px 0 14px}.muted{color:#5f6672}
.scroll{overflow-x:auto;max-width:100%}svg{max-width:100%;height:auto}
.h-none{background:#fafafa;color:#5f6672}
.h0{background:rgb(216,231,217)}.h1{background:rgb(198,221,202)}.h2{background:rgb(179,211,187)}
.h3{background:rgb(161,201,172)}.h4{background:rgb(142,191,157)}.h5{background:rgb(124,180,142)}
.h6{background:rgb(46,125,79);color:#fff}.h7{background:rgb(40,112,70);color:#fff}
.h8{background:rgb(33,98,61);color:#fff}.h9{background:rgb(26,84,52);color:#fff}
"""


def style_hash() -> str:
    """The Content-Security-Policy source that allows this report's one style block (and nothing else)."""
    import base64
    import hashlib
    return "'sha256-" + base64.b64encode(hashlib.sha256(CSS.encode()).digest()).decode() + "'"


def _cell(score: float | None) -> str:
    if score is None:
        return '<td class="h-none">-</td>'
    return f'<td class="h{min(9, int(score / 0.5 * 10))}">{score:.2f}</td>'  # ten greens up to 0.5


def _svg(path: ScoredPath) -> str:
    """One path as a row of labelled nodes joined by edges whose width follows trust."""
    people = [path.source] + [h.target for h in path.hops]
    width, step = 180 * len(people), 180
    parts = [f'<svg width="{width}" height="70" viewBox="0 0 {width} 70" role="img" aria-label="{escape(" to ".join(p.name for p in people))}">']
    for i, hop in enumerate(path.hops):
        x1, x2 = 60 + i * step, 60 + (i + 1) * step
        parts.append(f'<line x1="{x1}" y1="25" x2="{x2}" y2="25" stroke="#2f7d4f" stroke-width="{1 + 6 * hop.trust:.1f}"/>')
        parts.append(f'<text x="{(x1 + x2) / 2}" y="18" font-size="11" text-anchor="middle">{hop.trust:.2f}</text>')
    for i, person in enumerate(people):
        x = 60 + i * step
        parts.append(f'<circle cx="{x}" cy="25" r="9" fill="{"#1f4e8c" if i == 0 else "#2f7d4f" if i < len(people) - 1 else "#a86200"}"/>')
        parts.append(f'<text x="{x}" y="50" font-size="12" text-anchor="middle">{escape(person.name)}</text>')
        if person.title:
            parts.append(f'<text x="{x}" y="64" font-size="10" fill="#6b7280" text-anchor="middle">{escape(person.title[:28])}</text>')
    parts.append("</svg>")
    return "".join(parts)


def coverage_html(report: Coverage, title: str = "Team coverage of target accounts") -> str:
    members = report.team
    head = "".join(f"<th>{escape(m)}</th>" for m in members)
    rows = []
    for a in report.accounts:
        flag = ('<span class="gap">gap</span>' if a.best is None else
                '<span class="risk">only cold routes</span>' if a.only_cold else
                '<span class="risk">one introducer</span>' if a.single_introducer_risk else "")
        cells = "".join(_cell(a.members.get(m)) for m in members)
        best = f"{a.best.score:.2f}" if a.best else "-"
        rows.append(f'<tr><td class="account">{escape(a.account)}</td><td>{a.people}</td><td>{best}</td>'
                    f"<td>{a.paths}</td>{cells}<td>{flag}</td></tr>")
    sections = []
    for a in report.accounts:
        if a.best is None:
            continue
        drawn = [a.best] + [p for m, p in sorted(a.best_by_member.items()) if p.hops != a.best.hops][:3]
        paths = "".join(f'<div class="path">{_svg(p)}<div class="muted">{escape(p.source.name)} &rarr; '
                        f'{escape(p.target.name)}: {p.score:.3f}; '
                        f'{escape("; ".join(p.hops[0].reasons))}</div></div>' for p in drawn)
        intro = ", ".join(escape(i) for i in a.introducers) or "direct ties only"
        sections.append(f"<h3>{escape(a.account)}</h3><p class=\"muted\">introducers: {intro}</p>{paths}")
    reach = "".join(f"<li>{escape(m)}: {n} of {len(report.accounts)} accounts</li>" for m, n in report.reach.items())
    gaps = ", ".join(escape(g) for g in report.gaps) or "none"
    nxt = "".join(f"<li><b>{escape(s.person)}</b> ({escape(s.company)}): would open {escape(', '.join(s.accounts))} "
                  f'<span class="muted">({escape("; ".join(s.why))})</span></li>' for s in report.suggestions)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title><style>{CSS}</style></head>
<body><h1>{escape(title)}</h1>
<p>{len(report.accounts)} accounts, {len(report.gaps)} with no path. Cells: each teammate's best path
score into the account (the product of the trusts along it); routes count introducers who trust the team.</p>
<div class="scroll" tabindex="0" role="region" aria-label="accounts by teammate"><table><thead><tr><th>account</th><th>people</th><th>best</th><th>routes</th>{head}<th></th></tr></thead>
<tbody>{''.join(rows)}</tbody></table></div>
<h2>Gaps</h2><p class="gap">{gaps}</p>
<h2>Reach per teammate</h2><ul>{reach}</ul>
<h2>Whose network to add next</h2><ul>{nxt or "<li class='muted'>no suggestion</li>"}</ul>
<h2>Best paths per account</h2>{''.join(sections)}
</body></html>
"""
