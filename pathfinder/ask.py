"""The introduction request: one named person, why them, a concrete action, an easy out.

The text follows the playbook: ask for an introduction (never a "referral", never "who do you
know?") to one specific person; say why that person (their role, and the problem already solved
for the introducer); ask for an action (an email introduction with the forwardable blurb) and a
confirmation back; give an easy out; offer to reciprocate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

from .errors import ConfigError
from .model import ScoredPath

GENERIC_ASK = re.compile(
    r"who (else )?(do|might|would|could) you know|anyone (else )?you know|know anyone|\breferrals?\b",
    re.IGNORECASE)


@dataclass(frozen=True)
class AskDraft:
    introducer: str
    named: str  # the one person the introducer is asked to introduce
    target: str  # the person the path leads to (the same as named on a two-hop path)
    sender: str
    subject: str
    body: str

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


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
    return name.split()[0] if name.strip() else name


def _role(title: str, company: str) -> str:
    if title and company:
        return f"{title} at {company}"
    return title or (f"at {company}" if company else "")


def load_template(path: str | Path | None = None) -> Template:
    text = Path(path).read_text() if path else resources.files("pathfinder").joinpath("templates/ask.txt").read_text()
    template = Template(text)
    try:
        template.substitute({k: "" for k in _FIELDS})
    except (KeyError, ValueError) as exc:
        raise ConfigError(f"template {path}: unknown or malformed field {exc}; fields are: "
                          f"{', '.join(sorted(_FIELDS))}") from exc
    return template


_FIELDS = {"named_name", "named_first", "named_role", "introducer_first", "introducer_name", "opener",
           "why", "sender_name", "sender_first", "sender_company", "blurb", "target_name"}


def draft_ask(path: ScoredPath, *, sender_company: str = "", problem: str = "", note: str = "",
              template: Template | None = None) -> AskDraft:
    """Write the request for ``path`` to its introducer.

    ``note`` is what the evidence says about the relationship (for example what was done for a
    client); ``problem`` overrides the problem you solve, used in the "why them" sentence.
    """
    if path.introducer is None:
        raise ValueError("no introduction needed: the team member knows the target directly")
    hops = path.hops
    introducer = hops[0].target
    named = hops[1].target  # the next person along the path is the one to ask about
    target = path.target
    sender = hops[0].source
    tie_reasons = hops[0].reasons
    solved = problem or note
    if note:
        opener = f"I still think often about our work together: {note}."
    elif tie_reasons and tie_reasons[0].startswith("client"):
        opener = "Thank you again for the work we've done together - it has meant a lot to us."
    else:
        opener = "I hope all is well with you."
    why = (f"As {named.title or 'someone in that role'}, {_first(named.name)} is likely facing the same "
           f"problem we solved for you" + (f" ({solved})." if solved else "."))
    if named.id != target.id:
        why += (f" {_first(named.name)} also works with {target.name} "
                f"({_role(target.title, target.company)}), who I'm hoping to meet.")
    blurb_problem = f" - for example, {solved}" if solved else ""
    blurb = (f"{sender.name}{' of ' + sender_company if sender_company else ''} has worked with "
             f"{introducer.name}{' at ' + introducer.company if introducer.company else ''}{blurb_problem}. "
             f"{_first(sender.name)} would value 20 minutes to hear how "
             f"{named.company or 'your team'} handles this today. Would you be open to an introduction?")
    values = {
        "named_name": named.name, "named_first": _first(named.name),
        "named_role": _role(named.title, named.company) or "who I'd very much like to meet",
        "introducer_first": _first(introducer.name), "introducer_name": introducer.name,
        "opener": opener, "why": why, "sender_name": sender.name, "sender_first": _first(sender.name),
        "sender_company": sender_company, "blurb": blurb, "target_name": target.name,
    }
    text = (template or load_template()).substitute(values)
    subject, _, body = text.partition("\n")
    subject = subject.removeprefix("Subject:").strip()
    return AskDraft(introducer=introducer.name, named=named.name, target=target.name, sender=sender.name,
                    subject=subject, body=body.strip("\n") + "\n")
