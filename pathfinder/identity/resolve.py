"""Identity resolution: which stored person each export row is about.

Exact keys first: a normalised LinkedIn profile URL, an email, a CRM id. A record with none that
matches is then matched on name and company: the same name key, or a similar name at the same
company (nicknames, initials, "Last, First", credentials and accents do not matter) when exactly
one person fits. Two people whose profile URLs differ are never merged, and neither are keys the
user has kept apart (``pathfinder unmerge``). Every resolution is recorded as a *sighting*
(file, line, how it matched), so each merge can be explained and undone.
"""

from __future__ import annotations

from pathfinder.identity.companies import company_from_email, company_key
from pathfinder.identity.details import (
    Details,
    agreement,
    conflicts,
    match_score,
    normalize_birthday,
    normalize_phone,
    postcode_key,
)
from pathfinder.identity.keys import last_name_key, name_key, name_parts, normalize_email, unnamed_label
from pathfinder.identity.rules import (
    AMBIGUOUS,
    BLOCK_LIMIT,
    FUZZY_THRESHOLD,
    GUESSED,
    effective_company,
    final,
    name_similarity,
    title_columns,
)
from pathfinder.identity.titles import parse_title
from pathfinder.identity.writes import HeldWrites
from pathfinder.records import PersonRef


class Resolver(HeldWrites):
    """Resolves one import's records inside its transaction, on any store (through
    :class:`~pathfinder.store.protocol.IdentityStorage`): the matching rules are here, what it reads
    and keeps in memory in :mod:`.held`, what it writes in :mod:`.writes`."""

    def resolve(self, ref: PersonRef, line: int = 0, file: str = "") -> int:
        """The person ``ref`` is. Within one export, rows with the same values are one person,
        and a name never matches someone an earlier row of the same export already was: two
        rows of one export are two people (real exports hold same-named strangers)."""
        if ref in self.resolved:
            return final(self.remap, self.resolved[ref])
        n = self._resolve(ref, line, file)
        self.resolved[ref] = n
        return n

    def _resolve(self, ref: PersonRef, line: int, file: str) -> int:
        keys, name, nkey, folded = self._info(ref)
        if folded:
            self.touched_names.add(folded)
        found = [n for n in (self._lookup(k) for k in keys) if n]
        n: int | None = None
        how = "new person"
        if found:
            n = found[0]
            how = {"li": "profile URL", "email": "email", "crm": "CRM id"}[keys[[self._lookup(k) for k in keys].index(n)].split(":")[0]]
            for other in dict.fromkeys(found[1:]):
                if other != n and not (self._has_url(n) and self._has_url(other)) and not self._apart(keys, other):
                    self._merge(keep=n, gone=other, reason=f"one record carried both keys: {', '.join(keys)}")
            # the one person with this name at this company, seen before without this record's key,
            # is the same person (as they would be had this record come first)
            holder = self._lookup(nkey) if nkey else None
            if holder and holder not in (n, AMBIGUOUS) and holder not in self.seen and \
                    not (self._has_url(n) and self._has_url(holder)) and not self._apart(keys + [nkey], holder) \
                    and not self._differ(folded, self._details(ref), holder, name_only=not effective_company(ref)):
                self._merge(keep=n, gone=holder, reason=f"the same name and company as the record with {keys[0]}")
        elif nkey:
            has_url = any(k.startswith("li:") for k in keys)
            mine = self._details(ref)
            candidate = self._lookup(nkey)
            if candidate in self.seen:
                candidate = AMBIGUOUS
            if candidate and candidate != AMBIGUOUS:
                if not (has_url and self._has_url(candidate)) and not self._apart(keys + [nkey], candidate) \
                        and not self._differ(folded, mine, candidate, name_only=not effective_company(ref)):
                    n, how = candidate, "same name and company"
            elif candidate is None and effective_company(ref):
                n, score = self._similar(folded, ref, has_url, keys + [nkey])
                if n is not None and self._differ(folded, mine, n):
                    n = None
                if n is not None:
                    how = f"similar name at the same company ({score:.2f})"
            elif candidate is None and not keys:
                # a bare name (a "referred by" field, a deal owner): the one stored person with that
                # name, if only one; of several, the one on the team, if only one is
                same = self._people_named(name_key(name))
                if len(same) > 1:
                    same = [m for m in same if m in self.team_people()]
                if len(same) == 1 and same[0] not in self.seen and not self._apart([nkey], same[0]) \
                        and not self._differ(folded, mine, same[0], name_only=True):
                    n, how = same[0], "the only person with that name"
            if n is None and mine.any():
                n, score = self._by_details(folded, mine, has_url, keys + [nkey])
                if n is not None:
                    how = f"name and contact details ({score:.2f})"
        values = self._values(ref, name or unnamed_label(keys), folded)
        if n is None:
            n = self._create(keys[0] if keys else nkey or f"anon:{self.source_id}:{line}:{file}", values)
            self.summary.people_added += 1
        else:
            if n not in self.seen:
                self.summary.people_matched += 1
            self._update(n, values)
        self.seen.add(n)
        for k in keys:
            if self._lookup(k) is None:
                self._set_key(k, n)
        if nkey:
            holder = self._lookup(nkey)
            if holder is None:
                self._set_key(nkey, n)
            elif holder not in (n, AMBIGUOUS):
                self._set_key(nkey, AMBIGUOUS)
        self._sight(ref, n, how, line, file, keys, nkey)
        return n

    def create(self, ref: PersonRef, *, how: str) -> int:
        """A new person for ``ref`` without matching anyone (a teammate the user names: the team
        rules decide who else they are); the keys nobody holds yet become theirs."""
        keys, name, nkey, folded = self._info(ref)
        n = self._create(keys[0] if keys else nkey, self._values(ref, name or unnamed_label(keys), folded))
        self.summary.people_added += 1
        self.touched_names.add(folded)
        for k in keys + ([nkey] if nkey else []):
            if self._lookup(k) is None:
                self._set_key(k, n)
        self._sight(ref, n, how, 0, "", keys, nkey)
        return n

    def _similar(self, folded: str, ref: PersonRef, has_url: bool, keys: list[str]) -> tuple[int | None, float]:
        """The one person at the same company whose folded name is close enough, if exactly one is."""
        parts = name_parts(folded)[0]
        if len(parts) < 2:
            return None, 0.0
        ckey = company_key(effective_company(ref))
        if ckey in self.company_checked and (ckey, parts[-1]) not in self.name_at_company:
            return None, 0.0  # nobody with this last name works there (as of the import's start)
        level = parse_title(ref.title)[0] if ref.title else ""
        best: list[tuple[float, int]] = []
        for n, other, seniority in self._at_company(ckey, parts[-1]):
            score = name_similarity(folded, other)
            if level and seniority and level != seniority:
                score -= 0.1  # the same name with another seniority is less likely the same person
            if score >= FUZZY_THRESHOLD and n not in self.seen and not (has_url and self._has_url(n)) and not self._apart(keys, n):
                best.append((score, n))
        if len(best) != 1:
            return None, 0.0  # nobody, or several: never guess between people
        return best[0][1], best[0][0]

    def _differ(self, folded: str, mine: Details, n: int, *, name_only: bool = False) -> bool:
        """Do this record's name and details rule out person ``n``: a different birthday, or,
        for a match on a name alone (no company), details that disagree and none that agree
        (another phone at another address)?"""
        if not mine.any():
            return False
        name_key_n, theirs = self._held(n)
        return conflicts(folded, name_key_n, mine, theirs) or (name_only and agreement(mine, theirs) < 0)

    def _by_details(self, folded: str, mine: Details, has_url: bool, keys: list[str]) -> tuple[int | None, float]:
        """The stored person whose name and contact details agree with this record's well
        enough (:func:`~pathfinder.identity.details.match_score`), if one clearly does."""
        blocks = (self.with_detail.get(key, ()) for key in self._detail_keys(mine, folded))
        found = {final(self.remap, n) for block in blocks if len(block) <= BLOCK_LIMIT for n in block}
        scored = []
        for n in found:
            if n in self.seen or n not in self.detailed or (has_url and self._has_url(n)) or self._apart(keys, n):
                continue
            name_key_n, theirs = self.detailed[n]
            score = match_score(folded, name_key_n, mine, theirs)
            if score:
                scored.append((score, n))
        scored.sort(reverse=True)
        if not scored or (len(scored) > 1 and scored[0][0] - scored[1][0] < 1):
            return None, 0.0  # nobody, or two about as likely: never guess between people
        return scored[0][1], scored[0][0]

    @staticmethod
    def _values(ref: PersonRef, name: str, folded: str) -> dict[str, str]:
        """A row's columns. A company read off a work email is a guess (``GUESSED``): it only
        fills in a person who has no company, never replaces one."""
        company = ref.company.strip()
        guess = "" if company else company_from_email(ref.email).title()
        values = {
            "name": name, "name_key": folded, "last_key": last_name_key(folded),
            "email": normalize_email(ref.email), "profile_url": ref.profile_url.strip(),
            "company": company, "company_key": company_key(company) if company else "",
            GUESSED[0]: guess, GUESSED[1]: company_key(guess) if guess else "",
            "title": ref.title.strip(), "location": ref.location.strip(),
            "phone": normalize_phone(ref.phone), "birthday": normalize_birthday(ref.birthday),
            "street": ref.street.strip(), "postcode": postcode_key(ref.postcode),
        }
        if values["title"]:
            values["seniority"], values["functions"] = title_columns(values["title"])
        return {k: v for k, v in values.items() if v}
