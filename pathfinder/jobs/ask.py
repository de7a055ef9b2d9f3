"""The introduction request: one named person, why them, a concrete action, an easy out.

The text follows the playbook: ask for an introduction (never a "referral", never "who do you
know?") to one specific person; say why that person (their role, and the problem already solved
for the introducer); ask for an action (an email introduction with the forwardable blurb) and a
confirmation back; give an easy out; offer to reciprocate.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

from pathfinder.errors import ConfigError
from pathfinder.identity.keys import is_unnamed_label
from pathfinder.model import ScoredPath

GENERIC_ASK = re.compile(
    r"who (else )?(do|might|would|could) you know|anyone (else )?you know|know anyone|\breferrals?\b",
    re.IGNORECASE)


@dataclass(frozen=True)
class AskDraft:
    introducer: str
    introducer_email: str
    named: tuple[str, ...]  # the people the introducer is asked to introduce, one or several
    targets: tuple[str, ...]  # who the paths lead to (the same as named on two-hop paths)
    sender: str
    subject: str
    body: str

    def as_json(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["named"], d["targets"] = list(self.named), list(self.targets)
        return d

    def as_eml(self) -> bytes:
        """An unsent e-mail draft (RFC 5322) a mail program opens ready to edit and send."""
        from email.message import EmailMessage
        from email.utils import formataddr

        msg = EmailMessage()
        msg["To"] = formataddr((_header(self.introducer), _header(self.introducer_email))) if self.introducer_email \
            else _header(self.introducer)
        msg["Subject"] = _header(self.subject)
        msg["X-Unsent"] = "1"
        msg.set_content(self.body)
        return bytes(msg)


def _header(value: str) -> str:
    """A header value on one line: names are untrusted input and must not add headers."""
    return " ".join(value.split())


def playbook_warnings(text: str) -> list[str]:
    """Where a request drifts from the playbook (a generic "who do you know?" ask, "referral").

    >>> playbook_warnings("Do you know anyone at Acme who could use this?")
    ['asks a generic question ("know anyone"): name one specific person instead']
    """
    warnings = []
    for m in GENERIC_ASK.finditer(text):
        word = m.group(0)
        if "referral" in word.lower():
            warnings.append(f'says "{word}": ask for an introduction, not a referral')
        else:
            warnings.append(f'asks a generic question ("{word}"): name one specific person instead')
    return warnings


def _first(name: str) -> str:
    """How to greet someone: their first name (or all an export gave, an email or CRM record).

    >>> _first("Ann Lee"), _first("HubSpot contact 501"), _first("ann@acme.example")
    ('Ann', 'HubSpot contact 501', 'ann@acme.example')
    """
    return name.split()[0] if name.strip() and not is_unnamed_label(name) else name


def _role(title: str, company: str) -> str:
    if title and company:
        return f"{title} at {company}"
    return title or (f"at {company}" if company else "")


def _and(items: list[str]) -> str:
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


_FIELDS = {"named_names", "introducer_first", "introducer_name", "opener", "request", "sender_name",
           "sender_first", "sender_company", "blurb"}


def load_template(path: str | os.PathLike[str] | None = None) -> Template:
    text = Path(path).read_text() if path else resources.files("pathfinder").joinpath("templates/ask.txt").read_text()
    template = Template(text)
    try:
        template.substitute({k: "" for k in _FIELDS})
    except (KeyError, ValueError) as exc:
        raise ConfigError(f"template {path}: unknown or malformed field {exc}; fields are: "
                          f"{', '.join(sorted(_FIELDS))}") from exc
    return template


def _why(path: ScoredPath, solved: str) -> str:
    named, target = path.hops[1].target, path.target
    why = (f"As {named.title or 'someone in that role'}, {_first(named.name)} is likely facing the same "
           f"problem we solved for you" + (f" ({solved})." if solved else "."))
    if named.id != target.id:
        why += (f" {_first(named.name)} also works with {target.name} "
                f"({_role(target.title, target.company)}), who I'm hoping to meet.")
    return why


def draft_ask(paths: list[ScoredPath], *, sender_company: str = "", problem: str = "", note: str = "",
              introducer_email: str = "", template: Template | None = None) -> AskDraft:
    """Write one request to the introducer the ``paths`` share, naming each person to meet.

    ``note`` is what the evidence says about the relationship (for example what was done for a
    client); ``problem`` overrides the problem you solve, used in the "why them" sentences.
    """
    if not paths or any(p.introducer is None for p in paths):
        raise ValueError("no introduction needed: the team member knows the target directly")
    first = paths[0]
    introducer, sender = first.hops[0].target, first.hops[0].source
    if any(p.hops[0].target.id != introducer.id for p in paths):
        raise ValueError("one request goes to one introducer")
    named = list({p.hops[1].target.id: p.hops[1].target for p in paths}.values())
    tie_reasons = first.hops[0].reasons
    solved = problem or note
    if note:
        opener = f"I still think often about our work together: {note}."
    elif tie_reasons and tie_reasons[0].startswith("client"):
        opener = "Thank you again for the work we've done together - it has meant a lot to us."
    else:
        opener = "I hope all is well with you."
    by_named = {p.hops[1].target.id: p for p in reversed(paths)}
    if len(named) == 1:
        person = named[0]
        request = (f"would you introduce me to {person.name}, "
                   f"{_role(person.title, person.company) or 'who I would very much like to meet'}? "
                   + _why(by_named[person.id], solved))
    else:
        lines = [f"- {p.name}, {_role(p.title, p.company) or 'who I would very much like to meet'}. "
                 + _why(by_named[p.id], solved) for p in named]
        request = f"would you introduce me to these {len(named)} people?\n\n" + "\n".join(lines)
    blurb_problem = f" - for example, {solved}" if solved else ""
    companies = _and(sorted({p.company for p in named if p.company})) or "your team"
    blurb = (f"{sender.name}{' of ' + sender_company if sender_company else ''} has worked with "
             f"{introducer.name}{' at ' + introducer.company if introducer.company else ''}{blurb_problem}. "
             f"{_first(sender.name)} would value 20 minutes to hear how {companies} handles this today. "
             "Would you be open to an introduction?")
    values = {
        "named_names": _and([p.name for p in named]), "introducer_first": _first(introducer.name),
        "introducer_name": introducer.name, "opener": opener, "request": request,
        "sender_name": sender.name, "sender_first": _first(sender.name), "sender_company": sender_company,
        "blurb": blurb,
    }
    text = (template or load_template()).substitute(values)
    subject, _, body = text.partition("\n")
    subject = subject.removeprefix("Subject:").strip()
    return AskDraft(introducer=introducer.name, introducer_email=introducer_email,
                    named=tuple(p.name for p in named), targets=tuple(dict.fromkeys(p.target.name for p in paths)),
                    sender=sender.name, subject=subject, body=body.strip("\n") + "\n")
