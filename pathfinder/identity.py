"""Normalisation for identity resolution: people keys, company keys, titles.

Exact keys first: a normalised LinkedIn profile URL (``li:linkedin.com/in/<slug>``) and a
normalised email (``email:<address>``). A person seen without either gets a name key scoped by
company (``name:<name>|<company>``), which never merges two people whose URLs or emails differ.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from urllib.parse import unquote

from .model import PersonRef, is_placeholder_name

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


def fallback_key(ref: PersonRef, name: str | None = None) -> str:
    """The name key of a reference that has no exact key: name plus company (``name``: the
    reference's display name, when already known)."""
    if name is None:
        name = clean_name(ref.first_name, ref.last_name, ref.name)
    return name_company_key(name_key(name), ref.company)


def name_company_key(folded_name: str, company: str) -> str:
    """The key of :func:`fallback_key`, from a folded name and a company as given."""
    return f"name:{folded_name}|{company_key(company)}"


def key_hash(salt: str, key: str) -> str:
    """A salted hash of an identity key: what the store keeps of a forgotten person."""
    return hashlib.sha256((salt + "\0" + key).encode()).hexdigest()


def person_id_for(key: str) -> str:
    """A stable person id derived from the first key a person was seen with."""
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


# --- companies -----------------------------------------------------------------------------

LEGAL_SUFFIXES = [
    "incorporated", "inc", "corporation", "corp", "company", "co", "limited", "ltd", "llc", "llp",
    "lp", "plc", "gmbh", "ag", "kg", "ug", "se", "sa", "sas", "sarl", "srl", "spa", "bv", "nv", "oy",
    "oyj", "ab", "as", "asa", "aps", "pty", "pte", "kk", "pvt", "private", "holdings", "group",
    "sl", "sau", "ltda", "kft", "zrt", "sp z o o", "s a", "s r l", "b v", "n v", "l l c",
    "pc", "p c", "pllc", "limited partnership", "ll c", "sp z oo",
]
#: forms in the legal-forms list that are also everyday words at the end of a company's name
_NOT_FORMS = {"ent", "sad", "sal", "earl", "beg", "ong", "sem", "sep", "ses", "cio", "fie", "cic", "gte", "dat",
              "etat", "kor", "esv", "clg", "cooperative", "partnership", "association", "foundation", "trust",
              "society", "union", "fund", "bank", "church", "mission"}
#: "X llc dba Y": the account is X (doing business as Y)
_DBA_RE = re.compile(r"\s(?:dba|d b a|doing business as|aka|a k a)\s.*$")


def _dotless(text: str) -> str:
    """Dotted abbreviations as one token: "S.p.A." -> "spa", "B.V." -> "bv"."""
    return re.sub(r"\b(?:\w\.){2,}(?!\w)", lambda m: m.group(0).replace(".", ""), text)


def _legal_forms() -> tuple[list[str], list[str]]:
    """Legal forms in many languages (De Nederlandsche Bank's list, in data/legal_forms.csv):
    (forms folded like company names, short ones (two letters or fewer) only where listed by
    hand; the list's dotted abbreviations as written, lower-case, such as "d.d." and "e.v.":
    the dots say they are abbreviations, not words, however short)."""
    import csv
    from importlib import resources

    forms, dotted = set(LEGAL_SUFFIXES), set()
    with resources.files("pathfinder.data").joinpath("legal_forms.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for form in (row["abbreviation"], row["full_name"]):
                folded = " ".join(re.sub(r"[^\w ]+", " ", fold(_dotless(form.lower()).replace("&", " and "))).split())
                if len(folded) >= 3 and folded not in _NOT_FORMS:
                    forms.add(folded)
            if re.fullmatch(r"(?:\w{1,3}\.){2,}", row["abbreviation"].strip().lower()):
                dotted.add(row["abbreviation"].strip().lower())
    return sorted(forms, key=len, reverse=True), sorted(dotted, key=len, reverse=True)


_FORMS, _DOTTED_FORMS = _legal_forms()
_SUFFIX_RE = re.compile(r"(?:\s(?:" + "|".join(re.escape(s) for s in _FORMS) + r"))+$")
_DOTTED_RE = re.compile(r"[\s,]+(?:" + "|".join(re.escape(s) for s in _DOTTED_FORMS) + r")\s*$")
#: bumped when the rules above change, so stores recompute their company keys
COMPANY_RULES = "3"


#: alias key -> canonical key, from the user's alias file (see :func:`set_company_aliases`)
_ALIASES: dict[str, str] = {}


@functools.lru_cache(maxsize=65536)
def company_key(company: str) -> str:
    """A key that makes "ACME Corp.", "Acme, Inc." and "Acme Corporation" one account.

    >>> company_key("ACME Corp."), company_key("Acme, Inc."), company_key("The Acme Corporation")
    ('acme', 'acme', 'acme')
    >>> company_key("Plan A"), company_key("AT&T Inc."), company_key("Group")
    ('plan a', 'at and t', 'group')
    """
    key = _normalize_company(company)
    return _ALIASES.get(key, key)


def _normalize_company(company: str) -> str:
    text = fold(_dotless(_DOTTED_RE.sub("", company.lower())).replace("&", " and "))
    if text.startswith("the "):
        text = text[4:]
    text = _DBA_RE.sub("", text)
    stripped = _SUFFIX_RE.sub("", text).strip()
    return stripped or text


def set_company_aliases(aliases: dict[str, list[str]]) -> str:
    """Use a user's company aliases: canonical name -> other names it goes by, e.g.
    ``{"International Business Machines": ["IBM", "I.B.M."]}``. Returns a fingerprint of the
    mapping, so a store can tell when its company keys must be recomputed."""
    mapping = {}
    for canonical, others in aliases.items():
        target = _normalize_company(canonical)
        for other in [canonical, *others]:
            mapping[_normalize_company(other)] = target
    _ALIASES.clear()
    _ALIASES.update(mapping)
    company_key.cache_clear()
    aliases_hash = hashlib.sha1(repr(sorted(mapping.items())).encode()).hexdigest()[:16] if mapping else ""
    return f"rules{COMPANY_RULES}:{aliases_hash}"


FREE_MAIL = frozenset("""gmail googlemail yahoo ymail hotmail outlook live msn icloud me mac aol gmx web mail proton
protonmail pm zoho yandex qq 163 126 orange free t-online comcast verizon att btinternet fastmail hey""".split())
_SECOND_LEVEL = {"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or"}


def company_from_email(email: str) -> str:
    """The organisation an email address points at, when it is not a free-mail address:
    ``dana@mail.acme.co.uk`` -> ``acme``; ``x@gmail.com`` -> ``""``.

    >>> company_from_email("dana@mail.acme.co.uk"), company_from_email("x@gmail.com")
    ('acme', '')
    """
    domain = normalize_email(email).rpartition("@")[2]
    labels = [x for x in domain.split(".") if x]
    if len(labels) < 2:
        return ""
    labels = labels[:-1]  # the top-level domain
    if len(labels) >= 2 and labels[-1] in _SECOND_LEVEL and len(labels[-1]) <= 3:
        labels = labels[:-1]  # co.uk, com.au ...
    name = labels[-1]
    return "" if name in FREE_MAIL or name in ("example",) else name


# --- titles ----------------------------------------------------------------------------------

SENIORITY_LEVELS = ["ic", "senior", "manager", "director", "vp", "c-level"]

_SENIORITY_PATTERNS = [
    ("c-level", r"\b(ceo|cfo|cto|coo|cmo|cro|cio|ciso|cpo|chief|(?<!vice )president|founder|co founder|cofounder|owner|managing partner|managing director)\b"),
    ("vp", r"\b(vp|svp|evp|avp|vice president|head of|head)\b"),
    ("director", r"\b(director|dir|directeur|directora?)\b"),
    ("manager", r"\b(manager|mgr|lead|team lead|supervisor|principal)\b"),
    ("senior", r"\b(senior|sr|staff)\b"),
]

FUNCTIONS = {
    "sales": r"\b(sales|account executive|ae|sdr|bdr|business development|bizdev|revenue|account manager|cro|commercial|selling)\b",
    "marketing": r"\b(marketing|cmo|brand|growth|demand gen|demand generation|communications|pr)\b",
    "engineering": r"\b(engineering|engineer|developer|software|cto|devops|architect|r and d|technology)\b",
    "finance": r"\b(finance|financial|cfo|accounting|accountant|controller|treasury|fp and a)\b",
    "operations": r"\b(operations|ops|coo|supply chain|logistics)\b",
    "product": r"\b(product|cpo|pm)\b",
    "people": r"\b(hr|human resources|people|talent|recruiting|recruiter|chro)\b",
    "it": r"\b(it|cio|information technology|infrastructure|ciso|security)\b",
    "legal": r"\b(legal|counsel|attorney|lawyer|compliance|general counsel)\b",
    "customer success": r"\b(customer success|customer experience|support|cs)\b",
    "procurement": r"\b(procurement|purchasing|buyer|sourcing)\b",
    "executive": r"\b(ceo|president|founder|co founder|cofounder|owner|managing director|general manager|gm)\b",
}

_SENIORITY_RES = [(level, re.compile(p)) for level, p in _SENIORITY_PATTERNS]
_FUNCTION_RES = [(f, re.compile(p)) for f, p in FUNCTIONS.items()]


@functools.lru_cache(maxsize=65536)
def parse_title(title: str) -> tuple[str, frozenset[str]]:
    """Seniority and functions of a free-text title.

    >>> parse_title("SVP, Global Sales")
    ('vp', frozenset({'sales'}))
    >>> parse_title("Sr. Dir. Marketing")[0], parse_title("Mgr, Engineering")[0], parse_title("Account Executive")
    ('director', 'manager', ('ic', frozenset({'sales'})))
    """
    t = fold(title.replace("&", " and "))
    seniority = "ic"
    for level, pattern in _SENIORITY_RES:
        if pattern.search(t):
            seniority = level
            break
    functions = frozenset(f for f, pattern in _FUNCTION_RES if pattern.search(t))
    return seniority, functions


def title_matches(query: str, title: str) -> bool:
    """Does ``title`` fit the ``query`` ("VP Sales", "director marketing", "CFO")?

    Seniority and function parsed from the query must both hold; a query with neither falls back
    to all its words appearing in the title.

    >>> title_matches("VP Sales", "SVP, Global Sales"), title_matches("VP Sales", "Sales Manager")
    (True, False)
    """
    q_level, q_funcs = parse_title(query)
    q_has_level = q_level != "ic" or bool(re.search(r"\b(ic|individual contributor)\b", fold(query)))
    if not q_has_level and not q_funcs:
        words = fold(query).split()
        folded = fold(title)
        return bool(words) and all(w in folded.split() for w in words)
    level, funcs = parse_title(title)
    if q_has_level and level != q_level:
        return False
    return not q_funcs or bool(q_funcs & funcs)
