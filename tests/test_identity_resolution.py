"""Identity resolution in the store: fuzzy matching without keys, explanations, and unmerge."""

from __future__ import annotations

from pathlib import Path

import pytest

from pathfinder.errors import AmbiguousPerson, PathfinderError


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
OLD = "First Name,Last Name,Email Address,Company,Position,Connected On\n"


@pytest.mark.parametrize("theirs", ["Bob", "Rob", "R.", "Robbert"])
def test_a_similar_name_at_the_same_company_is_the_same_person(pf, tmp_path: Path, theirs: str) -> None:
    pf.import_file(write(tmp_path / "a.csv", HEADER + "Robert,Smith,https://www.linkedin.com/in/rsmith,,Acme Corp,VP Sales,01 Jan 2024\n"), owner="Rita Rep")
    s = pf.import_file(write(tmp_path / "b.csv", OLD + f"{theirs},Smith,,Acme Corporation,VP Sales,01 Jan 2021\n"), owner="Sam Seller")
    assert s.people_matched == 1 and pf.stats()["people"] == 3
    how = [x["matched_by"] for x in pf.explain_person("linkedin.com/in/rsmith")["sightings"]]
    assert how[0] == "new person" and how[1].startswith("similar name at the same company")


@pytest.mark.parametrize("theirs,company", [("Hannah", "Acme"), ("Bob", "Globex"), ("Bill", "Acme")])
def test_different_names_or_companies_stay_apart(pf, tmp_path: Path, theirs: str, company: str) -> None:
    pf.import_file(write(tmp_path / "a.csv", OLD + "Anna,Smith,,Acme,VP Sales,01 Jan 2024\nRobert,Jones,,Acme,CFO,01 Jan 2024\n"), owner="Rita Rep")
    pf.import_file(write(tmp_path / "b.csv", OLD + f"{theirs},Smith,,{company},VP Sales,01 Jan 2021\n"), owner="Sam Seller")
    assert pf.stats()["people"] == 5  # Rita, Anna, Robert, Sam and a new Smith


def test_never_guesses_between_two_candidates(pf, tmp_path: Path) -> None:
    pf.import_file(write(tmp_path / "a.csv", OLD + "Robert,Smith,,Acme,VP Sales,01 Jan 2024\nRobbie,Smith,,Acme,Engineer,01 Jan 2024\n"), owner="Rita Rep")
    assert pf.stats()["people"] == 3  # two rows of one export are two people
    pf.import_file(write(tmp_path / "b.csv", OLD + "Rob,Smith,,Acme,Director,01 Jan 2021\n"), owner="Sam Seller")
    assert pf.stats()["people"] == 5


def test_explain_person_lists_every_sighting_with_file_line_and_owner(pf, tmp_path: Path) -> None:
    pf.import_file(write(tmp_path / "a.csv", HEADER + "Dana,Buyer,https://www.linkedin.com/in/dana,,Acme,VP Sales,01 Jan 2024\n"), owner="Rita Rep")
    pf.import_file(write(tmp_path / "b.csv", "Name,Email,LinkedIn,Company\nDana Buyer,dana@acme.example.com,linkedin.com/in/dana/,Acme\n"), owner="Sam Seller")
    info = pf.explain_person("dana@acme.example.com")
    assert info["keys"] == ["email:dana@acme.example.com", "li:linkedin.com/in/dana", "name:dana buyer|acme"]
    assert [(Path(s["file"]).name, s["line"], s["owner"], s["matched_by"]) for s in info["sightings"]] == [
        ("a.csv", 2, "Rita Rep", "new person"), ("b.csv", 2, "Sam Seller", "profile URL")]


def test_unmerge_splits_a_wrong_merge_and_it_stays_split(pf, tmp_path: Path) -> None:
    # Two different Alex Kims at Acme: one export has no URL, so the name matched the wrong one
    pf.import_file(write(tmp_path / "a.csv", HEADER + "Alex,Kim,https://www.linkedin.com/in/alex-kim-1,,Acme,Engineer,01 Jan 2024\n"), owner="Rita Rep")
    pf.import_file(write(tmp_path / "b.csv", "Name,Email,Company,Relationship\nAlex Kim,alex.k@example.com,Acme,friend\n"), owner="Sam Seller")
    assert pf.stats()["people"] == 3
    new_id = pf.unmerge("linkedin.com/in/alex-kim-1", key="email:alex.k@example.com")
    assert pf.stats()["people"] == 4
    with pytest.raises(AmbiguousPerson):
        pf.person("Alex Kim")
    assert pf.person("alex.k@example.com").id == new_id
    graph = pf.to_networkx()
    assert [graph.nodes[x]["name"] for x in graph.neighbors(new_id)] == ["Sam Seller"]
    rita_side = pf.person("linkedin.com/in/alex-kim-1").id
    assert [graph.nodes[x]["name"] for x in graph.neighbors(rita_side)] == ["Rita Rep"]
    # the friend tie moved with the email; Rita's bare connection stayed
    assert graph[new_id][pf.person("Sam Seller").id]["trust"] > 0.6
    # a later export with both keys is not merged back
    pf.import_file(write(tmp_path / "c.csv", "Name,Email,LinkedIn,Company\nAlex Kim,alex.k@example.com,linkedin.com/in/alex-kim-1,Acme\n"), owner="Tom Closer")
    assert pf.stats()["people"] == 5
    assert "email:alex.k@example.com" in pf.explain_person("linkedin.com/in/alex-kim-1")["kept_apart_from"]


def test_unmerge_refuses_a_key_the_person_does_not_have(pf, tmp_path: Path) -> None:
    pf.import_file(write(tmp_path / "a.csv", HEADER + "Dana,Buyer,https://www.linkedin.com/in/dana,,Acme,VP Sales,01 Jan 2024\n"), owner="Rita Rep")
    with pytest.raises(PathfinderError, match="not a key"):
        pf.unmerge("Dana Buyer", key="email:nobody@example.com")
    with pytest.raises(PathfinderError, match="nothing to split"):
        pf.unmerge("Dana Buyer", key="li:linkedin.com/in/dana")


def test_company_aliases_file_makes_one_account(pf, tmp_path: Path, monkeypatch) -> None:
    import pathfinder
    f = write(tmp_path / "a.csv", "Name,Company,Title,Relationship\nIrma Ibm,IBM,CTO,friend\n"
              "Bert Blue,International Business Machines Corp.,CFO,friend\n")
    pf.import_file(f, owner="Rita Rep")
    assert len(pf.paths(account="IBM")) == 1  # Irma only: Bert's company is another account so far
    aliases = write(tmp_path / "aliases.toml", '"International Business Machines" = ["IBM", "Big Blue"]\n')
    monkeypatch.setenv("PATHFINDER_COMPANY_ALIASES", str(aliases))
    with pathfinder.open(pf.store.path) as again:
        assert {p.target.name for p in again.paths(account="Big Blue")} == {"Irma Ibm", "Bert Blue"}
    monkeypatch.delenv("PATHFINDER_COMPANY_ALIASES")
    with pathfinder.open(pf.store.path) as back:
        assert len(back.paths(account="IBM")) == 1


def test_work_email_domain_stands_in_for_a_missing_company(pf, tmp_path: Path) -> None:
    f = write(tmp_path / "a.csv", "Name,Email,Relationship\nDana Buyer,dana@acme.com,friend\nGigi Mail,gigi@gmail.com,friend\n")
    pf.import_file(f, owner="Rita Rep")
    assert pf.person("Dana Buyer").company == "Acme" and pf.person("Gigi Mail").company == ""
    assert [p.target.name for p in pf.paths(account="Acme Corporation")] == ["Dana Buyer"]
