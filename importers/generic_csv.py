"""A generic contacts CSV: any file with a name column (or first and last name columns).

Recognised columns (case, spaces and underscores ignored), each with its common aliases; a
``mapping`` (CLI ``--map field=Header``) names others. Phone, birthday, street and postcode are
evidence of who is who for contacts without an email (see ``pathfinder.identity.details``). The optional
``relationship`` column marks who already trusts the owner: client, referred, friend, family,
colleague, former colleague, acquaintance. ``referred by`` names the person who referred the
contact; ``since`` dates the relationship; ``notes`` is kept as context for the introduction
request.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pathfinder.importers._csv import header_key, locate_header, parse_birthday, parse_date, read_text, sniff_header

from pathfinder.errors import ExportFormatError, MissingColumns
from pathfinder.model import Evidence
from pathfinder.records import ContactRecord, Extraction, PersonRef, RowProblem

FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "fullname", "displayname", "contact", "contactname"),
    "first_name": ("firstname", "givenname", "first"),
    "last_name": ("lastname", "familyname", "surname", "last"),
    "email": ("email", "emailaddress", "e-mail", "mail", "workemail", "primaryemail", "e-mailaddress"),
    "profile_url": ("linkedin", "linkedinurl", "profileurl", "linkedinprofile", "url", "profile"),
    "company": ("company", "companyname", "organization", "organisation", "account", "accountname",
                "employer", "org"),
    "title": ("title", "jobtitle", "position", "role"),
    "location": ("location", "city", "country", "region"),
    "phone": ("phone", "phonenumber", "mobile", "mobilephone", "cell", "cellphone", "telephone", "tel", "workphone"),
    "birthday": ("birthday", "birthdate", "dateofbirth", "dob"),
    "street": ("street", "streetaddress", "address", "address1", "addressline1"),
    "postcode": ("postcode", "postalcode", "zip", "zipcode"),
    "relationship": ("relationship", "relation", "relationshiptype", "tie", "tier", "type"),
    "referred_by": ("referredby", "referrer", "introducedby"),
    "since": ("since", "knownsince", "clientsince", "connectedon", "date"),
    "notes": ("notes", "note", "context", "problemsolved"),
}

RELATIONSHIP_ALIASES = {
    "client": "client", "customer": "client", "clients": "client", "buyer": "client",
    "referred": "referred", "referral": "referred", "referred contact": "referred",
    "friend": "friend", "friends": "friend",
    "family": "family", "relative": "family",
    "colleague": "colleague", "coworker": "colleague", "co-worker": "colleague",
    "former colleague": "former colleague", "ex-colleague": "former colleague",
    "former coworker": "former colleague", "ex colleague": "former colleague",
    "acquaintance": "acquaintance", "contact": "acquaintance", "connection": "acquaintance",
}

NAME_SETS = [{"name"}, {"fullname"}, {"displayname"}, {"contactname"}, {"firstname", "lastname"},
             {"givenname", "familyname"}, {"firstname"}]


def _column_for(field: str, keys: list[str], mapping: dict[str, str]) -> str | None:
    if field in mapping:
        return header_key(mapping[field])
    for alias in FIELD_ALIASES[field]:
        if header_key(alias) in keys:
            return header_key(alias)
    return None


class GenericContacts:
    name = "csv"
    title = "generic contacts CSV (name, email, company, title, relationship…)"
    fallback = True

    def identify(self, path: Path) -> bool:
        return sniff_header(path, NAME_SETS, suffixes=(".csv", ".tsv", ".txt"), max_lines=5) is not None

    def extract(self, path: Path, *, encoding: str | None = None,
                mapping: dict[str, str] | None = None, **_: Any) -> Extraction:
        mapping = dict(mapping or {})
        unknown = set(mapping) - set(FIELD_ALIASES)
        if unknown:
            raise ExportFormatError(path, f"--map names unknown fields {sorted(unknown)}; "
                                    f"known: {', '.join(FIELD_ALIASES)}")
        text = read_text(path, encoding)
        wanted = NAME_SETS + [{header_key(v)} for k, v in mapping.items() if k in ("name", "first_name")]
        table = locate_header(path, text, wanted, max_lines=5)
        if table is None and mapping:
            raise MissingColumns(path, f"no header with the mapped columns ({', '.join(f'{k}={v}' for k, v in mapping.items())}) "
                                 "in the first 5 lines")
        if table is None:
            raise MissingColumns(path, "no header with a name column (Name, Full Name, or First Name "
                                 "and Last Name) in the first 5 lines; name yours with --map name=HEADER")
        keys = table.keys
        missing = [f"{f}={h}" for f, h in mapping.items() if header_key(h) not in keys]
        if missing:
            raise MissingColumns(path, f"--map names columns the header lacks: {', '.join(missing)}; "
                                 f"columns are: {', '.join(table.header)}", line=table.header_line)
        cols = {f: _column_for(f, keys, mapping) for f in FIELD_ALIASES}
        out = Extraction(path=str(path), format=self.name)

        def get(row: dict[str, str], field: str) -> str:
            col = cols[field]
            return row.get(col, "") if col else ""

        for line, row in table.rows():
            out.rows += 1
            birthday = parse_birthday(get(row, "birthday"))
            person = PersonRef(
                name=get(row, "name"), first_name=get(row, "first_name"), last_name=get(row, "last_name"),
                email=get(row, "email") if "@" in get(row, "email") else "",
                profile_url=get(row, "profile_url") if "linkedin" in get(row, "profile_url").lower() else "",
                company=get(row, "company"), title=get(row, "title"), location=get(row, "location"),
                phone=get(row, "phone"), street=get(row, "street"), postcode=get(row, "postcode"),
                birthday=birthday or "",
            )
            if not person.has_identity():
                out.problems.append(RowProblem(str(path), line, person.skip_reason("row has no name, email or profile URL: skipped")))
                continue
            if birthday is None:
                out.problems.append(RowProblem(str(path), line, f"unreadable birthday {get(row, 'birthday')!r}: "
                                               "kept the contact without it"))
            since_raw = get(row, "since")
            since = parse_date(since_raw)
            if since_raw and since is None:
                out.problems.append(RowProblem(str(path), line, f"unreadable date {since_raw!r}: ignored"))
            evidence = [Evidence("contact", since)]
            rel_raw = get(row, "relationship")
            if rel_raw:
                tier = RELATIONSHIP_ALIASES.get(rel_raw.strip().lower())
                if tier is None:
                    out.problems.append(RowProblem(
                        str(path), line, f"unknown relationship {rel_raw!r} (expected one of: client, "
                        "referred, friend, family, colleague, former colleague, acquaintance): "
                        "kept the contact without it"))
                else:
                    data: dict[str, Any] = {"tier": tier}
                    if get(row, "notes"):
                        data["note"] = get(row, "notes")
                    evidence.append(Evidence("relationship", since, data))
            referrer = get(row, "referred_by")
            if referrer:
                if not rel_raw:
                    evidence.append(Evidence("relationship", since, {"tier": "referred", "by": referrer}))
                ref = PersonRef(name=referrer)
                out.records.append(ContactRecord(line, ref, (Evidence("referral", since, {"gave": True}),)))
                out.records.append(ContactRecord(line, person, (Evidence("referral", since, {"referred": True}),), a=ref))
            out.records.append(ContactRecord(line, person, tuple(evidence)))
        return out
