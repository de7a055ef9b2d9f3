"""Contact details as evidence of who is who.

Address books keep a phone number, a birthday and an address; two records without an email or
profile URL in common can still be one person when enough of these agree *and* their names
agree well enough. None of them is a key on its own (an office's main number is shared, a
family shares an address), so :func:`match_score` weighs them against the names, and
:func:`conflicts` tells when details rule a match out (two different birthdays at two addresses).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from rapidfuzz.fuzz import ratio as _indel_ratio

from pathfinder.identity.keys import fold, name_parts
from pathfinder.identity.nicknames import same_given_name

_DIGITS = re.compile(r"\D")
_ISO_BIRTHDAY = re.compile(r"^(\d{4}|-)-\d{2}-\d{2}$")


class Details(NamedTuple):
    """A record's contact details in matching form ('' when not given)."""

    phone: str = ""
    birthday: str = ""
    street: str = ""
    postcode: str = ""
    location: str = ""

    def any(self) -> bool:
        return bool(self.phone or self.birthday or self.street or self.postcode)


def normalize_phone(phone: str) -> str:
    """The digits that identify a phone number: its last nine (country and trunk prefixes
    differ between address books); '' for anything shorter than six digits.

    >>> normalize_phone("+44 (0)20 7946 0958"), normalize_phone("020 7946 0958"), normalize_phone("12")
    ('079460958', '079460958', '')
    """
    digits = _DIGITS.sub("", phone)
    return digits[-9:] if len(digits) >= 6 else ""


def normalize_birthday(birthday: str) -> str:
    """An ISO birthday (``YYYY-MM-DD`` or ``--MM-DD``) as given, '' for anything else."""
    birthday = birthday.strip()
    return birthday if _ISO_BIRTHDAY.match(birthday) else ""


def postcode_key(postcode: str) -> str:
    """A postcode without spaces, in capitals.

    >>> postcode_key(" sw1a 1aa ")
    'SW1A1AA'
    """
    return "".join(postcode.split()).upper()


def details(phone: str, birthday: str, street: str, postcode: str, location: str) -> Details:
    """Details in matching form from values as a record or the store holds them."""
    return Details(normalize_phone(phone), normalize_birthday(birthday), fold(street), postcode_key(postcode),
                   fold(location))


def _similar(a: str, b: str) -> float:
    """How alike two strings are, in [0, 1] (the share of their letters in common order, as
    rapidfuzz computes it); two neighbouring letters swapped (a typing slip) counts as 0.9.

    >>> _similar("ryan", "ryna"), round(_similar("anna", "hanna"), 2)
    (0.9, 0.89)
    """
    if a == b:
        return 1.0
    if len(a) > 2 and _slips(a, b) == "swap":
        return 0.9
    return _indel_ratio(a, b) / 100


def _birthdays(a: str, b: str) -> float:
    """1 for the same birthday, 0.5 for one typo (a wrong or swapped digit) or day and month
    swapped, else 0."""
    if a == b:
        return 1.0
    if a[-5:] == b[-5:] and (a.startswith("--") or b.startswith("--")):
        return 1.0  # the same day and month, one of them without the year
    if a.startswith("--") or b.startswith("--"):
        return 0.0
    swapped = f"{b[:4]}-{b[8:10]}-{b[5:7]}"
    return 0.5 if a == swapped or _one_slip(a, b) else 0.0


def agreement(a: Details, b: Details) -> float:
    """How much the details of two records agree: a point for each of the same phone, the same
    birthday, the same postcode and a similar street; half a point for a near birthday (a typo)
    and for a similar town; a point off for two different phones (where everyone shares a few
    postcodes, a similar name there is not enough when the numbers differ)."""
    points = 0.0
    if a.phone and b.phone:
        points += 1 if a.phone == b.phone else -1
    if a.birthday and b.birthday:
        points += _birthdays(a.birthday, b.birthday)
    if a.postcode and a.postcode == b.postcode:
        points += 1
    if a.street and b.street and _similar(a.street, b.street) >= 0.8:
        points += 1
    if a.location and b.location and _similar(a.location, b.location) >= 0.8:
        points += 0.5
    return points


def _slips(a: str, b: str) -> str:
    """How two equally long strings differ by one keystroke: "wrong" (one character), "swap"
    (two neighbours swapped); "" for anything else (equal, other lengths, more)."""
    if len(a) != len(b):
        return ""
    diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    if len(diff) == 1:
        return "wrong"
    if len(diff) == 2:
        i, j = diff
        return "swap" if j == i + 1 and a[i] == b[j] and a[j] == b[i] else ""
    return ""


def _one_slip(a: str, b: str) -> bool:
    """Are two equally long codes one keystroke apart (one character wrong, or two neighbours swapped)?"""
    return bool(_slips(a, b))


def same_address(a: Details, b: Details) -> bool:
    """Do two records give one address: a similar street with the same postcode, or with a
    postcode one keystroke off in a similar town?"""
    if not (a.street and b.street and a.postcode and b.postcode) or _similar(a.street, b.street) < 0.8:
        return False
    return a.postcode == b.postcode or (_one_slip(a.postcode, b.postcode) and bool(a.location and b.location)
                                        and _similar(a.location, b.location) >= 0.8)


def conflicts(name_a: str, name_b: str, a: Details, b: Details) -> bool:
    """Do the details say two records (folded names, details) are different people? Two
    birthdays that are not the same day, nor one slip apart, do, unless the whole address
    agrees and so does the name: the same person at the same address with another birthday is
    far more often a birthday typed wrong than a namesake (a father and son of one name differ
    in their Jr. and Sr.; a mother and daughter in their given names)."""
    if not (a.birthday and b.birthday) or _birthdays(a.birthday, b.birthday) > 0:
        return False
    return not (same_address(a, b) and same_name(name_a, name_b))


def same_name(a: str, b: str) -> bool:
    """Are two folded full names one name, give or take a typo? The given names must be the
    same, one a nickname of the other or one keystroke off (jonh, john); the surnames alike;
    given name and surname may be swapped; a Jr. is not his father.

    >>> same_name("bob smith", "robert smyth"), same_name("anna berg", "hanna berg"), same_name("berg john", "john berg")
    (True, False, True)
    """
    (pa, generation_a), (pb, generation_b) = name_parts(a), name_parts(b)
    if len(pa) < 2 or len(pb) < 2 or generation_a != generation_b:
        return False

    def given(x: str, y: str) -> bool:
        return x == y or same_given_name(x, y) or _one_slip(x, y)

    return any(given(g, pb[0]) and _similar(last, pb[-1]) >= 0.8 for g, last in ((pa[0], pa[-1]), (pa[-1], pa[0])))


def _names(a: str, b: str) -> tuple[float, float]:
    """(how well two folded full names agree as a whole, how well their best single part does),
    given name and surname compared in either order (address books swap them)."""
    (pa, generation_a), (pb, generation_b) = name_parts(a), name_parts(b)
    if not pa or not pb or generation_a != generation_b:
        return 0.0, 0.0  # no name, or a father and son (Jr. and Sr.)
    ga, la, gb, lb = pa[0], pa[-1], pb[0], pb[-1]
    given = 0.95 if ga != gb and same_given_name(ga, gb) else _similar(ga, gb)
    straight = min(given, _similar(la, lb)) if len(pa) > 1 and len(pb) > 1 else given * 0.9
    swapped = min(_similar(ga, lb), _similar(la, gb)) if len(pa) > 1 and len(pb) > 1 else 0.0
    part = max(given, _similar(la, lb), _similar(ga, lb), _similar(la, gb))
    return max(straight, swapped), part


def match_score(name_a: str, name_b: str, a: Details, b: Details) -> float:
    """How sure we are that two records are one person, from their folded names and details;
    0 when not sure enough. Names alone never do: at least one detail must agree; two different
    birthdays at two addresses mean two people; and only the same birthday and address make
    up for a name that agrees in one part alone (a surname shared with a spouse is not enough).

    >>> d = Details(birthday="1956-04-09", postcode="2119", street="7 wallaby place")
    >>> match_score("mitchell green", "mitchel green", d, d) > 0
    True
    >>> match_score("mitchell green", "mitchell green", d, Details()), match_score("ann lee", "bob ray", d, Details(postcode="2119"))
    (0.0, 0.0)
    """
    if conflicts(name_a, name_b, a, b):
        return 0.0  # two birthdays: two people
    points = agreement(a, b)
    if points < 1:
        return 0.0  # (every rule below wants a point of agreement; the names need not be compared)
    whole, part = _names(name_a, name_b)
    same_birthday = bool(a.birthday) and _birthdays(a.birthday, b.birthday) == 1.0
    if (whole >= 0.8 and points >= 1) or (whole >= 0.6 and points >= 2) \
            or (same_birthday and ((part >= 0.8 and points >= 2.5) or points >= 3.5)):
        return whole + points
    return 0.0
