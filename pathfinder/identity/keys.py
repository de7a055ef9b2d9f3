"""Normalisation for identity resolution: people keys, company keys, titles.

Exact keys first: a normalised LinkedIn profile URL (``li:linkedin.com/in/<slug>``) and a
normalised email (``email:<address>``). A person seen without either gets a name key scoped by
company (``name:<name>|<company>``), which never merges two people whose URLs or emails differ.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import TYPE_CHECKING
from urllib.parse import unquote

from pathfinder.model import is_placeholder_name

if TYPE_CHECKING:  # (a search never loads the import records)
    from pathfinder.records import PersonRef

CREDENTIALS = {
    "mba", "phd", "md", "cpa", "cfa", "pmp", "jd", "esq", "dds", "rn", "msc", "ms", "ma", "bsc", "ba",
    "cissp", "ceng", "pe", "mph", "llm", "dr", "prof",
}
# Part of who someone is, not a credential: a father and son share the rest of the name.
GENERATIONS = {"jr", "sr", "ii", "iii", "iv"}


def fold(text: str) -> str:
    """Lower-case, strip accents and symbols, collapse spaces: a matching key, never for display.

    >>> fold("  José  O'Néill ✨ ")
    'jose o neill'
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", text.lower()).split())


_NOT_WORD = re.compile(r"[^\w\s]|_")


def clean_name(first: str = "", last: str = "", full: str = "") -> str:
    """A display name: trimmed, credentials after a comma dropped, "Last, First" turned round,
    a generational suffix (Jr., III) kept at the end.

    Placeholders such as "N/A" or "unknown" are no name at all.

    >>> clean_name("Jane", "Doe, MBA"), clean_name(full="Doe, Jane"), clean_name(full="Ann Lee, PhD")
    ('Jane Doe', 'Jane Doe', 'Ann Lee')
    >>> clean_name(full="Berg, John, Jr."), clean_name("John", "Berg, Sr"), clean_name("N/A", "N/A")
    ('John Berg Jr.', 'John Berg Sr', '')
    """
    first, last, full = ("" if is_placeholder_name(part) else part for part in (first, last, full))
    def strip_credentials(part: str) -> tuple[str, str]:
        if "," not in part:
            return part, ""
        pieces = [p.strip() for p in part.split(",")]
        tags = [fold(p).replace(" ", "") for p in pieces]
        kept = [pieces[0]] + [p for p, tag in zip(pieces[1:], tags[1:]) if tag not in CREDENTIALS | GENERATIONS]
        generation = " ".join(p for p, tag in zip(pieces[1:], tags[1:]) if tag in GENERATIONS)
        return ", ".join(p for p in kept if p), generation

    if first or last:
        core, generation = strip_credentials(last.strip())
        name = f"{first.strip()} {core}"
    else:
        name, generation = strip_credentials(full.strip())
        if "," in name:  # "Last, First"
            last_part, _, first_part = name.partition(",")
            name = f"{first_part.strip()} {last_part.strip()}"
    return re.sub(r"\s+", " ", f"{name} {generation}").strip()


def name_parts(folded: str) -> tuple[list[str], str]:
    """A folded full name's parts without its generational suffix, and the suffix ('' if none).

    >>> name_parts("john berg jr"), name_parts("ann lee")
    ((['john', 'berg'], 'jr'), (['ann', 'lee'], ''))
    """
    parts = folded.split()
    if len(parts) > 2 and parts[-1] in GENERATIONS:
        return parts[:-1], parts[-1]
    return parts, ""


def last_name_key(folded: str) -> str:
    """The folded last name (the suffix of "john berg jr" is not a last name)."""
    parts = name_parts(folded)[0]
    return parts[-1] if parts else ""


def name_key(name: str) -> str:
    return fold(name)


def normalize_email(email: str) -> str:
    email = email.strip().lower()
    if email.startswith("mailto:"):
        email = email[7:]
    return email if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email) else ""


_PROFILE_URL = re.compile(r"^\s*(?:https?://)?(?:[a-z0-9-]+\.)?linkedin\.com(?::\d+)?(/[^?#\s]*)", re.IGNORECASE)


@functools.lru_cache(maxsize=65536)  # an export names the same people row after row
def normalize_profile_url(url: str) -> str:
    """Canonical LinkedIn profile key: host without www/locale, path decoded and lower-cased,
    no trailing slash or query. Legacy ``/pub/`` and Sales Navigator URLs stay distinct keys.

    >>> normalize_profile_url("https://de.linkedin.com/in/J%C3%BCrgen-M/?originalSubdomain=de")
    'linkedin.com/in/jürgen-m'
    >>> normalize_profile_url("www.linkedin.com/in/dana-buyer")
    'linkedin.com/in/dana-buyer'
    """
    m = _PROFILE_URL.match(url)
    if not m:
        return ""
    path = unquote(m.group(1)).rstrip("/").lower()
    return "linkedin.com" + path if path else ""


def identity_keys(ref: PersonRef) -> list[str]:
    """Exact keys of a person reference, strongest first."""
    keys = []
    url = normalize_profile_url(ref.profile_url)
    if url:
        keys.append("li:" + url)
    email = normalize_email(ref.email)
    if email:
        keys.append("email:" + email)
    if ref.crm_id.strip():
        keys.append("crm:" + ref.crm_id.strip())
    return keys


#: how a CRM names its person records, for people an export gives only by their record id
_CRM_RECORD = {"hubspot": "HubSpot contact", "salesforce": "Salesforce contact"}


def unnamed_label(keys: list[str]) -> str:
    """What to call someone an export gives without a name, from their exact keys (see
    :func:`identity_keys`): their email address, profile URL or CRM record, which the rep can
    look up. Never a name key: a label matches nobody by name.

    >>> unnamed_label(["crm:hubspot:501"]), unnamed_label(["li:linkedin.com/in/ann-lee", "email:ann@acme.example"])
    ('HubSpot contact 501', 'ann@acme.example')
    """
    by_kind = {k.partition(":")[0]: k.partition(":")[2] for k in reversed(keys)}
    if "email" in by_kind:
        return by_kind["email"]
    if "li" in by_kind:
        return by_kind["li"]
    if "crm" in by_kind:
        system, _, record = by_kind["crm"].partition(":")
        return f"{_CRM_RECORD.get(system, system + ' record')} {record}"
    return ""


def crm_label_key(text: str) -> str:
    """The key of a CRM record label ("HubSpot contact 501" -> ``crm:hubspot:501``), else ''."""
    for system, label in _CRM_RECORD.items():
        if text.lower().startswith(label.lower() + " ") and text[len(label):].strip():
            return f"crm:{system}:{text[len(label):].strip()}"
    return ""


def is_unnamed_label(name: str) -> bool:
    """Is this what :func:`unnamed_label` calls someone, rather than their name?"""
    return "@" in name or "/" in name or any(name.startswith(label + " ") for label in _CRM_RECORD.values()) \
        or " record " in name


def key_hash(salt: str, key: str) -> str:
    """A salted hash of an identity key: what the store keeps of a forgotten person."""
    import hashlib  # loaded on first use: a search never hashes a key

    return hashlib.sha256((salt + "\0" + key).encode()).hexdigest()


def person_id_for(key: str) -> str:
    """A stable person id derived from the first key a person was seen with."""
    import hashlib

    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
