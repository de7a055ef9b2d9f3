"""Company keys: "ACME Corp.", "Acme, Inc." and "Acme Corporation" are one account; the
organisation a work email address points at."""

from __future__ import annotations

import csv
import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pathfinder.errors import ConfigError
from pathfinder.identity.keys import clean_name, fold, name_key, normalize_email

if TYPE_CHECKING:  # (a search never loads the import records)
    from pathfinder.records import PersonRef

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

    forms, dotted = set(LEGAL_SUFFIXES), set()
    with (DATA / "legal_forms.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for form in (row["abbreviation"], row["full_name"]):
                folded = " ".join(re.sub(r"[^\w ]+", " ", fold(_dotless(form.lower()).replace("&", " and "))).split())
                if len(folded) >= 3 and folded not in _NOT_FORMS:
                    forms.add(folded)
            if re.fullmatch(r"(?:\w{1,3}\.){2,}", row["abbreviation"].strip().lower()):
                dotted.add(row["abbreviation"].strip().lower())
    return sorted(forms, key=lambda f: (-len(f), f)), sorted(dotted, key=lambda f: (-len(f), f))


#: :func:`_legal_forms` as it folds the list, kept beside it so that a command does not fold
#: the list each time it starts; a test checks the two agree (see :func:`folded_forms_text`)
FOLDED_FORMS = "legal_forms_folded.txt"
DATA = Path(__file__).resolve().parents[1] / "data"  # shipped with the package


def folded_forms_text() -> str:
    """The contents of ``FOLDED_FORMS``: the folded forms, a blank line, the dotted ones."""
    forms, dotted = _legal_forms()
    return "\n".join(forms) + "\n\n" + "\n".join(dotted) + "\n"


@functools.cache
def _rules() -> tuple[frozenset[str], int, list[str]]:
    """The legal forms, the most words one has, and the dotted ones: read on first use (a
    command that never names a company does not pay for it)."""
    text = (DATA / FOLDED_FORMS).read_text(encoding="utf-8")
    forms, dotted = (part.split("\n") for part in text.strip("\n").split("\n\n"))
    return frozenset(forms), max(len(f.split(" ")) for f in forms), dotted


@functools.cache
def _dotted_forms() -> re.Pattern[str]:
    """A dotted legal form ending a name (every one has a dot: a name without one never needs
    this pattern, whose compiling is a good part of a cold command's time)."""
    return re.compile(r"[\s,]+(?:" + "|".join(re.escape(s) for s in _rules()[2]) + r")\s*$")


def _strip_forms(text: str) -> str:
    """``text`` without the run of legal forms it ends with, each after a space: cut at the
    earliest word from which the rest is all forms ("acme holdings gmbh" -> "acme")."""
    forms, longest, _ = _rules()
    words = text.split(" ")
    n = len(words)
    all_forms = [False] * n + [True]  # all_forms[i]: words[i:] is a run of forms
    for i in range(n - 1, 0, -1):
        all_forms[i] = any(all_forms[j] and " ".join(words[i:j]) in forms for j in range(i + 1, min(n, i + longest) + 1))
    cut = next((i for i in range(1, n) if all_forms[i]), n)
    return " ".join(words[:cut])
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
    lowered = company.lower()
    if "." in lowered:
        lowered = _dotted_forms().sub("", lowered)
    text = fold(_dotless(lowered).replace("&", " and "))
    if text.startswith("the "):
        text = text[4:]
    text = _DBA_RE.sub("", text)
    stripped = _strip_forms(text).strip()
    return stripped or text


def read_company_aliases(path: str) -> dict[str, list[str]]:
    """A company aliases file: TOML, each canonical name = the list of other names (or one name).

    Raises:
        ConfigError: the file cannot be read or is not TOML.
    """
    try:
        import tomllib  # only where an alias file is read: a search need not load it

        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"company aliases file {path}: {exc}") from exc
    return {str(k): [str(x) for x in (v if isinstance(v, list) else [v])] for k, v in data.items()}


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
    if not mapping:
        return f"rules{COMPANY_RULES}:"
    import hashlib  # only for a user's aliases: a search without them never hashes

    return f"rules{COMPANY_RULES}:{hashlib.sha1(repr(sorted(mapping.items())).encode()).hexdigest()[:16]}"


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


def fallback_key(ref: PersonRef, name: str | None = None) -> str:
    """The name key of a reference that has no exact key: name plus company (``name``: the
    reference's display name, when already known)."""
    if name is None:
        name = clean_name(ref.first_name, ref.last_name, ref.name)
    return name_company_key(name_key(name), ref.company)


def name_company_key(folded_name: str, company: str) -> str:
    """The key of :func:`fallback_key`, from a folded name and a company as given."""
    return f"name:{folded_name}|{company_key(company)}"


def rekey(store: Any, fingerprint: str) -> int:
    """Recompute every person's company key when the company rules or the user's aliases changed
    (``fingerprint``, from :func:`set_company_aliases`, names the set the keys follow); how many changed."""
    if (store.get_meta("company_aliases") or "") == fingerprint:
        return 0
    with store.write():
        changed = [(n, {"company_key": company_key(company)}) for n, company, key in store.companies()
                   if company_key(company) != key]
        store.update_people(changed)
        store.set_meta("company_aliases", fingerprint)
        store.bump_generation()
    return len(changed)
