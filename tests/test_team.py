"""The team knows itself: teammates and connectors appear in each other's exports, people type
names, and every human is one person, whatever the order of the imports, on both stores."""

from __future__ import annotations

import gzip
import json
import os
import random
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pathfinder.importers.reading import read_manifest

import pathfinder
from pathfinder.errors import AmbiguousPerson, NotOnTeam, PathfinderError, PersonNotFound
from pathfinder.faces.cli import cli
from pathfinder.faces.demo import import_samples, sample_dir
from pathfinder.identity.companies import company_key
from pathfinder.identity.lookup import match_people

from .conftest import AS_OF, DATA
from .test_store_contract import quiet, write_csv

TEAM = ("Rita Rep", "Sam Seller", "Tom Closer")
CONNECTORS = ("Carla Client", "Rob Referred")
LI = "https://www.linkedin.com/in/"


def named(pf, name: str) -> list:
    return [p for p in pf.store.all_people() if p.name == name]


def canonical(pf) -> tuple:
    """What the store holds, independent of person numbers and ids (which depend on which row
    of which export came first): people by name, account and exact keys; ties between such people
    with their trust; the team by person and role. (A title, and how a company is written, follow
    the export imported last.)"""
    people = {p.n: p for p in pf.store.all_people()}
    keys: dict[int, list[str]] = {}
    for n in people:
        keys[n] = sorted(k for k in pf.store.keys_of(n) if not k.startswith("name:"))
    sig = {n: (p.name, company_key(p.company), tuple(keys[n])) for n, p in people.items()}
    ties = sorted(tuple(sorted((sig[a], sig[b]))) + (round(t, 6),) for a, b, t in pf.store.ties())
    return sorted(sig.values()), ties, sorted((sig[n], role) for n, role in pf.store.team().items())


# --- the demo's team: everyone in each other's exports ------------------------------------------

def test_every_teammate_and_connector_is_one_person(store_url: str) -> None:
    with pathfinder.open(store_url, as_of=AS_OF) as pf:
        import_samples(pf, quiet)
        team = pf.store.team()
        for name in TEAM + CONNECTORS:
            people = named(pf, name)
            assert len(people) == 1, name
            assert team[people[0].n] == ("connector" if name in CONNECTORS else "member")
        rita = pf.member("Rita Rep")
        assert rita.company == "Northwind Analytics" and rita.title == "Account Executive"
        # her teammates' ties to her and her own ties meet on one person
        assert pf.explain(from_="Rita Rep", to="Sam Seller")["direct"]
        assert pf.explain(from_="Carla Client", to="Rita Rep")["direct"]
        assert len(pf.explain(from_="Rita Rep", to="Carla Client")["hops"][0]["evidence"]) >= 3  # both exports
        assert [t.name for t in pf.team()] == ["Rita Rep", "Sam Seller", "Tom Closer", "Carla Client", "Rob Referred"]
        assert pf.check()["ok"]


def test_commands_take_a_members_name(store_url: str, tmp_path: Path) -> None:
    """paths, ask and import by the name of a member who is also a contact in teammates' exports."""
    with pathfinder.open(store_url, as_of=AS_OF) as pf:
        import_samples(pf, quiet)
    runner = CliRunner()
    base = ["--store", store_url]
    found = runner.invoke(cli, [*base, "paths", "--from", "Rita Rep", "--to", "Dana Buyer", "--format", "json"])
    assert found.exit_code == 0, found.output
    assert json.loads(found.output)[0]["from"]["name"] == "Rita Rep"
    asked = runner.invoke(cli, [*base, "ask", "--from", "rita rep", "--to", "Dana Buyer"])
    assert asked.exit_code == 0 and "Carla" in asked.output, asked.output
    again = runner.invoke(cli, [*base, "import", str(sample_dir() / "rita_connections.csv"), "--owner", "Rita Rep"])
    assert again.exit_code == 0 and "already imported for Rita Rep" in again.output, again.output
    listed = runner.invoke(cli, [*base, "team"])
    assert listed.exit_code == 0 and "member    Rita Rep (Account Executive, Northwind Analytics)" in listed.output
    assert "keys: linkedin.com/in/rita-rep-5c1e07\n" in listed.output and "name:" not in listed.output
    vouched = runner.invoke(cli, [*base, "vouch", "Frank", "Dana Buyer"])  # not a member's name: refused
    assert vouched.exit_code == 1 and "'Frank' is not on the team" in vouched.output
    vouched = runner.invoke(cli, [*base, "vouch", "Rita", "Dana Buyer"])  # the one member called Rita
    assert vouched.exit_code == 0, vouched.output


def empty(store_url: str, name: str) -> str:
    """Another empty store beside ``store_url``: a new file, or the Neo4j database wiped."""
    if not store_url.startswith("bolt"):
        return str(Path(store_url).with_name(name))
    import os

    import neo4j
    with neo4j.GraphDatabase.driver(store_url, auth=("neo4j", os.environ["PATHFINDER_NEO4J_PASSWORD"])) as driver, \
            driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    return store_url


PERSON_COMMANDS = [
    ["paths", "--from", "Rita Rep", "--to", "Dana Buyer"],
    ["paths", "--from", "rita rep", "--account", "Acme Corporation"],
    ["prospects", "--from", "Rep, Rita", "--title", "VP"],
    ["ask", "--from", "Rita Rep", "--to", "Dana Buyer", "--via", "Carla Client"],
    ["explain", "--from", "Rita Rep", "--to", "Carla Client"],
    ["explain-person", "Rita Rep"],
    ["export-person", "Rita Rep"],
    ["vouch", "Rita Rep", "Frank Friend"],
    ["do-not-ask", "Rita Rep", "Blake Kaminski"],
    ["never-use", "Sam Seller"],
    ["intros", "add", "--to", "Dana Buyer", "--via", "Carla Client", "--from", "Rita Rep"],
    ["coverage", "--accounts", str(sample_dir() / "accounts.csv"), "--candidate", "Carla Client"],
    ["team", "add-key", "Rita Rep", "rita.rep@northwind.example.com"],
]


def test_every_command_that_takes_a_person_takes_a_members_name(tmp_path: Path) -> None:
    store = tmp_path / "team.db"
    with pathfinder.open(store, as_of=AS_OF) as pf:
        import_samples(pf, quiet)
    runner = CliRunner()
    for args in PERSON_COMMANDS:
        result = runner.invoke(cli, ["--store", str(store), *args])
        assert result.exit_code == 0, (args, result.output)
    from fastapi.testclient import TestClient

    from pathfinder.faces.web.app import create_app

    client = TestClient(create_app(str(store)), base_url="http://127.0.0.1")
    for path, params in [("/api/paths", {"from": "Rita Rep", "to": "Dana Buyer"}), ("/paths", {"from": "rita rep",
                         "account": "Acme Corporation"}), ("/api/prospects", {"from": "Tom Closer", "title": "VP"}),
                         ("/api/explain", {"from": "Rita Rep", "to": "Carla Client"}),
                         ("/api/explain-person", {"person": "Rita Rep"}), ("/person", {"q": "Rita Rep"})]:
        response = client.get(path, params=params)
        assert response.status_code == 200, (path, response.text[:300])
    outsider = client.get("/api/paths", params={"from": "Dana Buyer", "to": "Victor Chief"})
    assert outsider.status_code == 404 and "not on the team" in outsider.text


def test_the_order_of_the_imports_does_not_matter_on_either_store(store_url: str) -> None:
    items = read_manifest(sample_dir() / "imports.csv")
    with pathfinder.open(store_url, as_of=AS_OF) as pf:
        import_samples(pf, quiet)
        forwards = canonical(pf)
    with pathfinder.open(empty(store_url, "backwards.db"), as_of=AS_OF) as pf:
        for _, result in pf.import_files(list(reversed(items))):
            assert not isinstance(result, Exception), result
        assert canonical(pf) == forwards


@settings(max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", 20)), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(range(8)), seed=st.integers(0, 1000))
def test_any_order_of_a_teams_exports_gives_the_same_people_ties_and_team(tmp_path_factory, order, seed) -> None:
    items = read_manifest(sample_dir() / "imports.csv")
    folder = tmp_path_factory.mktemp("order")
    with pathfinder.open(folder / "manifest-order.db", as_of=AS_OF) as pf:
        for _ in pf.import_files(items):
            pass
        expected = canonical(pf)
    with pathfinder.open(folder / "shuffled.db", as_of=AS_OF) as pf:
        one_by_one = random.Random(seed).random() < 0.5
        for i in order:
            item = items[i]
            if one_by_one:
                pf.import_file(item.path, owner=item.owner, connector=item.connector)
            else:
                for _, result in pf.import_files([item]):
                    assert not isinstance(result, Exception)
        assert canonical(pf) == expected
        assert pf.check()["ok"]


FIRST = ["Ana", "Ben", "Chloe", "Dev", "Elif", "Femi", "Gita", "Hugo", "Ines", "Jon", "Kai", "Lena", "Max", "Nora"]
LAST = ["Adams", "Berg", "Costa", "Dube", "Eng", "Fox", "Garcia", "Hahn", "Ito", "Jonas", "Khan", "Lund"]
COMPANIES = ["Acme Corp.", "Globex", "Initech", "Hooli", "Umbrella Health"]


def team_world(folder: Path, rng: random.Random) -> list[tuple[Path, str, bool]]:
    """A small team's exports in real shapes, shaped as real teams are: every teammate and the
    client who shares an export are in the others' exports (by profile URL in a 2024
    Connections.csv, by name and company in a 2021 one, by email in a contacts list), contacts are
    shared, and a contacts list names who referred someone. Returns (file, owner, connector)."""
    team = [("Rita", "Rep"), ("Sam", "Seller"), ("Tom", "Closer"), ("Uma", "Usher")][:rng.randint(2, 4)]
    people = [(f, last, "Northwind Analytics", "Account Executive") for f, last in team] + [("Carla", "Client", "Globex", "COO")]
    people += [(rng.choice(FIRST), f"{rng.choice(LAST)}{i}", rng.choice(COMPANIES), "VP Sales") for i in range(24)]
    slug = {p: f"{p[0]}-{p[1]}".lower() for p in people}
    email = {p: f"{p[0]}.{p[1]}@{p[2].split()[0].lower().strip('.')}.example".lower() for p in people}
    owners = people[:len(team) + 1]
    items = []
    for i, owner in enumerate(owners):
        known = [p for p in owners if p != owner and rng.random() < 0.85] + rng.sample(people[len(owners):], 10)
        shape = rng.choice(["li2024", "li2021", "contacts"])
        path = folder / f"{owner[0].lower()}_{shape}.csv"
        if shape == "li2024":
            lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
            lines += [f"{f},{last},{LI}{slug[p]},,{c},{t},0{rng.randint(1, 9)} Mar 2024" for p in known for f, last, c, t in [p]]
        elif shape == "li2021":
            lines = ["First Name,Last Name,Email Address,Company,Position,Connected On"]
            lines += [f"{f},{last},,{c},{t},1{rng.randint(0, 9)} Jun 2021" for p in known for f, last, c, t in [p]]
        else:
            lines = ["Name,Email,Company,Title,Relationship,Referred By"]
            lines += [f"{f} {last},{email[p]},{c if rng.random() < 0.7 else ''},{t},{rng.choice(['client', 'friend', ''])},"
                      + (f"{known[0][0]} {known[0][1]}" if p is known[-1] else "") for p in known for f, last, c, t in [p]]
        path.write_text("\n".join(lines) + "\n")
        name = f"{owner[0]} {owner[1]}"
        items.append((path, f"{name} <{email[owner]}>" if rng.random() < 0.3 else name, i == len(team)))
    return items


@settings(max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", 25)), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), shuffle=st.randoms(use_true_random=False))
def test_any_order_of_a_generated_teams_exports_gives_the_same_store(tmp_path_factory, seed, shuffle) -> None:
    folder = tmp_path_factory.mktemp("world")
    items = team_world(folder, random.Random(seed))
    shuffled = list(items)
    shuffle.shuffle(shuffled)
    worlds = []
    for name, order in (("listed.db", items), ("shuffled.db", shuffled)):
        with pathfinder.open(folder / name, as_of=AS_OF) as pf:
            for path, owner, connector in order:
                pf.import_file(path, owner=owner, connector=connector)
            worlds.append(canonical(pf))
            assert pf.check()["ok"]
            for _, owner, connector in items:  # one person per teammate, and each found by name
                assert len(match_people(pf.store, owner.split(" <")[0])) == 1, owner
                if not connector:
                    pf.member(owner.split(" <")[0])
    assert worlds[0] == worlds[1]


# --- who a member given by name is, when other exports disagree -----------------------------------

def two_ritas(tmp_path: Path) -> dict[str, Path]:
    rita = write_csv(tmp_path / "rita.csv", [{"name": "Kim Park", "email": "kim@park.example", "company": "Zeta"}])
    sam = write_csv(tmp_path / "sam.csv", [{"name": "Rita Rep", "profile_url": LI + "rita-rep-nw",
                                            "company": "Northwind Analytics", "title": "Account Executive"}])
    tom = write_csv(tmp_path / "tom.csv", [{"name": "Rita Rep", "profile_url": LI + "rita-rep-acme",
                                            "company": "Acme", "title": "CFO"}])
    return {"Rita Rep": rita, "Sam Seller": sam, "Tom Closer": tom}


@pytest.mark.parametrize("order", [("Rita Rep", "Sam Seller", "Tom Closer"), ("Sam Seller", "Rita Rep", "Tom Closer"),
                                   ("Tom Closer", "Sam Seller", "Rita Rep")])
def test_a_member_given_by_name_is_not_guessed_when_two_contacts_of_that_name_differ(
        store_url: str, tmp_path: Path, order: tuple[str, ...]) -> None:
    files = two_ritas(tmp_path)
    with pathfinder.open(store_url, as_of=AS_OF) as pf:
        notes = []
        for owner in order:
            notes += pf.import_file(files[owner], owner=owner).notes
        assert len(named(pf, "Rita Rep")) == 3  # the member and two strangers of her name
        rita = pf.member("Rita Rep")
        assert not rita.profile_url and not rita.company
        assert any("Team member Rita Rep may be any of 2 people" in n for n in notes)
        listed = {t.name: t for t in pf.team()}["Rita Rep"]
        assert len(listed.could_be) == 2 and any("CFO at Acme" in c for c in listed.could_be)
        with pytest.raises(AmbiguousPerson, match="Name one by its id"):
            pf.person("Rita Rep")
        assert pf.person("Rita Rep", team_first=True).id == rita.id
        # the user answers: the Northwind one is her
        done = pf.add_team_key("Rita Rep", LI + "rita-rep-nw/")
        assert "merged Rita Rep (Account Executive at Northwind Analytics" in done
        rita = pf.member("Rita Rep")
        assert rita.company == "Northwind Analytics" and len(named(pf, "Rita Rep")) == 2
        assert pf.explain(from_="Sam Seller", to=rita.id)["direct"]
        assert {t.name: t for t in pf.team()}["Rita Rep"].could_be == [
            d for d in listed.could_be if "Acme" in d]
        assert pf.check()["ok"]


def test_add_key_attaches_a_new_key_and_refuses_a_second_profile_url(store_url: str, tmp_path: Path) -> None:
    with pathfinder.open(store_url, as_of=AS_OF) as pf:
        pf.import_file(two_ritas(tmp_path)["Rita Rep"], owner="Rita Rep")
        assert pf.add_team_key("Rita Rep", "rita@northwind.example") == "rita@northwind.example is Rita Rep's"
        later = pf.import_file(write_csv(tmp_path / "sam2.csv", [{"name": "R. Rep", "email": "rita@northwind.example"}]),
                               owner="Sam Seller")
        assert later.people_added == 1  # Sam only: the row is Rita by her email
        pf.add_team_key("Rita Rep", LI + "rita-rep-nw")
        with pytest.raises(PathfinderError, match="already has the profile URL"):
            pf.add_team_key("Rita Rep", LI + "someone-else")
        with pytest.raises(PathfinderError, match="is not an email, a profile URL"):
            pf.add_team_key("Rita Rep", "Rita at Northwind")


# --- who an export's owner is ------------------------------------------------------------------

def archive(folder: Path, *, name: str, url: str, emails: list[str], connections: list[tuple[str, str, str, str]]) -> Path:
    """A LinkedIn archive folder in the 2024 shapes: Profile.csv, Email Addresses.csv, Positions.csv,
    Connections.csv, and messages.csv with the owner's own messages (their profile URL on them)."""
    folder.mkdir(parents=True)
    first, last = name.split(" ", 1)
    (folder / "Profile.csv").write_text("First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,"
                                        f"Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers\n{first},{last},"
                                        ",,,Helping teams sell,,Software,,,,,\n")
    (folder / "Email Addresses.csv").write_text("Email Address,Confirmed,Primary,Updated On\n" + "".join(
        f"{e},Yes,{'Yes' if i == 0 else 'No'},2024-01-0{i + 1} 10:00 UTC\n" for i, e in enumerate(emails)))
    (folder / "Positions.csv").write_text("Company Name,Title,Description,Location,Started On,Finished On\n"
                                          "Northwind Analytics,Account Executive,,,Mar 2021,\n"
                                          "Globex Industries,SDR,,,Jan 2018,Feb 2021\n")
    (folder / "Connections.csv").write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" + "".join(
        f"{f},{last},{u},,{c},Account Executive,12 Mar 2024\n" for f, last, u, c in connections))
    other = connections[0]
    (folder / "messages.csv").write_text(
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n"
        f"c1,,{name},{url},{other[0]} {other[1]},{other[2]},2024-05-01 10:00:00 UTC,,Hello,INBOX\n"
        f"c1,,{other[0]} {other[1]},{other[2]},{name},{url},2024-05-02 10:00:00 UTC,,Hi,INBOX\n")
    return folder


@pytest.mark.parametrize("archive_first", [True, False])
def test_a_linkedin_archive_says_whose_it_is(store_url: str, tmp_path: Path, archive_first: bool) -> None:
    rita = archive(tmp_path / "rita", name="Rita Rep", url=LI + "rita-rep-nw",
                   emails=["rita@northwind.example", "rita.rep@gmail.com"],
                   connections=[("Sam", "Seller", LI + "sam-seller", "Northwind Analytics")])
    sam = write_csv(tmp_path / "sam.csv", [
        {"name": "Rita Rep", "profile_url": LI + "rita-rep-nw", "email": "", "company": "Northwind Analytics"},
        {"name": "R. Rep", "profile_url": "", "email": "rita.rep@gmail.com", "company": ""}])
    with pathfinder.open(store_url, as_of=AS_OF) as pf:
        steps = [lambda: pf.import_file(rita), lambda: pf.import_file(sam, owner="Sam Seller")]
        for step in steps if archive_first else reversed(steps):
            step()
        assert len(named(pf, "Rita Rep")) == 1 and not named(pf, "R. Rep")
        member = {t.name: t for t in pf.team()}["Rita Rep"]
        assert member.role == "member" and member.company == "Northwind Analytics"
        assert {"li:linkedin.com/in/rita-rep-nw", "email:rita@northwind.example",
                "email:rita.rep@gmail.com"} <= set(member.own_keys)
        assert pf.import_file(rita, owner="Rita Rep").already_imported
        with pytest.raises(PathfinderError, match="is Rita Rep's export .it says so itself., not Sam Seller's"):
            pf.import_file(rita, owner="Sam Seller")


def test_an_owner_given_as_name_and_email(store_url: str, tmp_path: Path) -> None:
    book = write_csv(tmp_path / "tom.csv", [{"name": "Rita R.", "email": "Rita@Northwind.example", "company": "Northwind"}])
    with pathfinder.open(store_url, as_of=AS_OF) as pf:
        pf.import_file(book, owner="Tom Closer")
        pf.import_file(write_csv(tmp_path / "rita.csv", [{"name": "Kim Park", "email": "kim@park.example"}]),
                       owner="Rita Rep <rita@northwind.example>")
        rita = pf.member("rita@northwind.example")
        assert pf.member("Rita R.").id == rita.id and len(pf.team()) == 2
        assert pf.explain(from_="Tom Closer", to=rita.id)["direct"]


def test_a_misspelt_owner_is_refused_with_the_member_it_is_close_to(tmp_path: Path) -> None:
    store = tmp_path / "team.db"
    runner = CliRunner()
    rows = write_csv(tmp_path / "a.csv", [{"name": "Kim Park", "email": "kim@park.example"}])
    other = write_csv(tmp_path / "b.csv", [{"name": "Lee Park", "email": "lee@park.example"}])
    assert runner.invoke(cli, ["--store", str(store), "import", str(rows), "--owner", "Sally Beck"]).exit_code == 0
    typo = runner.invoke(cli, ["--store", str(store), "import", str(other), "--owner", "Sally Bek"])
    assert typo.exit_code == 1
    assert "'Sally Bek' is not on the team; did you mean Sally Beck? Import with --new-member to add a new " \
           "teammate." in typo.output
    with pathfinder.open(store) as pf:
        assert [t.name for t in pf.team()] == ["Sally Beck"] and pf.stats()["people"] == 2  # nothing stored
    added = runner.invoke(cli, ["--store", str(store), "import", str(other), "--owner", "Sally Bek", "--new-member"])
    assert added.exit_code == 0, added.output
    nickname = runner.invoke(cli, ["--store", str(store), "import", str(other), "--owner", "beck, sally"])
    assert "already imported for beck, sally" not in nickname.output and nickname.exit_code == 0


def test_from_takes_only_a_member_and_says_why(store_url: str) -> None:
    with pathfinder.open(store_url, as_of=AS_OF) as pf:
        import_samples(pf, quiet)
        with pytest.raises(NotOnTeam, match="Carla Client shared their export as a connector"):
            pf.paths(from_="Carla Client", to="Dana Buyer")
        with pytest.raises(NotOnTeam, match=r"'Dana Buyer' is not on the team \(only a contact: Dana Buyer \(VP Sales"):
            pf.paths(from_="Dana Buyer", to="Victor Chief")
        with pytest.raises(NotOnTeam, match="'Tom Closr' is not on the team; did you mean Tom Closer"):
            pf.paths(from_="Tom Closr", to="Dana Buyer")
        with pytest.raises(NotOnTeam, match="the team members are: Rita Rep, Sam Seller, Tom Closer"):
            pf.vouch("Frank Friend", "Dana Buyer")
        pf.vouch("tom closer", "Dana Buyer")


def test_names_as_people_type_them(tmp_path: Path) -> None:
    people = write_csv(tmp_path / "rita.csv", [
        {"name": "Kenneth Lay", "email": "ken@enron.example", "company": "Enron", "title": "CEO"},
        {"name": "José Núñez", "email": "jose@bolt.example", "company": "Bolt", "title": "CFO"},
        {"name": "Dana Buyer", "email": "dana@acme.example", "company": "Acme", "title": "VP Sales"},
        {"name": "Dana Buyer", "email": "dana@zeta.example", "company": "Zeta", "title": "CTO"},
        {"name": "Sam Seller", "email": "sam.other@zeta.example", "company": "Zeta", "title": "Buyer"},
    ])
    with pathfinder.open(tmp_path / "team.db", as_of=AS_OF) as pf:
        pf.import_file(people, owner="Rita Rep")
        pf.import_file(write_csv(tmp_path / "sam.csv", [{"name": "Kim Park", "email": "kim@park.example"}]),
                       owner="Sam Seller <sam@northwind.example>", new_member=True)
        ken = pf.person("ken@enron.example")
        for typed in ("ken lay", "Lay, Kenneth", "KENNETH LAY", "K. Lay", "kenneth  lay"):
            assert pf.person(typed).id == ken.id, typed
        assert pf.person("jose nunez").name == "José Núñez"
        with pytest.raises(AmbiguousPerson) as ambiguous:
            pf.person("Dana Buyer")
        message = str(ambiguous.value)
        assert "VP Sales at Acme" in message and "CTO at Zeta" in message and "Name one by its id" in message
        dana = pf.person("dana@zeta.example")
        assert f"id {dana.id}" in message and pf.person(dana.id).id == dana.id
        with pytest.raises(PersonNotFound, match="Did you mean: Kenneth Lay"):
            pf.person("Kenneth Lai")
        # one member and one contact named Sam Seller: a member's option means the member
        assert pf.member("Sam Seller").email == "sam@northwind.example"
        assert pf.person("Sam Seller", team_first=True).email == "sam@northwind.example"
        with pytest.raises(AmbiguousPerson):
            pf.person("Sam Seller")  # as a target it could be either


def test_a_teammate_goes_by_one_name(tmp_path: Path) -> None:
    # reps type "--from rita": a first or last name alone names the one teammate (or connector)
    # who has it; outside the team one word is never enough, but the error says who has it
    with pathfinder.open(tmp_path / "demo.db", as_of=AS_OF) as pf:
        import_samples(pf, lambda _: None)
        pf.import_file(write_csv(tmp_path / "tom.csv", [{"name": "Rita Moreno", "email": "rita@film.example"}]),
                       owner="Tom Closer")
        assert pf.member("rita").name == "Rita Rep"  # a contact called Rita too: the member is meant
        assert pf.member("CLOSER").name == "Tom Closer" and pf.member("Samuel").name == "Sam Seller"
        assert pf.person("carla", team_first=True).name == "Carla Client"  # a connector, as an introducer
        assert pf.paths(to="Dana Buyer", from_="rita")[0].source.name == "Rita Rep"
        with pytest.raises(NotOnTeam, match="Carla Client shared their export as a connector"):
            pf.member("carla")
        with pytest.raises(PersonNotFound, match="Did you mean: Dana Buyer"):
            pf.person("dana")
        with pytest.raises(PersonNotFound, match="Did you mean: Rita Moreno, Rita Rep"):
            pf.person("rita")  # as a target: either
        with pytest.raises(NotOnTeam, match="the team members are: Rita Rep, Sam Seller, Tom Closer"):
            pf.member("zed")


# --- stores made by earlier versions -------------------------------------------------------------

def old_store(tmp_path: Path) -> Path:
    path = tmp_path / "old.db"
    with gzip.open(DATA / "stores" / "schema3_demo.db.gz") as packed, path.open("wb") as out:
        shutil.copyfileobj(packed, out)
    return path


def test_an_older_store_opens_repaired(tmp_path: Path) -> None:
    import sqlite3
    path = old_store(tmp_path)
    db = sqlite3.connect(path)
    assert db.execute("SELECT COUNT(*) FROM people WHERE name='Rita Rep'").fetchone()[0] == 2  # the old bug
    db.close()
    with pathfinder.open(path, as_of=AS_OF) as pf:
        assert len(named(pf, "Rita Rep")) == 1 and pf.check()["ok"]
        rita = pf.member("Rita Rep")
        assert rita.company == "Northwind Analytics"
        why = pf.explain_person("Rita Rep")
        merge = next(m for m in why["merges"] if "team member Rita Rep" in m["reason"])
        assert "li:linkedin.com/in/rita-rep-5c1e07" in merge["keys"]
        assert pf.paths(from_="Rita Rep", to="Dana Buyer")[0].introducer.name == "Carla Client"
        # the merge can be undone, and then stays undone
        pf.unmerge("Rita Rep", key="li:linkedin.com/in/rita-rep-5c1e07")
        assert len(named(pf, "Rita Rep")) == 2
    assert not (tmp_path / "old.db.schema3.bak").exists()  # migrated: the copy would keep people forgotten later
    with pathfinder.open(path, as_of=AS_OF) as pf:
        assert len(named(pf, "Rita Rep")) == 2  # the repair ran once


def test_an_older_neo4j_store_opens_repaired(neo4j_url: str, tmp_path: Path) -> None:
    from pathfinder.jobs.migrate import migrate
    from pathfinder.store import open_store

    old = open_store(old_store(tmp_path))  # the file's schema is upgraded; its repair waits for the API
    server = open_store(neo4j_url)
    try:
        migrate(old, server)
        assert sum(1 for p in server.all_people() if p.name == "Rita Rep") == 2
        server.set_meta("schema_version", "2")  # as an older pathfinder left it
    finally:
        old.close()
        server.close()
    with pathfinder.open(neo4j_url, as_of=AS_OF) as pf:
        assert len(named(pf, "Rita Rep")) == 1 and pf.check()["ok"]
        assert pf.paths(from_="Rita Rep", to="Dana Buyer")[0].introducer.name == "Carla Client"
        assert pf.store.get_meta("team_repair") == "done"


# --- the same human in two exports, in either order ------------------------------------------------

@pytest.mark.parametrize("rows", [
    [{"name": "Dana Buyer", "email": "dana.b@gmail.com", "company": "Acme Corp.", "phone": ""},
     {"name": "Dana Buyer", "email": "dana@acme.com", "company": "", "phone": ""}],  # a work email names Acme
    [{"name": "Dana Buyer", "email": "dana.b@gmail.com", "company": "", "phone": "+1 415 555 0101"},
     {"name": "Dana Buyer", "email": "dana@hotmail.com", "company": "", "phone": "(415) 555-0101"}],  # one phone
])
def test_same_person_with_two_emails_in_two_exports_is_one_whatever_the_order(tmp_path: Path, rows) -> None:
    for order in (rows, rows[::-1]):
        with pathfinder.open(tmp_path / f"{order[0]['email']}.db", as_of=AS_OF) as pf:
            pf.import_file(write_csv(tmp_path / "a.csv", [order[0]]), owner="Rita Rep")
            pf.import_file(write_csv(tmp_path / "b.csv", [order[1]]), owner="Sam Seller")
            assert len(named(pf, "Dana Buyer")) == 1
            assert pf.person(rows[0]["email"]).id == pf.person(rows[1]["email"]).id


def test_placeholder_names_are_not_people(tmp_path: Path) -> None:
    rows = write_csv(tmp_path / "contacts.csv", [
        {"name": "N/A", "email": "", "company": "Acme"}, {"name": "-", "email": "", "company": "Acme"},
        {"name": "unknown", "email": "", "company": ""}, {"name": "NA", "email": "na@acme.example", "company": "Acme"},
        {"name": "Na Li", "email": "", "company": "Acme"}])
    with pathfinder.open(tmp_path / "team.db", as_of=AS_OF) as pf:
        summary = pf.import_file(rows, owner="Rita Rep")
        assert [str(p) for p in summary.problems] == [
            f"{rows}:2: 'N/A' is not a name, and the row has no email, profile URL or id: skipped",
            f"{rows}:3: '-' is not a name, and the row has no email, profile URL or id: skipped",
            f"{rows}:4: 'unknown' is not a name, and the row has no email, profile URL or id: skipped"]
        names = sorted(p.name for p in pf.store.all_people())
        assert names == ["Na Li", "Rita Rep", "na@acme.example"]


def test_unmerge_keeps_the_company_and_title_of_the_person_split_off(tmp_path: Path) -> None:
    with pathfinder.open(tmp_path / "team.db", as_of=AS_OF) as pf:
        pf.import_file(write_csv(tmp_path / "a.csv", [{"name": "Alex Kim", "email": "alex@zeta.example",
                                                       "company": "Zeta", "title": "CTO"}]), owner="Rita Rep")
        pf.import_file(write_csv(tmp_path / "b.csv", [{"name": "Alex Kim", "email": "alex.kim@acme.example",
                                                       "company": "Zeta", "title": "VP Sales"}]), owner="Sam Seller")
        pf.import_file(write_csv(tmp_path / "c.csv", [{"name": "Alex Kim", "email": "alex.kim@acme.example",
                                                       "company": "", "title": ""}]), owner="Tom Closer")
        assert len(named(pf, "Alex Kim")) == 1
        split = pf.unmerge("alex@zeta.example", key="email:alex.kim@acme.example")
        other = pf.person(split)
        assert (other.company, other.title) == ("Zeta", "VP Sales")


def test_a_bare_referred_by_name_is_the_one_person_of_that_name_in_any_order(tmp_path: Path) -> None:
    referral = write_csv(tmp_path / "tom.csv", [{"name": "Rob Referred", "email": "rob@umbrella.example",
                                                 "relationship": "referred", "referred_by": "Frank Friend"}])
    frank = write_csv(tmp_path / "rita.csv", [{"name": "Frank Friend", "email": "frank@initech.example",
                                               "company": "Initech"}])
    other_frank = write_csv(tmp_path / "sam.csv", [{"name": "Frank Friend", "email": "frank@hooli.example",
                                                    "company": "Hooli"}])
    worlds = []
    for order in ([referral, frank], [frank, referral], [referral, frank, other_frank], [frank, other_frank, referral],
                  [frank, referral, other_frank]):
        with pathfinder.open(tmp_path / f"{len(worlds)}.db", as_of=AS_OF) as pf:
            for path in order:
                pf.import_file(path, owner={"tom.csv": "Tom Closer", "rita.csv": "Rita Rep", "sam.csv": "Sam Seller"}[path.name])
            worlds.append((len(named(pf, "Frank Friend")), canonical(pf)))
    assert [count for count, _ in worlds] == [1, 1, 3, 3, 3]  # two Franks: the bare name is neither
    assert worlds[0][1] == worlds[1][1] and worlds[2][1] == worlds[3][1] == worlds[4][1]


def test_a_number_freed_by_a_merge_is_never_given_to_a_new_person(store_url: str, tmp_path: Path) -> None:
    """A merge in an import that deletes the newest person must not let a new row of the same
    import take that number: the import's renumbering would send the new row to the merged person."""
    with pathfinder.open(store_url, as_of=AS_OF) as pf:
        pf.import_file(write_csv(tmp_path / "a.csv", [
            {"name": "P. Lee", "email": "", "profile_url": LI + "pat-lee"},
            {"name": "Pat Lee", "email": "pat@zeta.example", "profile_url": ""}]), owner="Rita Rep")
        pf.import_file(write_csv(tmp_path / "b.csv", [
            {"name": "Pat Lee", "email": "pat@zeta.example", "profile_url": LI + "pat-lee"},  # one person: a merge
            {"name": "Zoe New", "email": "zoe@new.example", "profile_url": ""}]), owner="Rita Rep")
        zoe, pat = pf.person("zoe@new.example"), pf.person(LI + "pat-lee")
        assert zoe.id != pat.id and zoe.name == "Zoe New"
        assert pf.explain(from_="Rita Rep", to=zoe.id)["direct"] and pf.check()["ok"]
