"""The introduction request: one named person, why them, a concrete action, an easy out.

The text follows the playbook: ask for an introduction (never a "referral", never "who do you
know?") to one specific person; say why that person (their role at the account, and what was done
for the introducer when the evidence shows it); ask for an action (an email introduction with the
forwardable blurb) and a confirmation back; give an easy out; offer to reciprocate.

Every sentence that states a fact is written from the evidence of the ties it speaks of
(:mod:`pathfinder.jobs.ask_facts`) and listed in the draft's ``claims`` with that evidence: a
client is thanked for the work only with a won deal or the client tier; "we worked together at X"
needs a shared employer; a friend or family member gets a short, personal note; a teammate an
internal two-line one. The team's own notes on a relationship are shown beside the draft, never
put into its sentences.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

from pathfinder.errors import ConfigError
from pathfinder.identity.keys import is_unnamed_label
from pathfinder.jobs.ask_facts import Tie

GENERIC_ASK = re.compile(
    r"who (else )?(do|might|would|could) you know|anyone (else )?you know|know anyone|\breferrals?\b",
    re.IGNORECASE)
ASKS_FOR_INTRODUCTION = re.compile(r"\bintroduc", re.IGNORECASE)


@dataclass(frozen=True)
class Claim:
    """A sentence of a draft that states a fact, and the evidence it stands on."""

    sentence: str
    asserts: tuple[str, ...]
    evidence: tuple[dict[str, Any], ...]

    def as_json(self) -> dict[str, Any]:
        return {"sentence": self.sentence, "asserts": list(self.asserts), "evidence": list(self.evidence)}


@dataclass(frozen=True)
class AskDraft:
    introducer: str
    introducer_email: str
    named: tuple[str, ...]  # the one person the introducer is asked to introduce
    targets: tuple[str, ...]  # who the paths lead to (the same as named on two-hop paths)
    sender: str
    subject: str
    body: str
    also: tuple[str, ...] = ()  # named in the "if ... is not the right person" line
    band: str = ""  # of the tie to the introducer
    kind: str = "request"  # request, personal (a friend or family) or teammate (an internal note)
    notes: tuple[str, ...] = ()  # the team's own notes on the relationship: for the rep, not the message
    claims: tuple[Claim, ...] = ()
    ids: tuple[str, str, str] = ("", "", "")  # sender, introducer, person named: who to record

    def as_json(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        del d["ids"]
        for key in ("named", "targets", "also", "notes"):
            d[key] = list(d[key])
        d["claims"] = [c.as_json() for c in self.claims]
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
    """Where a request drifts from the playbook: a generic "who do you know?" ask, "referral", or
    no request for an introduction at all.

    >>> playbook_warnings("Do you know anyone at Acme who could use this?")
    ['asks a generic question ("know anyone"): name one specific person instead', 'never asks for an introduction']
    """
    warnings = []
    for m in GENERIC_ASK.finditer(text):
        word = m.group(0)
        if "referral" in word.lower():
            warnings.append(f'says "{word}": ask for an introduction, not a referral')
        else:
            warnings.append(f'asks a generic question ("{word}"): name one specific person instead')
    if not ASKS_FOR_INTRODUCTION.search(text):
        warnings.append("never asks for an introduction")
    return warnings


# --- the words ----------------------------------------------------------------------------------

def first_name(name: str) -> str:
    """How to greet someone: their first name (or all an export gave, an email or CRM record).

    >>> first_name("Ann Lee"), first_name("HubSpot contact 501"), first_name("ann@acme.example")
    ('Ann', 'HubSpot contact 501', 'ann@acme.example')
    """
    return name.split()[0] if name.strip() and not is_unnamed_label(name) else name


def sentence(text: str) -> str:
    """One sentence: single spaces, one closing stop (a name ending in "Inc." gets no second one).

    >>> sentence("Dana works at Acme, Inc."), sentence("hello  there"), sentence("Really?")
    ('Dana works at Acme, Inc.', 'hello there.', 'Really?')
    """
    text = " ".join(text.split())
    return text if text.endswith((".", "?", "!")) else text + "."


def _and(items: list[str], word: str = "and") -> str:
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} " + items[-1]


@dataclass(frozen=True)
class Person:
    """Someone a request speaks of: ``account`` is the one name their company goes by; ``seen``:
    where their title and company were read (the evidence of any sentence about their role)."""

    name: str
    title: str = ""
    account: str = ""
    seen: tuple[dict[str, Any], ...] = ()

    @property
    def first(self) -> str:
        return first_name(self.name)

    def role(self) -> str:
        """ "VP Sales at Acme", "VP Sales", "someone at Acme" or ""."""
        if self.title and self.account:
            return f"{self.title} at {self.account}"
        return self.title or (f"someone at {self.account}" if self.account else "")


@dataclass(frozen=True)
class AskRequest:
    """Everything one request is written from."""

    sender: Person
    introducer: Person
    introducer_email: str
    named: Person
    tie: Tie  # sender - introducer
    named_tie: Tie  # introducer - named
    also: tuple[Person, ...] = ()
    targets: tuple[str, ...] = ()
    band: str = ""
    teammate: bool = False
    problem: str = ""
    beyond: Person | None = None  # on a longer path: whom the person named is to introduce in turn
    beyond_tie_cites: tuple[dict[str, Any], ...] = ()  # the evidence that the person named knows them
    recommended_by_introducer: bool = False  # the sender's own export shows the introducer's recommendation
    referred_by_introducer: bool = False  # the introducer referred people to the sender before


@dataclass
class _Writer:
    """Collects the claims of the sentences it writes."""

    claims: list[Claim] = field(default_factory=list)

    def say(self, text: str, asserts: tuple[str, ...] = (), evidence: list[dict[str, Any]] | None = None) -> str:
        text = sentence(text)
        if asserts:
            self.claims.append(Claim(text, asserts, tuple(evidence or ())))
        return text


def _opener(r: AskRequest, w: _Writer) -> str:
    """The first line, from the strongest thing the evidence shows about the tie to the introducer."""
    tie = r.tie
    client = tie.fact("client")
    if client:
        deals = client.detail.get("deals") or []
        return w.say(f"Thank you again for working with us{' on ' + deals[0] if deals else ''}.",
                     ("client",), tie.cite(client))
    referred = tie.fact("referred")
    if referred and referred.detail.get("by"):
        return w.say(f"I'm still glad {referred.detail['by']} put us in touch.", ("referred",), tie.cite(referred))
    for kind, text in (("former colleague", "I hope all is well since we worked together at {}."),
                       ("colleague", "It's been good working with you at {}.")):
        worked = tie.fact(kind)
        if worked and worked.detail.get("company"):
            return w.say(text.format(worked.detail["company"]), (f"{kind} at {worked.detail['company']}",),
                         tie.cite(worked))
    if r.recommended_by_introducer:
        f = tie.fact("recommendation")
        return w.say("Thank you again for the recommendation you wrote for me.", ("recommendation",), tie.cite(f))
    if r.referred_by_introducer:
        f = tie.fact("referral")
        return w.say(f"Thank you again for sending people my way, {r.introducer.first}.", ("referral",), tie.cite(f))
    if tie.fact("friend") or tie.fact("family"):
        return "I hope you're doing well!"
    return "I hope all is well with you."


def _knows(r: AskRequest, w: _Writer) -> str:
    """What the evidence shows about how the introducer knows the person named, if anything."""
    t, who = r.named_tie, r.named.first
    for kind, verb in (("former colleague", "worked"), ("colleague", "work")):
        f = t.fact(kind)
        if f and f.detail.get("company"):
            return w.say(f"I understand you and {who} {verb} together at {f.detail['company']}.",
                         (f"{kind} at {f.detail['company']}",), t.cite(f))
    if t.fact("friend"):
        return w.say(f"I understand you and {who} are friends.", ("friend",), t.cite(t.fact("friend")))
    return ""


def _why(r: AskRequest, w: _Writer) -> str:
    """Why this person: their role at the account (or whom they know there, on a longer path),
    and what was done for the introducer."""
    p = r.named
    role = p.role()
    if r.beyond is not None:
        b = r.beyond
        whom = f"{b.name} ({b.role()})" if b.role() else b.name
        said = f"{p.first} is {role}, and knows {whom}" if p.title else f"{p.first} knows {whom}"
        return w.say(f"{said}, who I'm hoping to meet.",
                     (*((f"{p.name}: {role}",) if p.title else ()), f"{p.name} knows {b.name}",
                      *((f"{b.name}: {b.role()}",) if b.role() else ())),
                     [*(p.seen if p.title else ()), *r.beyond_tie_cites, *b.seen])
    if not role:
        return ""
    client = r.tie.fact("client")
    titled = bool(p.title)
    is_role = f"{p.first} is {role}" if titled else f"{p.first} works at {p.account}"
    asserts: tuple[str, ...] = (f"{p.name}: {role}",)
    evidence = list(p.seen)
    if client:
        asserts += ("client",)
        evidence += r.tie.cite(client)
        if r.problem:
            facing = "likely facing" if titled else "is likely facing"
            return w.say(f"{is_role}, and {facing} the same problem we solved for you: {r.problem}.",
                         asserts, evidence)
        return w.say(f"{is_role}, and I believe we could help {p.account or 'them'} the way we helped you.",
                     asserts, evidence)
    about = f" about {r.problem}" if r.problem else (" there" if p.account else "")
    person = "the person" if titled else "and is the person"
    return w.say(f"{is_role}, {person} I'd most like to talk to{about}.", asserts, evidence)


def _also(r: AskRequest, w: _Writer) -> str:
    if not r.also:
        return ""
    names = [f"{p.name} ({p.title})" if p.title else p.name for p in r.also]
    evidence = [seen for p in r.also for seen in p.seen]
    return w.say(f"If {r.named.first} is not the right person, I'd also be glad to meet {_and(names, 'or')}.",
                 tuple(f"{p.name}: {p.role()}" for p in r.also if p.role()), evidence)


def _blurb(r: AskRequest, w: _Writer) -> str:
    """The few lines the introducer forwards to the person named."""
    me = r.sender
    of = f" of {me.account}" if me.account and me.seen else ""
    about = f" to compare notes on {r.problem}" if r.problem else ""
    lines = [w.say(f"{me.name}{of} would value 20 minutes with you{about}.",
                   (f"{me.name}: {me.role()}",) if of else (), list(me.seen) if of else None)]
    client = r.tie.fact("client")
    if client and me.account:
        lines.append(w.say(f"{r.introducer.name} has worked with {me.account} as a client.", ("client",),
                           r.tie.cite(client)))
    else:
        worked = r.tie.fact("former colleague") or r.tie.fact("colleague")
        if worked and worked.detail.get("company"):
            verb = "worked" if worked.kind == "former colleague" else "work"
            lines.append(w.say(f"{me.first} and {r.introducer.first} {verb} together at {worked.detail['company']}.",
                               (f"{worked.kind} at {worked.detail['company']}",), r.tie.cite(worked)))
    lines.append("Would you be open to a short conversation?")
    return " ".join(lines)


def _teammate_note(r: AskRequest, w: _Writer) -> tuple[str, str]:
    """A teammate gets two lines: who, and how they know them."""
    p, t = r.named, r.named_tie
    who = f"{p.name} ({p.role()})" if p.role() else p.name
    first = w.say(f"Hi {r.introducer.first}, could you introduce me to {who}?",
                  (f"{p.name}: {p.role()}",) if p.role() else (), list(p.seen))
    fact = next((f for f in t.rel.facts if f.kind in ("client", "friend", "family", "referred", "colleague",
                                                       "former colleague", "connection", "contact")), None)
    how = {"connection": "are connected with", "contact": "have in your contacts"}.get(fact.kind if fact else "", "")
    knows = ""
    if fact:
        text = f"You {how} {p.first}" if how else f"You know {p.first} as a {fact.kind}"
        knows = w.say(text + (f"; it's about {r.problem}" if r.problem else ""), (fact.kind,), t.cite(fact))
    return f"Intro to {p.name}?", f"{first} {knows}".strip() + f"\nThanks, {r.sender.first}\n"


# --- the template ------------------------------------------------------------------------------------

_FIELDS = {"named_name", "named_names", "introducer_first", "introducer_name", "opener", "request", "sender_name",
           "sender_first", "sender_company", "blurb"}


def load_template(path: str | os.PathLike[str] | None = None, *, personal: bool = False) -> Template:
    """A request template (``personal``: the short one for friends and family)."""
    from pathfinder.importers._csv import decode  # a user's file: any encoding Excel or an editor writes

    name = "templates/ask_personal.txt" if personal else "templates/ask.txt"
    text = decode(Path(path).read_bytes(), path) if path else resources.files("pathfinder").joinpath(name).read_text()
    template = Template(text)
    try:
        template.substitute({k: "" for k in _FIELDS})
    except (KeyError, ValueError) as exc:
        raise ConfigError(f"template {path}: unknown or malformed field {exc}; fields are: "
                          f"{', '.join(sorted(_FIELDS))}") from exc
    return template


def template_warnings(template: Template) -> list[str]:
    """Where a template drifts from the playbook whatever it is filled with (the request itself
    asks for an introduction, so a template that leaves it out must ask in its own words)."""
    text = template.safe_substitute({**{k: "" for k in _FIELDS}, "request": "Would you introduce me to them?"})
    return [f"the template {w}" for w in playbook_warnings(text)]


def draft_ask(r: AskRequest, template: Template | None = None) -> AskDraft:
    """The request ``r`` describes, in words the evidence supports."""
    w = _Writer()
    if r.teammate:
        subject, body = _teammate_note(r, w)
        kind = "teammate"
    else:
        personal = bool(r.tie.fact("friend") or r.tie.fact("family"))
        kind = "personal" if personal else "request"
        request = " ".join(s for s in (w.say(f"Would you introduce me to {r.named.name}?"), _knows(r, w),
                                       _why(r, w), _also(r, w)) if s)
        values = {
            "named_name": r.named.name, "named_names": r.named.name, "introducer_first": r.introducer.first,
            "introducer_name": r.introducer.name, "opener": _opener(r, w), "request": request,
            "sender_name": r.sender.name, "sender_first": r.sender.first, "sender_company": r.sender.account,
            "blurb": _blurb(r, w),
        }
        text = (template or load_template(personal=personal)).substitute(values)
        subject, _, body = text.partition("\n")
        subject = subject.removeprefix("Subject:").strip()
        body = body.strip("\n") + "\n"
    # in the order they are read; a template may leave a sentence out
    claims = tuple(sorted((c for c in w.claims if c.sentence in body), key=lambda c: body.find(c.sentence)))
    return AskDraft(introducer=r.introducer.name, introducer_email=r.introducer_email, named=(r.named.name,),
                    targets=r.targets or (r.named.name,), sender=r.sender.name, subject=subject, body=body,
                    also=tuple(p.name for p in r.also), band=r.band, kind=kind, notes=r.tie.notes, claims=claims)
