"""The "people I'd love to meet" card the playbook says to share with a client once they have
seen results: who the rep wants to meet (titles, seniority, functions), at what kind of company
and where, and the problem solved, from the same profile file ``prospects`` reads. Nothing on it
names a person: it says whom to think of, and the rep then asks for one named introduction."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from pathfinder.ranking.profile import Profile

LEVEL_WORDS = {"c-level": "C-level", "vp": "VP", "director": "Director", "manager": "Manager", "senior": "Senior",
               "ic": "Individual contributor"}


@dataclass(frozen=True)
class ProfileCard:
    rep: str
    company: str
    roles: list[str]
    levels: list[str]
    functions: list[str]
    companies: list[str]
    places: list[str]
    problem: str

    def lines(self) -> list[tuple[str, str]]:
        out = []
        if self.roles:
            out.append(("Roles", ", ".join(self.roles)))
        if self.levels:
            out.append(("Seniority", ", ".join(LEVEL_WORDS.get(level, level) for level in self.levels)))
        if self.functions:
            out.append(("In", ", ".join(self.functions)))
        if self.companies:
            out.append(("At companies like", ", ".join(self.companies)))
        if self.places:
            out.append(("Where", ", ".join(self.places)))
        if self.problem:
            out.append(("The problem we solve", self.problem))
        return out

    def as_text(self) -> str:
        who = ", ".join(x for x in (self.rep, self.company) if x)
        body = "\n".join(f"{label}: {value}" for label, value in self.lines())
        return (f"People I'd love to meet\n{who}\n\n{body}\n\n"
                "If someone comes to mind, I'd be grateful for an introduction to them by name.\n")

    def as_html(self) -> str:
        who = escape(", ".join(x for x in (self.rep, self.company) if x))
        rows = "".join(f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>" for label, value in self.lines())
        return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                f"<title>People I'd love to meet - {who}</title><style>"
                "body{font:16px/1.5 system-ui,sans-serif;max-width:40em;margin:2em auto;padding:0 1em;color:#1d2330}"
                "h1{font-size:1.6em;margin-bottom:0}dt{font-weight:700;margin-top:.8em}dd{margin:0}"
                "@media print{body{margin:0}}</style></head><body>"
                f"<main><h1>People I'd love to meet</h1><p>{who}</p><dl>{rows}</dl>"
                "<p>If someone comes to mind, I'd be grateful for an introduction to them by name.</p></main>"
                "</body></html>\n")


def profile_card(profile: Profile, rep: str = "", company: str = "") -> ProfileCard:
    return ProfileCard(rep, company, list(profile.titles), list(profile.seniority), list(profile.functions),
                       list(profile.accounts), list(profile.locations), profile.problem)
