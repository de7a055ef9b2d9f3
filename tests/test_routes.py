"""Routes a rep would take, on each store, in a world where the naive most-trusted path is a
detour: the rep asks someone they already know better directly, a path stops at the first person
inside the account, a held-back introducer is shown with the reason, and cold routes come last."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import networkx as nx
import pytest

import pathfinder

from .conftest import AS_OF

HEADER = ["Name", "Email", "Company", "Title", "Relationship"]
PEOPLE = {
    "Rita Rep": ("rita@northwind.example.com", "Northwind", "Account Executive"),
    "Sam Seller": ("sam@northwind.example.com", "Northwind", "Account Executive"),
    "Carla Client": ("carla@globex.example.com", "Globex", "COO"),
    "Zane Friend": ("zane@vandelay.example.com", "Vandelay", "Director of Sales"),
    "Dana Buyer": ("dana@acme.example.com", "Acme", "VP Sales"),
    "Frank Inside": ("frank@initech.example.com", "Initech", "CTO"),
    "Rob Outside": ("rob@umbrella.example.com", "Umbrella", "VP Marketing"),
    "Hugo Target": ("hugo@initech.example.com", "Initech", "VP Finance"),
    "Lou Loose": ("lou@hooli.example.com", "Hooli", "Analyst"),
    "Ed Engineer": ("ed@acme.example.com", "Acme", "Engineer"),
    "Ola Ops": ("ola@acme.example.com", "Acme", "Director of Operations"),
}
#: owner -> (contact, relationship); members first
EXPORTS = {
    "Rita Rep": [("Carla Client", "client"), ("Zane Friend", "friend"), ("Frank Inside", "friend"),
                 ("Lou Loose", "acquaintance"), ("Sam Seller", "colleague")],
    "Sam Seller": [("Ed Engineer", "friend"), ("Rita Rep", "colleague")],
    "Zane Friend": [("Carla Client", "colleague"), ("Dana Buyer", "client"), ("Lou Loose", "friend")],
    "Carla Client": [("Dana Buyer", "former colleague")],
    "Frank Inside": [("Rob Outside", "friend"), ("Hugo Target", "acquaintance")],
    "Rob Outside": [("Hugo Target", "client")],
    "Ed Engineer": [("Dana Buyer", "colleague")],
    "Lou Loose": [("Ola Ops", "friend")],
}
MEMBERS = {"Rita Rep", "Sam Seller"}


def write_world(folder: Path) -> list[tuple[Path, str, bool, bool]]:
    files = []
    for owner, contacts in EXPORTS.items():
        path = folder / f"{owner.split()[0].lower()}.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            out = csv.writer(fh)
            out.writerow(HEADER)
            for name, relationship in contacts:
                out.writerow([name, *PEOPLE[name], relationship])
        files.append((path, owner, owner not in MEMBERS, owner in MEMBERS))
    return files


@pytest.fixture
def world(store_url: str, tmp_path: Path):
    with pathfinder.open(store_url, as_of=AS_OF) as pf:
        for path, result in pf.import_files(write_world(tmp_path)):
            assert not isinstance(result, Exception), (path, result)
        yield pf


def names(p) -> list[str]:
    return [p.hops[0].source.name] + [h.target.name for h in p.hops]


def naive_best(pf, source: str, target: str, cutoff: int = 3) -> list[str]:
    """The most trusted simple path by product of trust alone, as a naive search finds it."""
    g = pf.to_networkx()
    by_name = {data["name"]: n for n, data in g.nodes(data=True)}
    best = max(nx.all_simple_paths(g, by_name[source], by_name[target], cutoff=cutoff),
               key=lambda path: math.prod(g[a][b]["trust"] for a, b in zip(path, path[1:])))
    return [g.nodes[n]["name"] for n in best]


def test_no_detour_through_someone_the_rep_knows_better(world) -> None:
    routes = [names(p) for p in world.paths(to="Dana Buyer", from_="Rita Rep", top=10)]
    assert ["Rita Rep", "Carla Client", "Dana Buyer"] in routes
    assert ["Rita Rep", "Zane Friend", "Dana Buyer"] in routes
    # Rita's own tie to Carla (a client) beats going through Zane to Carla: never suggested
    assert all(r[2:].count("Carla Client") == 0 for r in routes), routes


def test_the_first_person_inside_the_account_is_the_way_in(world) -> None:
    # trust alone would go past Frank, who works at Initech, to Rob at another company
    assert naive_best(world, "Rita Rep", "Hugo Target") == ["Rita Rep", "Frank Inside", "Rob Outside", "Hugo Target"]
    routes = [names(p) for p in world.paths(account="Initech", from_="Rita Rep", top=10)]
    assert ["Rita Rep", "Frank Inside"] in routes
    assert ["Rita Rep", "Frank Inside", "Hugo Target"] in routes
    assert not [r for r in routes if "Rob Outside" in r], routes
    # the same when the person is named
    assert [names(p) for p in world.paths(to="Hugo Target", from_="Rita Rep", top=10)] == [
        ["Rita Rep", "Frank Inside", "Hugo Target"]]


def test_the_reps_own_contacts_are_never_introduced_to_them(world) -> None:
    routes = [names(p) for p in world.paths(to="Lou Loose", from_="Rita Rep", top=10)]
    assert routes == [["Rita Rep", "Lou Loose"]]  # not through Zane, though Zane knows Lou better


def test_a_teammate_who_knows_someone_better_is_no_detour_for_the_team(world) -> None:
    # Sam's friend Ed works at Acme: a team search goes to Ed through Sam, never from Rita past Sam
    team = [names(p) for p in world.paths(to="Ed Engineer", top=10)]
    assert team == [["Sam Seller", "Ed Engineer"]]
    mine = world.paths(to="Ed Engineer", from_="Rita Rep", top=10)
    assert names(mine[0]) == ["Rita Rep", "Sam Seller", "Ed Engineer"]
    assert mine[0].teammate and mine[0].band == "strong"  # Sam's tie to Ed (a friend), not Rita's to Sam
    assert mine[0].action == "ask Sam Seller, your teammate, to introduce you"


def test_bands_come_from_the_evidence_and_cold_routes_come_last(world) -> None:
    routes = world.paths(account="Acme", from_="Rita Rep", top=10)
    assert {p.band for p in routes} == {"strong", "cold"}
    assert [p.band == "cold" for p in routes] == sorted(p.band == "cold" for p in routes)
    via_zane = next(p for p in routes if p.introducer and p.introducer.name == "Zane Friend")
    assert via_zane.band == "strong" and via_zane.action == "ask Zane Friend for an introduction"
    lou = world.paths(to="Lou Loose", from_="Rita Rep")[0]
    assert lou.band == "cold" and "reach out yourself" in lou.action


def test_held_back_introducers_stay_in_the_answer_with_the_reason(world) -> None:
    world.do_not_ask("Rita Rep", "Carla Client")
    routes = world.paths(to="Dana Buyer", from_="Rita Rep", top=10)
    carla = [p for p in routes if p.introducer and p.introducer.name == "Carla Client"]
    assert carla and "never to ask" in carla[0].held_back
    assert "Zane Friend" in [p.introducer.name for p in routes if p.held_back is None]


def test_a_target_already_met_is_not_routed_to_again(world) -> None:
    intro = world.record_intro(to="Dana Buyer", via="Carla Client", from_="Rita Rep")
    world.update_intro(intro, "introduced")
    world.update_intro(intro, "met")
    routes = world.paths(to="Dana Buyer", top=10)
    assert routes and all(p.held_back and "already introduced" in p.held_back for p in routes)
    assert "Dana Buyer" not in {r.path.target.name for r in world.prospects(account="Acme", limit=20)}


def test_prospects_never_go_past_someone_already_inside(world) -> None:
    (hugo,) = [p for p in world.prospects(title="VP Finance", limit=10) if p.path.target.name == "Hugo Target"]
    assert names(hugo.path) == ["Rita Rep", "Frank Inside", "Hugo Target"]
    titled = [names(p) for p in world.paths(title="VP Finance", top=10)]
    assert titled == [["Rita Rep", "Frank Inside", "Hugo Target"]]
