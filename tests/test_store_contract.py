"""One contract, two stores: every behaviour here runs on the embedded file store and on a real
Neo4j server (started by ``neo4j-server/run.sh``), and the cross-store tests check that the two
give the same answers."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest
from pathfinder.queries import QueryFileError, load, names, parse

import pathfinder
from pathfinder.api import AccountNotFound
from pathfinder.errors import BackendUnavailable, PathfinderError, PersonNotFound
from pathfinder.faces.cli import cli
from pathfinder.faces.demo import import_samples, sample_dir
from pathfinder.identity.lookup import match_people

from .conftest import AS_OF
from .synthetic import write_archive


def quiet(_: str) -> None:
    pass


def answer(paths) -> list[tuple]:
    """What a rep sees of a ranking: target, introducer, source, hops and score, in order."""
    return [(p.target.id, p.introducer.id if p.introducer else None, p.source.id, len(p.hops), round(p.score, 9))
            for p in paths]


def content(pf) -> tuple:
    people = {p.n: p for p in pf.store.all_people()}
    ties = sorted((tuple(sorted((people[a].id, people[b].id))), round(t, 9)) for a, b, t in pf.store.ties())
    return (sorted((p.id, p.name, p.company, p.title, p.seniority) for p in people.values()), ties,
            sorted((people[n].id, role) for n, role in pf.store.team().items()))


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def demo(store_url: str):
    with pathfinder.open(store_url, as_of=AS_OF) as pf:
        import_samples(pf, quiet)
        yield pf


# --- behaviour, on each store ------------------------------------------------------------------

def test_importing_the_same_file_twice_changes_nothing(store_url: str) -> None:
    with pathfinder.open(store_url, as_of=AS_OF) as pf:
        first = pf.import_file(sample_dir() / "rita_connections.csv", owner="Rita Rep")
        before, generation = pf.stats(), pf.store.generation
        again = pf.import_file(sample_dir() / "rita_connections.csv", owner="Rita Rep")
        assert first.people_added == 76 and not first.already_imported
        assert again.already_imported and pf.stats() == before and pf.store.generation == generation


def test_one_record_with_two_keys_merges_two_people(store_url: str, tmp_path: Path) -> None:
    url = "https://www.linkedin.com/in/dana-buyer-42"
    with pathfinder.open(store_url, as_of=AS_OF) as pf:
        pf.import_file(write_csv(tmp_path / "a.csv", [{"name": "Dana Buyer", "email": "dana@acme.example",
                                                        "company": "Acme"}]), owner="Rita Rep")
        pf.import_file(write_csv(tmp_path / "b.csv", [{"name": "D. Buyer", "profile_url": url, "company": "Zeta"}]),
                       owner="Sam Seller")
        assert pf.person("dana@acme.example").id != pf.person(url).id
        people = pf.stats()["people"]
        merged = pf.import_file(write_csv(tmp_path / "c.csv", [{"name": "Dana Buyer", "email": "dana@acme.example",
                                                                "profile_url": url}]), owner="Tom Closer")
        assert merged.people_merged == 1 and pf.stats()["people"] == people  # one gone, Tom added
        dana = pf.person(url)
        assert pf.person("dana@acme.example").id == dana.id
        for rep in ("Rita Rep", "Sam Seller", "Tom Closer"):  # every tie moved to the one Dana
            assert pf.explain(from_=rep, to=dana.id)["direct"]
        why = pf.explain_person(url)
        assert [m["keys"] for m in why["merges"]] and "email:dana@acme.example" in why["keys"]
        assert sorted(Path(s["file"]).name for s in why["sightings"]) == ["a.csv", "b.csv", "c.csv"]
        split = pf.unmerge(url, key="email:dana@acme.example")
        assert pf.person("dana@acme.example").id == split != pf.person(url).id
        pf.import_file(write_csv(tmp_path / "d.csv", [{"name": "Dana Buyer", "email": "dana@acme.example",
                                                       "profile_url": url}]), owner="Rita Rep")
        assert pf.person("dana@acme.example").id != pf.person(url).id  # kept apart from now on
        assert pf.check()["ok"]


def test_contact_details_join_records_without_keys_and_keep_others_apart(store_url: str, tmp_path: Path) -> None:
    """Address-book rows with no email or URL: a phone, a birthday and an address make two
    spellings one person; a different birthday keeps a namesake apart, unless the whole address
    agrees too; a relative at the same address with another name and birthday, and a Jr. at his
    father's address, stay their own people."""
    with pathfinder.open(store_url, as_of=AS_OF) as pf:
        pf.import_file(write_csv(tmp_path / "rita.csv", [
            {"name": "Jonathan Smith", "phone": "+44 20 7946 0958", "birthday": "1980-05-02",
             "street": "12 Wallaby Place", "zip": "SW1A 1AA", "company": "Acme"},
            {"name": "Anna Berg", "phone": "", "birthday": "1975-03-09", "street": "4 Mill Lane", "zip": "2119",
             "company": ""},
            {"name": "Lee Park", "phone": "", "birthday": "1990-01-01", "street": "", "zip": "", "company": "Zeta"},
            {"name": "Maria Lund", "phone": "", "birthday": "1962-08-14", "street": "3 Elm Row", "zip": "2200",
             "company": ""},
            {"name": "Holm, Carl, Sr.", "phone": "", "birthday": "1950-02-11", "street": "9 Oak Road", "zip": "2119",
             "company": ""},
        ]), owner="Rita Rep")
        second = pf.import_file(write_csv(tmp_path / "sam.csv", [
            {"name": "Jon Smyth", "phone": "020 7946 0958", "birthday": "--05-02", "street": "12 Wallaby Pl",
             "zip": "sw1a1aa", "company": ""},
            {"name": "Hanna Berg", "phone": "", "birthday": "2003-11-20", "street": "4 Mill Lane", "zip": "2119",
             "company": ""},
            {"name": "Lee Park", "phone": "", "birthday": "1971-06-30", "street": "", "zip": "", "company": "Zeta"},
            {"name": "Maria Lund", "phone": "", "birthday": "1971-01-05", "street": "3 Elm Row", "zip": "2200",
             "company": ""},
            {"name": "Carl Holm Jr.", "phone": "", "birthday": "1978-07-30", "street": "9 Oak Road", "zip": "2119",
             "company": ""},
        ]), owner="Sam Seller")
        # Jon and Maria; Sam, Hanna, the other Lee and Carl Jr. are new
        assert second.people_matched == 2 and second.people_added == 4
        jon = pf.person("Jonathan Smith")
        why = pf.explain_person(jon.id)
        assert sorted(Path(s["file"]).name for s in why["sightings"]) == ["rita.csv", "sam.csv"]
        assert any(s["matched_by"].startswith("name and contact details") for s in why["sightings"])
        assert pf.explain(from_="Sam Seller", to=jon.id)["direct"]
        held = pf.export_person(jon.id)  # the first details seen stay; the right of access shows them
        assert {k: held[k] for k in ("phone", "birthday", "street", "postcode")} == \
            {"phone": "079460958", "birthday": "1980-05-02", "street": "12 Wallaby Place", "postcode": "SW1A1AA"}
        assert len(match_people(pf.store, "Lee Park")) == 2  # same name and company, another birthday
        assert pf.person("Hanna Berg").id != pf.person("Anna Berg").id
        assert len(match_people(pf.store, "Maria Lund")) == 1  # one of the two birthdays is a slip
        assert {p.name for p in match_people(pf.store, "Carl Holm Sr.") + match_people(pf.store, "Carl Holm Jr.")} \
            == {"Carl Holm Sr.", "Carl Holm Jr."}
        assert pf.check()["ok"]


def test_a_name_alone_is_not_enough_when_the_contact_details_disagree(store_url: str, tmp_path: Path) -> None:
    """Rows with no key and no company match on their name alone, unless their details say
    otherwise: another phone at another address is another Ann Lee."""
    with pathfinder.open(store_url, as_of=AS_OF) as pf:
        pf.import_file(write_csv(tmp_path / "rita.csv", [
            {"name": "Ann Lee", "phone": "+61 2 9000 1111", "street": "1 Bay Rd", "zip": "2000"}]), owner="Rita Rep")
        pf.import_file(write_csv(tmp_path / "sam.csv", [
            {"name": "Ann Lee", "phone": "+61 3 8000 2222", "street": "9 Hill St", "zip": "3000"}]), owner="Sam Seller")
        assert len(match_people(pf.store, "Ann Lee")) == 2
        pf.import_file(write_csv(tmp_path / "tara.csv", [
            {"name": "Ann Lee", "phone": "(03) 8000 2222", "street": "", "zip": ""}]), owner="Tara Team")
        anns = match_people(pf.store, "Ann Lee")
        assert len(anns) == 2  # the same phone as Sam's Ann: her
        sams = next(p for p in anns if pf.store.contact_details(p.n)["phone"] == "380002222")
        assert pf.explain(from_="Tara Team", to=sams.id)["direct"]
        assert pf.check()["ok"]


def test_people_given_without_a_name_are_called_by_their_record_until_a_name_comes(store_url: str) -> None:
    """A HubSpot deals export names contacts only by their record id: they show as "HubSpot
    contact 501" (never matched by that label) until the contacts export gives their name, and
    a label never replaces a name already stored."""
    data = Path(__file__).parent / "data" / "hubspot"
    with pathfinder.open(store_url, as_of=AS_OF) as pf:
        pf.import_file(data / "deals.csv", owner="Tara Team")
        labelled = pf.person("HubSpot contact 501")
        assert labelled.name == "HubSpot contact 501" and not match_people(pf.store, "Carla Client")
        pf.import_file(data / "contacts.csv", owner="Tara Team")
        named = pf.person("Carla Client")
        assert named.id == labelled.id == pf.person("HubSpot contact 501").id  # still found by its record
        pf.import_file(data / "deals_fr.csv", owner="Rita Rep")  # the same contacts by id again
        assert pf.person(named.id).name == "Carla Client"
        assert pf.check()["ok"]


def test_same_name_with_different_profile_urls_stays_two_people(store_url: str, tmp_path: Path) -> None:
    with pathfinder.open(store_url, as_of=AS_OF) as pf:
        for owner, slug in (("Rita Rep", "john-smith-1"), ("Sam Seller", "john-smith-2")):
            pf.import_file(write_csv(tmp_path / f"{slug}.csv", [{
                "name": "John Smith", "company": "Acme", "profile_url": f"https://linkedin.com/in/{slug}"}]), owner=owner)
        assert len(match_people(pf.store, "John Smith")) == 2


def test_people_narrowed_by_function_are_exactly_those_with_it(store_url: str) -> None:
    # a title's or a profile's function narrows the candidates in the store, never who matches
    from pathfinder.identity.titles import title_matches

    with pathfinder.open(store_url, as_of=AS_OF) as pf:
        import_samples(pf, quiet)
        everyone = list(pf.store.all_people())
        for functions in (["sales"], ["sales", "finance"], ["engineering"], ["no-such-function"]):
            assert {p.n for p in pf.store.people_filtered(functions=functions)} == \
                {p.n for p in everyone if set(functions) & set(p.functions.split(","))}, functions
        for title in ("Sales", "Finance", "VP Sales", "VP", "Chief Technology Officer"):
            assert {p.n for p in pf.ranking.targets(None, None, title)} == \
                {p.n for p in everyone if title_matches(title, p.title)}, title
        assert {p.path.target.id for p in pf.prospects(function=["sales"], limit=500)} <= \
            {p.id for p in everyone if "sales" in p.functions.split(",")}


def test_paths_show_why_each_hop_is_trusted(demo) -> None:
    best = demo.paths(account="Acme Corporation", top=5)[0]
    assert (best.target.name, best.introducer.name, best.source.name) == ("Dana Buyer", "Carla Client", "Rita Rep")
    assert any("client" in reason for reason in best.hops[0].reasons)
    ranks = [(p.band == "cold", -p.score * p.fit) for p in demo.paths(account="Acme", top=5)]
    assert ranks == sorted(ranks)  # warm and strong before cold, then score times fit


def test_do_not_ask_vouch_and_never_use(demo) -> None:
    def through_carla() -> list:
        return [p for p in demo.paths(to="Dana Buyer", top=10)
                if p.source.name == "Rita Rep" and p.introducer and p.introducer.name == "Carla Client"]

    assert through_carla() and not any(p.held_back for p in through_carla())
    demo.do_not_ask("Rita Rep", "Carla Client")
    held = through_carla()  # still shown, greyed, with the reason
    assert held and all("never to ask" in (p.held_back or "") for p in held)
    demo.do_not_ask("Rita Rep", "Carla Client", undo=True)
    demo.never_use("Carla Client")
    assert all(p.held_back for p in through_carla())
    demo.never_use("Carla Client", undo=True)
    tie = demo.explain(from_="Sam Seller", to="Marco Rossi")["hops"][0]["trust"]
    demo.vouch("Sam Seller", "Marco Rossi", strength=0.9)
    assert demo.explain(from_="Sam Seller", to="Marco Rossi")["hops"][0]["trust"] > tie


def test_clear_errors(demo) -> None:
    with pytest.raises(PersonNotFound, match="Dana Buyr"):
        demo.paths(to="Dana Buyr")
    with pytest.raises(AccountNotFound, match="Acme Corporation"):
        demo.paths(account="Acme Corporatoin")


def test_the_ledger_marks_routes_and_spreads_asks(demo) -> None:
    intro = demo.record_intro(to="Dana Buyer", via="Carla Client", from_="Rita Rep")
    marked = [p for p in demo.paths(to="Dana Buyer", top=10) if p.introducer and p.introducer.name == "Carla Client"]
    assert marked and marked[0].ledger and marked[0].ledger[0] == "asked"
    demo.update_intro(intro, "introduced")
    assert [i.status for i in demo.intros()] == ["introduced"]
    assert [f.kind for f in demo.followups(all=True)][:1] == ["thank"]
    with pytest.raises(PathfinderError, match="cannot become"):
        demo.update_intro(intro, "asked")


def test_the_json_api_mirrors_on_either_store(demo) -> None:
    assert demo.prospects(title="VP", limit=3)
    assert demo.stats()["people"] == 231 and demo.stats()["team"] == 5


def test_export_forget_and_undo(demo, tmp_path: Path) -> None:
    olivia = demo.person("Olivia Ops")
    info = demo.export_person("Olivia Ops")
    assert info["name"] == "Olivia Ops" and info["ties"] and info["sightings"]
    named = demo.import_file(write_csv(tmp_path / "olivia-ops-referrals.csv", [  # her name in a file name and as a referrer
        {"name": "Ray Referred", "email": "ray@example.org", "relationship": "referred", "referred_by": "Olivia Ops"}]),
        owner="Rita Rep")
    assert named.people_added >= 1
    counts = demo.forget("Olivia Ops")
    assert counts["people"] == 1 and counts["mentions"] >= 1  # the referrer is her; the file is named after her
    assert counts["ties_with_others"] == len(info["ties"]) + 2  # and her referral: to Ray, and to Rita
    assert demo.person("Ray Referred") and demo.people("Olivia") == []
    with pytest.raises(PersonNotFound):
        demo.person("Olivia Ops")
    row = {"name": "Olivia Ops", "profile_url": olivia.profile_url, "email": olivia.email, "company": olivia.company}
    skipped = demo.import_file(write_csv(tmp_path / "again.csv", [row]), owner="Rita Rep")
    assert skipped.people_added == 0 and any("forgotten" in note for note in skipped.notes)
    assert demo.forget(olivia.profile_url or olivia.email, undo=True)["lifted"] >= 1
    back = demo.import_file(write_csv(tmp_path / "back.csv", [row]), owner="Sam Seller")
    assert back.people_added == 1 and demo.person("Olivia Ops").name == "Olivia Ops"


def test_the_web_app_answers_on_either_store(demo, store_url: str) -> None:
    from fastapi.testclient import TestClient

    from pathfinder.faces.web.app import create_app

    client = TestClient(create_app(store_url), base_url="http://127.0.0.1")
    page = client.get("/paths", params={"account": "Acme Corporation"})
    assert page.status_code == 200 and "Dana Buyer" in page.text and "Carla Client" in page.text
    api = client.get("/api/paths", params={"account": "Acme Corporation", "top": 5}).json()
    assert [p["target"]["name"] for p in api] == [p.target.name for p in demo.paths(account="Acme Corporation")]
    suggestions = client.get("/suggest", params={"q": "acm"})
    assert suggestions.status_code == 200 and "Acme Corporation" in suggestions.text
    person = client.get("/person", params={"q": demo.person("Carla Client").id})
    assert person.status_code == 200 and "Rita Rep" in person.text


# --- the same answers on both stores -------------------------------------------------------------

QUERIES = [dict(account="Acme Corporation"), dict(to="Dana Buyer"), dict(title="VP"),
           dict(account="Acme", from_="Sam Seller"), dict(account="Acme", max_hops=2),
           dict(account="Acme", max_hops=4, top=10), dict(account="Acme", per_target=2, top=10)]


def test_both_stores_hold_the_same_graph_and_answer_the_same(neo4j_url: str, tmp_path: Path) -> None:
    with pathfinder.open(tmp_path / "team.db", as_of=AS_OF) as embedded, \
            pathfinder.open(neo4j_url, as_of=AS_OF) as server:
        for pf in (embedded, server):
            import_samples(pf, quiet)
        assert content(server) == content(embedded)
        for query in QUERIES:
            assert answer(server.paths(**query)) == answer(embedded.paths(**query)), query
        assert answer(p.path for p in server.prospects(seniority=["vp", "director"])) == \
            answer(p.path for p in embedded.prospects(seniority=["vp", "director"]))


@pytest.mark.parametrize("seed", [3, 11])
@pytest.mark.parametrize("whole_index", [False, True], ids=["corridor", "whole-index"])
def test_random_team_archives_give_the_same_paths(neo4j_url: str, tmp_path: Path, seed: int, whole_index: bool,
                                                  monkeypatch) -> None:
    """Three teammates' synthetic LinkedIn archives, overlapping: same people, ties and rankings;
    on Neo4j through the corridor read for each search, and through the store's whole index when
    one is here and up to date."""
    archives = [write_archive(tmp_path / f"a{i}", owner=f"Member {i}", connections=120, messages=60,
                              seed=seed * 10 + i) for i in range(3)]
    with pathfinder.open(tmp_path / "team.db", as_of=AS_OF) as embedded, \
            pathfinder.open(neo4j_url, as_of=AS_OF) as server:
        for pf in (embedded, server):
            for i, archive in enumerate(archives):
                pf.import_file(archive, owner=f"Member {i}")
        assert content(server) == content(embedded)
        if whole_index:
            server.refresh_index()
            assert server.ranking.fresh_index() is not None
        else:
            monkeypatch.setattr(server.ranking, "fresh_index", lambda: None)
        companies = sorted({p.company for p in embedded.store.all_people() if p.company})
        for company in random.Random(seed).sample(companies, min(5, len(companies))):
            assert answer(server.paths(account=company, top=5)) == answer(embedded.paths(account=company, top=5))
        # a stricter introducer rule: Neo4j's corridor leaves out a team member's weaker ties
        for pf in (embedded, server):
            pf.weights["rules"]["min_introducer_trust"] = 0.3
        for company in random.Random(seed + 1).sample(companies, min(5, len(companies))):
            for hops in (2, 3, 4):
                assert answer(server.paths(account=company, top=5, max_hops=hops)) == \
                    answer(embedded.paths(account=company, top=5, max_hops=hops)), (company, hops)


def test_migrate_to_neo4j_and_back_keeps_everything(neo4j_url: str, tmp_path: Path) -> None:
    with pathfinder.open(tmp_path / "team.db", as_of=AS_OF) as pf:
        import_samples(pf, quiet)
        pf.record_intro(to="Dana Buyer", via="Carla Client", from_="Rita Rep")
        pf.forget("Olivia Ops")
        original = pf.store.dump()
        counts = pf.migrate(to=neo4j_url)
    assert counts["people"] == 230 and counts["intros"] == 1 and counts["suppressed"] >= 1
    with pathfinder.open(neo4j_url, as_of=AS_OF) as server:
        assert answer(server.paths(account="Acme")) and server.intros()[0].target == "Dana Buyer"
        server.migrate(to=str(tmp_path / "back.db"))
        with pytest.raises(PathfinderError, match="not empty"):
            server.migrate(to=str(tmp_path / "back.db"))
    with pathfinder.open(tmp_path / "back.db") as back:
        copy = back.store.dump()
    for table in original:
        if table != "meta":
            assert sorted(map(repr, copy[table])) == sorted(map(repr, original[table])), table


def test_demo_runs_on_neo4j(neo4j_url: str, runner) -> None:
    result = runner.invoke(cli, ["--store", neo4j_url, "demo"])
    assert result.exit_code == 0, result.output
    assert "Dana Buyer" in result.output and "via Carla Client" in result.output
    again = runner.invoke(cli, ["--store", neo4j_url, "demo"])  # the demo's own data: fine
    assert again.exit_code == 0, again.output


def test_neo4j_errors_are_clear_and_never_show_the_password(neo4j_url: str, monkeypatch) -> None:
    import os
    password = os.environ["PATHFINDER_NEO4J_PASSWORD"]
    monkeypatch.setenv("PATHFINDER_NEO4J_PASSWORD", "wrong-password-123")
    with pytest.raises(BackendUnavailable, match="refused the credentials") as refused:
        pathfinder.open(neo4j_url)
    assert "wrong-password-123" not in str(refused.value)
    with pytest.raises(BackendUnavailable, match="is the server running"):
        pathfinder.open("bolt://127.0.0.1:9")
    monkeypatch.setenv("PATHFINDER_NEO4J_PASSWORD", password)
    with pytest.raises(BackendUnavailable, match="no database 'nosuchdb'"):
        pathfinder.open(neo4j_url, database="nosuchdb")
    with pytest.raises(BackendUnavailable, match="not in the URL") as in_url:
        pathfinder.open(neo4j_url.replace("bolt://", "bolt://neo4j:secret-in-url@"))
    assert "secret-in-url" not in str(in_url.value)
    monkeypatch.delenv("PATHFINDER_NEO4J_PASSWORD")
    with pytest.raises(BackendUnavailable, match="PATHFINDER_NEO4J_PASSWORD"):
        pathfinder.open(neo4j_url)


def test_what_only_the_file_store_does_says_not_yet(neo4j_url: str, tmp_path: Path) -> None:
    with pathfinder.open(neo4j_url) as pf:
        with pytest.raises(PathfinderError, match="neo4j-admin database dump"):
            pf.backup(tmp_path / "copy.db")


def test_check_finds_a_broken_store(demo, store_url: str) -> None:
    report = demo.check()
    assert report["ok"], report["problems"]
    assert report["counts"]["people"] == 231
    rita, carla = demo.person("Rita Rep"), demo.person("Carla Client")
    if demo.store.backend == "sqlite":
        with demo.store.write():
            demo.store.db.execute("DELETE FROM evidence WHERE a=? AND b=?", (min(rita.n, carla.n), max(rita.n, carla.n)))
    elif demo.store.backend == "memory":
        pair = (min(rita.n, carla.n), max(rita.n, carla.n))
        demo.store.d.evidence = {i: e for i, e in demo.store.d.evidence.items() if (e["a"], e["b"]) != pair}
    else:
        demo.store._session.run("MATCH (e:Evidence {a: $a, b: $b}) DELETE e", a=min(rita.n, carla.n),
                                b=max(rita.n, carla.n)).consume()
    assert "1 ties with no evidence behind them" in demo.check()["problems"]


# --- the Cypher files ------------------------------------------------------------------------------

def test_every_cypher_file_has_a_header_that_matches_its_statement() -> None:
    assert len(names()) > 40
    for name in names():
        query = load(name)
        assert query.summary and "'" + "+" not in query.text  # values travel as parameters, never spliced in
    with pytest.raises(QueryFileError, match="declares params"):
        parse("x", "// x: a query\n// params: $a\n// columns: n\nMATCH (p {n: $b}) RETURN p.n AS n")
    with pytest.raises(QueryFileError, match="header"):
        parse("x", "MATCH (p) RETURN p")
