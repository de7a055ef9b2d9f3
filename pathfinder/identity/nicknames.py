"""Common English given-name variants, for matching records that carry no exact key.

Each group lists one formal name and the nicknames people use for it. Matching is symmetric:
two names match when they share a group.
"""

from __future__ import annotations

GROUPS = [
    "robert rob bob bobby robbie", "william will bill billy liam", "richard rick dick rich richie",
    "james jim jimmy jamie", "john jack johnny jon", "michael mike mikey mick", "thomas tom tommy",
    "christopher chris kit", "daniel dan danny", "matthew matt", "anthony tony", "joseph joe joey",
    "charles charlie chuck chas", "edward ed eddie ted ned", "andrew andy drew", "steven steve stephen",
    "jonathan jon jonny", "benjamin ben benny", "nicholas nick nicky", "alexander alex al sasha",
    "samuel sam sammy", "patrick pat paddy", "peter pete", "timothy tim timmy", "david dave davey",
    "gregory greg", "jeffrey jeff geoffrey geoff", "kenneth ken kenny", "ronald ron ronnie",
    "donald don donny", "lawrence larry laurence", "gerald gerry jerry", "raymond ray",
    "frederick fred freddie", "henry hank harry", "francis frank frankie", "zachary zach zack",
    "jacob jake", "joshua josh", "nathaniel nathan nate", "theodore theo ted", "vincent vince",
    "elizabeth liz beth betty lizzie eliza libby", "katherine kate kathy katie catherine kat",
    "margaret maggie meg peggy marge", "jennifer jen jenny", "jessica jess jessie",
    "rebecca becky becca", "susan sue susie suzanne", "patricia pat patty trish tricia",
    "deborah deb debbie debra", "victoria vicky tori", "christina chris tina christine",
    "alexandra alex sandra lexi", "samantha sam sammy", "abigail abby", "kimberly kim",
    "cynthia cindy", "barbara barb barbie", "dorothy dot dottie", "pamela pam", "stephanie steph",
    "melissa mel missy", "amanda mandy", "nancy nan", "judith judy", "theresa terry tess",
    "olivia liv", "natalie nat", "jacqueline jackie", "danielle dani", "gabrielle gabby gabi",
]

_GROUP_OF: dict[str, set[int]] = {}
for _i, _group in enumerate(GROUPS):
    for _name in _group.split():
        _GROUP_OF.setdefault(_name, set()).add(_i)


def same_given_name(a: str, b: str) -> bool:
    """True when two folded given names are the same name or nicknames of one another.

    >>> same_given_name("bob", "robert"), same_given_name("rob", "bob"), same_given_name("bob", "bill")
    (True, True, False)
    """
    return a == b or bool(_GROUP_OF.get(a, set()) & _GROUP_OF.get(b, set()))
