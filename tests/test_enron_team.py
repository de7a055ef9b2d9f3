"""A team built from the real Enron network (../shared/fixtures): every draft can be sent as it
is, no route is a detour, and a target already met is not routed to again."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

import pathfinder
from pathfinder.errors import PathfinderError

from .conftest import AS_OF
from .enron_team import SHARED, write_team
from .test_ask_claims import check_claims

pytestmark = pytest.mark.skipif(not SHARED.exists(), reason="../shared/fixtures not beside the repo")
SENIOR = ("President", "CEO", "Chief", "Director", "Vice President")


@pytest.fixture(scope="module")
def enron(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("enron")
    files, members = write_team(folder, members=2, connectors=4)
    with pathfinder.open(folder / "team.db", as_of=AS_OF) as pf:
        for path, result in pf.import_files(files):
            assert not isinstance(result, Exception), (path, result)
        yield pf, members


def senior(pf) -> list:
    return sorted((p for p in pf.store.all_people() if any(w in p.title for w in SENIOR)), key=lambda p: p.id)


def test_the_team_knows_itself(enron) -> None:
    pf, members = enron
    assert sorted(m.name for m in pf.team() if m.role == "member") == sorted(members)
    for name in members:  # each member is one person, though they are in each other's exports
        assert len([p for p in pf.store.all_people() if p.name == name]) == 1


def test_every_draft_can_be_sent_as_it_is(enron) -> None:
    pf, _ = enron
    drafts = []
    for target in senior(pf):
        try:
            drafts += pf.ask(to=target.id).drafts
        except PathfinderError as exc:
            assert "knows" in str(exc) or "No path" in str(exc) or "barely knows" in str(exc), exc
    assert len(drafts) >= 3
    for draft in drafts:
        check_claims(pf, draft)
        sender, named = pf.person(draft.sender, team_first=True), pf.person(draft.named[0])
        assert not pf.store.evidence_of([(min(sender.n, named.n), max(sender.n, named.n))])[
            (min(sender.n, named.n), max(sender.n, named.n))], "the rep is never introduced to their own contact"
        assert draft.band in ("strong", "warm")


def test_no_route_is_a_detour(enron) -> None:
    """No path asks someone to introduce a person the team knows at least as well directly."""
    pf, members = enron
    g = pf.to_networkx()
    node = {data["name"]: n for n, data in g.nodes(data=True)}
    team = [node[m] for m in members]
    checked = 0
    for target in senior(pf):
        for p in pf.paths(to=target.id, top=10):
            chain = 0.0
            for i, hop in enumerate(p.hops):
                chain += -math.log(hop.trust)
                later = node[hop.target.name]
                if i == 0:
                    continue
                direct = [g[m][later]["trust"] for m in team if g.has_edge(m, later)]
                assert not direct or -math.log(max(direct)) > chain - 1e-9, (p.hops, direct)
                checked += 1
    assert checked > 0


def test_a_target_already_met_is_not_routed_to_again(enron, tmp_path: Path) -> None:
    pf, _ = enron
    draft = pf.ask(to="Joe Stepenovitch").drafts[0]  # a vice president the team reaches through a colleague
    intro = pf.record_intro(to="Joe Stepenovitch", via=draft.introducer, from_=draft.sender)
    pf.update_intro(intro, "introduced")
    pf.update_intro(intro, "met")
    routes = pf.paths(to="Joe Stepenovitch", top=10)
    assert routes and all(p.held_back and "already introduced" in p.held_back for p in routes)
    with pytest.raises(PathfinderError, match="already introduced"):
        pf.ask(to="Joe Stepenovitch")
    assert "Joe Stepenovitch" not in {p.path.target.name for p in pf.prospects(title="Vice President", limit=100)}


def spearman(x: list[float], y: list[float]) -> float:
    import pandas as pd
    return float(pd.Series(x).rank().corr(pd.Series(y).rank()))


def mail_ties(folder: Path, owner: str) -> tuple[dict[str, float], dict[str, tuple[int, int]]]:
    """(pathfinder's trust in each of ``owner``'s correspondents after importing their mailbox,
    the messages each way the network records)."""
    from datetime import date

    from .enron_team import read_network, write_mbox

    _, mail = read_network()
    box = write_mbox(folder / "mail.mbox", owner, mail)
    with pathfinder.open(folder / "mail.db", as_of=date(2002, 6, 1)) as pf:
        pf.import_file(box, owner=owner, new_member=True)
        me = pf.member(owner)
        ties = pf.store.ties_of(me.n, limit=10_000)
        people = pf.store.people([o for o, _, _ in ties])
        trust = {people[o].name: t for o, t, _ in ties}
    observed: dict[str, tuple[int, int]] = {}
    for (a, b), (n, _, _) in mail.items():
        if owner in (a, b):
            other = b if a == owner else a
            s, r = observed.get(other, (0, 0))
            observed[other] = (s + n, r) if a == owner else (s, r + n)
    return trust, observed


@pytest.mark.parametrize("owner", ["Sally Beck", "Louise Kitchen", "John Lavorato", "Kenneth Lay"])
def test_the_people_executives_wrote_to_most_both_ways_are_their_strongest_ties(tmp_path: Path, owner: str) -> None:
    trust, observed = mail_ties(tmp_path, owner)
    assert set(trust) == set(observed)  # every correspondent, and nobody else
    names = sorted(trust)
    two_way = {n: min(observed[n]) for n in names}
    assert spearman([trust[n] for n in names], [two_way[n] for n in names]) >= 0.75
    top = sorted(names, key=lambda n: (-two_way[n], n))[:5]
    strongest = sorted(names, key=lambda n: -trust[n])[:10]
    assert len(set(top) & set(strongest)) >= 3, (top, strongest)
