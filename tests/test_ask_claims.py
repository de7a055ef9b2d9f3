"""Every sentence an ask states as fact stands on evidence in the store: on the demo's drafts, on a
random team's, and rule by rule (client, colleague, friend, teammate, cold and held-back routes)."""

from __future__ import annotations

import csv
import random
import re
from pathlib import Path

import pytest

import pathfinder
from pathfinder.errors import PathfinderError
from pathfinder.faces.demo import import_samples, sample_dir

from .conftest import AS_OF
from .synthetic import person, write_archive
from .test_routes import write_world

#: words that state something about a relationship: wherever they appear, a claim must cover them
RELATIONSHIP_WORDS = ("working with", "worked together", "work together", "solved for you", "helped you", "as a client",
                      "put us in touch", "recommendation you wrote", "sending people my way", "are friends",
                      "You know", "You are connected", "in your contacts", "hoping to meet")


def check_claims(pf, draft) -> None:
    """Each claim has evidence with a file and line, and sits in the body; every relationship word
    and every title of a person the request names is inside a claim."""
    body = draft.body
    spans = []
    for claim in draft.claims:
        assert claim.asserts and claim.evidence, claim
        for e in claim.evidence:
            assert re.fullmatch(r".+:\d+", e["source"]), (claim.sentence, e)
        if "client" in claim.asserts:
            assert any(e["kind"] in ("relationship", "deal") for e in claim.evidence), claim
        start = body.find(claim.sentence)
        assert start >= 0, claim.sentence
        spans.append((start, start + len(claim.sentence)))
    titles = {pf.person(name).title for name in (*draft.named, *draft.also, *draft.targets)} - {""}
    for phrase in (*RELATIONSHIP_WORDS, *titles):
        for m in re.finditer(re.escape(phrase), body):
            assert any(a <= m.start() < b for a, b in spans), (phrase, body)
    assert ".." not in body.replace("...", "")


def all_drafts(pf, targets: list[str], accounts: list[str]) -> list:
    drafts = []
    for kwargs in [{"to": t} for t in targets] + [{"account": a} for a in accounts]:
        try:
            drafts += pf.ask(**kwargs).drafts
        except PathfinderError:
            continue
    return drafts


def test_every_claim_in_the_demos_drafts_has_evidence(tmp_path: Path) -> None:
    with pathfinder.open(tmp_path / "demo.db", as_of=AS_OF) as pf:
        import_samples(pf, lambda _: None)
        accounts = [r["account"] for r in csv.DictReader((sample_dir() / "accounts.csv").open())]
        targets = [p.path.target.id for p in pf.prospects(seniority=["director", "vp", "c-level"], limit=60)]
        drafts = all_drafts(pf, targets, accounts)
        assert len(drafts) >= 10 and {d.kind for d in drafts} <= {"request", "personal", "teammate"}
        assert any(c.asserts == ("client",) for d in drafts for c in d.claims)
        for draft in drafts:
            check_claims(pf, draft)


def write_team(folder: Path, seed: int) -> list[tuple[Path, str, bool, bool]]:
    """Three members' LinkedIn archives (with their employers) that share people, a contact list
    each with relationships and notes, and two connectors' archives."""
    rng = random.Random(seed)
    files = []
    members = ["Rita Rep", "Sam Seller", "Tom Closer"]
    for i, owner in enumerate(members):
        archive = write_archive(folder / owner.split()[0], owner=owner, connections=120, messages=40,
                                seed=seed + i, offset=i * 60)
        (archive / "Positions.csv").write_text(
            "Company Name,Title,Description,Location,Started On,Finished On\n"
            f"Northwind,Account Executive,,,Jan 2022,\nCompany {rng.randint(1, 4)},Sales Rep,,,Jan 2015,Dec 2021\n")
        files.append((archive, owner, False, True))
        rows = ["Name,LinkedIn,Relationship,Notes"]
        for k in rng.sample(range(i * 60, i * 60 + 120), 25) + [10, 70]:  # 10 and 70 share their exports
            first, last, url, *_ = person(k, random.Random(seed + i))
            tier = rng.choice(["client", "friend", "family", "former colleague", "colleague", "acquaintance",
                               "referred", ""])
            note = rng.choice(["", "met at SaaStr", "cut their close from 9 days to 2"])
            rows.append(f"{first} {last},{url},{tier},{note}")
        contacts = folder / f"{owner.split()[0].lower()}_contacts.csv"
        contacts.write_text("\n".join(rows) + "\n")
        files.append((contacts, owner, False, False))
    for j, k in enumerate((10, 70)):
        first, last, *_ = person(k, random.Random(seed))
        # no messages: the synthetic owner URL they carry is not the one the members' exports list
        archive = write_archive(folder / f"connector{j}", owner=f"{first} {last}", connections=80, messages=0,
                                seed=seed + 10 + j, offset=200 + j * 50)
        files.append((archive, f"{first} {last}", True, False))
    return files


@pytest.mark.parametrize("seed", [5, 17])
def test_every_claim_in_a_random_teams_drafts_has_evidence(tmp_path: Path, seed: int) -> None:
    with pathfinder.open(tmp_path / "team.db", as_of=AS_OF) as pf:
        for path, result in pf.import_files(write_team(tmp_path, seed)):
            assert not isinstance(result, Exception), (path, result)
        targets = [p.path.target.id for p in pf.prospects(seniority=["vp", "c-level", "director"], limit=300)
                   if len(p.path.hops) > 1]
        drafts = all_drafts(pf, targets, [])
        assert len(drafts) >= 5
        for draft in drafts:
            check_claims(pf, draft)
            assert draft.band in ("strong", "warm") or draft.kind == "teammate"


# --- rule by rule, in the route world of test_routes ----------------------------------------

@pytest.fixture
def world(tmp_path: Path):
    with pathfinder.open(tmp_path / "w.db", as_of=AS_OF) as pf:
        for path, result in pf.import_files(write_world(tmp_path)):
            assert not isinstance(result, Exception), (path, result)
        yield pf


def test_a_cold_route_gets_no_request_and_says_why(world) -> None:
    with pytest.raises(PathfinderError, match="Lou Loose barely knows Rita Rep yet .*warm up first"):
        world.ask(to="Ola Ops", from_="Rita Rep")


def test_a_held_back_introducer_says_why_even_when_named(world) -> None:
    world.do_not_ask("Rita Rep", "Carla Client")
    with pytest.raises(PathfinderError, match="through Carla Client is held back: a team member said never to ask"):
        world.ask(to="Dana Buyer", via="Carla Client", from_="Rita Rep")
    assert world.ask(to="Dana Buyer", from_="Rita Rep").drafts[0].introducer == "Zane Friend"


def test_a_friend_gets_a_short_personal_note(world) -> None:
    draft = world.ask(to="Dana Buyer", via="Zane Friend", from_="Rita Rep").drafts[0]
    assert draft.kind == "personal" and draft.subject == "A favour: would you introduce me to Dana Buyer?"
    assert "Thanks!\nRita" in draft.body and "anything I can do for you in return" not in draft.body
    assert len(draft.body) < 900
    check_claims(world, draft)


def test_a_client_without_a_problem_named_is_not_told_one(world) -> None:
    draft = world.ask(to="Dana Buyer", via="Carla Client", from_="Rita Rep").drafts[0]
    assert draft.kind == "request" and "Thank you again for working with us." in draft.body
    assert "problem we solved" not in draft.body and "this today" not in draft.body
    check_claims(world, draft)


def test_a_teammate_gets_a_two_line_internal_note(world) -> None:
    draft = world.ask(to="Ed Engineer", from_="Rita Rep").drafts[0]
    assert draft.kind == "teammate" and draft.introducer == "Sam Seller"
    assert draft.body == ("Hi Sam, could you introduce me to Ed Engineer (Engineer at Acme)? You know Ed as a friend.\n"
                          "Thanks, Rita\n")
    assert [c.asserts for c in draft.claims] == [("Ed Engineer: Engineer at Acme",), ("friend",)]


def test_no_claim_of_working_together_without_a_shared_employer(world) -> None:
    # Zane and Carla are "colleague" in Zane's list, with no employer named: nothing is claimed
    draft = world.ask(to="Carla Client", from_="Sam Seller", via="Rita Rep").drafts[0]
    assert "worked together" not in draft.body


def test_no_request_from_outside_goes_past_a_friend_inside_the_account(tmp_path: Path) -> None:
    # Rita's friend Frank is Initech's CTO; Carla and Rob know the people there only as LinkedIn
    # connections: a rep starts with Frank, and no request asks an outsider to get them in
    with pathfinder.open(tmp_path / "demo.db", as_of=AS_OF) as pf:
        import_samples(pf, lambda _: None)
        with pytest.raises(PathfinderError) as refused:
            pf.ask(account="Initech")
        said = str(refused.value)
        assert "Start inside with Frank Friend (CTO, Initech), whom Rita Rep knows well (friend (since 2009-06-01)" in said
        assert "Indira Zielinski (through Carla Client)" in said and "Quinn Bellamy (through Rob Referred)" in said
        with pytest.raises(PathfinderError, match="Start inside with Frank Friend"):
            pf.ask(to="Indira Zielinski", from_="Tom Closer")  # a teammate's friend inside is the team's way in
        draft = pf.ask(to="Indira Zielinski", via="Carla Client").drafts[0]  # named by the rep: their choice
        assert draft.introducer == "Carla Client"
        check_claims(pf, draft)
        # the routes say the same: start with Frank rather than ask Carla or Rob from outside
        routes = {p.target.name: p for p in pf.paths(account="Initech", max_hops=4)}
        assert routes["Indira Zielinski"].action.startswith("start inside with Frank Friend (CTO, Initech), whom "
                                                            "Rita Rep knows well")
        assert routes["Frank Friend"].action == "reach out yourself"
        listed = {p.path.target.name: p.path for p in pf.prospects(title="VP")}  # a prospect list says it too
        assert listed["Indira Zielinski"].action.startswith("start inside with Frank Friend (CTO, Initech)")
        # at Acme the team knows nobody well: Carla is asked about Dana
        assert [d.introducer for d in pf.ask(account="Acme Corporation").drafts][:1] == ["Carla Client"]
        assert all(p.inside is None for p in pf.paths(account="Acme Corporation", max_hops=4))


def test_an_introducer_who_knows_the_person_well_is_asked_though_a_teammate_knows_someone_inside(world) -> None:
    # Sam is friends with Ed, an engineer at Acme; Zane knows Dana himself: his introduction is the one
    assert world.ask(to="Dana Buyer", from_="Rita Rep").drafts[0].introducer in ("Carla Client", "Zane Friend")
