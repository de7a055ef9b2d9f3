"""Normalisation behind identity resolution: profile URLs, emails, names, companies, titles."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pathfinder.identity.companies import company_key
from pathfinder.identity.keys import clean_name, normalize_email, normalize_profile_url
from pathfinder.identity.titles import parse_title, title_matches


@pytest.mark.parametrize("url", [
    "https://www.linkedin.com/in/dana-buyer",
    "http://linkedin.com/in/dana-buyer/",
    "www.linkedin.com/in/dana-buyer",
    "https://de.linkedin.com/in/Dana-Buyer?originalSubdomain=de",
    "https://www.linkedin.com/in/dana%2Dbuyer/",
])
def test_profile_url_forms_are_one_key(url: str) -> None:
    assert normalize_profile_url(url) == "linkedin.com/in/dana-buyer"


def test_legacy_and_sales_navigator_urls_stay_distinct() -> None:
    pub = normalize_profile_url("https://www.linkedin.com/pub/dana-buyer/16/788/187")
    sales = normalize_profile_url("https://www.linkedin.com/sales/lead/ACwAAB,NAME_SEARCH,x")
    assert pub.startswith("linkedin.com/pub/") and sales.startswith("linkedin.com/sales/")
    assert normalize_profile_url("https://example.com/in/dana") == ""


def test_email_normalisation() -> None:
    assert normalize_email(" Dana.Buyer@Acme.Example.COM ") == "dana.buyer@acme.example.com"
    assert normalize_email("urn:li:member:123") == ""


@pytest.mark.parametrize("first,last,full,expected", [
    ("Ann", "Lee, MBA", "", "Ann Lee"),
    ("", "", "Lee, Ann", "Ann Lee"),
    ("", "", "Ann Lee, PhD", "Ann Lee"),
    (" Kim ", "PARK", "", "Kim PARK"),
    ("", "", "Berg, John, Jr.", "John Berg Jr."),  # a generation is part of the name, not a credential
    ("John", "Berg, III, CPA", "", "John Berg III"),
])
def test_clean_name(first: str, last: str, full: str, expected: str) -> None:
    assert clean_name(first, last, full) == expected


def test_father_and_son_are_not_similar_names() -> None:
    from pathfinder.identity.rules import name_similarity

    assert name_similarity("john berg jr", "john berg sr") == 0 == name_similarity("john berg", "john berg jr")
    assert name_similarity("jon berg jr", "john berg jr") > 0.85


@pytest.mark.parametrize("a,b", [
    ("ACME Corp.", "Acme, Inc."), ("Acme Corporation", "acme"), ("The Acme Company", "Acme"),
    ("Bolt, Inc.", "Bolt"), ("Café Zürich AG", "Cafe Zurich"), ("Stark Logistics GmbH", "Stark Logistics"),
    ("Procter & Gamble", "Procter and Gamble Co."),
    ("Botti Law Firm, P.C.", "Botti Law Firm"), ("Great Dane Limited Partnership", "Great Dane"),
    ("Northwind Traders Sociedad Anónima", "Northwind Traders S.A."), ("Kaleo Inc dba Cleo's", "Kaleo"),
    ("Acme Sp. z o.o.", "Acme"), ("Tovarna d.o.o.", "Tovarna"), ("Beam Longest and Neff L.L. C.", "Beam Longest and Neff"),
    # short forms written with their dots are abbreviations, not words
    ("Krka d.d.", "Krka"), ("Sportverein e.V.", "Sportverein"), ("Vinarstvi, k.s.", "Vinarstvi"),
])
def test_company_variants_are_one_account(a: str, b: str) -> None:
    assert company_key(a) == company_key(b)


@pytest.mark.parametrize("a,b", [("Plan A", "Plan"), ("Acme Labs", "Acme"), ("Globex", "Globe"),
                                 ("Studio II", "Studio"), ("Acme Trust", "Acme"), ("Credit Union", "Credit"),
                                 ("Acme UK", "Acme"), ("Rock Ent", "Rock"), ("Acme U.K.", "Acme"), ("Krka DD", "Krka")])
def test_different_companies_stay_apart(a: str, b: str) -> None:
    assert company_key(a) != company_key(b)


SHARED = Path(__file__).parents[2] / "shared" / "fixtures" / "names-companies"


@pytest.mark.skipif(not SHARED.exists(), reason="../shared/fixtures not beside the repo")
def test_common_legal_forms_from_a_third_party_list_are_stripped() -> None:
    with open(SHARED / "name_matching_legal_names.csv", newline="") as fh:
        forms = [row["abbreviation"] for row in csv.DictReader(fh)]
    common = [f for f in forms if f.lower().strip(".") in {"inc", "ltd", "llc", "gmbh", "ag", "plc", "s.a", "b.v", "n.v", "oy", "ab", "s.r.l", "sarl", "s.p.a", "pty"}]
    assert len(common) >= 5
    for form in common:
        assert company_key(f"Northwind {form}") == "northwind", form


@pytest.mark.parametrize("title,level,function", [
    ("SVP, Global Sales", "vp", "sales"), ("Vice President of Sales", "vp", "sales"),
    ("Sr. Dir. Marketing", "director", "marketing"), ("Mgr, Engineering", "manager", "engineering"),
    ("Head of Revenue Operations", "vp", "sales"), ("Chief Financial Officer", "c-level", "finance"),
    ("Account Executive", "ic", "sales"), ("Founder & CEO", "c-level", "executive"),
])
def test_titles(title: str, level: str, function: str) -> None:
    got_level, functions = parse_title(title)
    assert got_level == level and function in functions


def test_title_matching_uses_seniority_and_function_not_substrings() -> None:
    assert title_matches("VP Sales", "SVP, Global Sales")
    assert not title_matches("VP Sales", "Sales Manager")
    assert not title_matches("VP Sales", "VP Marketing")
    assert title_matches("CFO", "Chief Financial Officer")
    assert title_matches("VP", "Vice President, Operations")


def test_contact_details_weigh_names_against_phone_birthday_and_address() -> None:
    from pathfinder.identity.details import details, match_score

    home = details("", "", "4 Mill Lane", "2119", "Springfield")
    born = details("", "1975-03-09", "4 Mill Lane", "2119", "Springfield")
    assert match_score("john berg", "mary berg", home, home) == 0  # a spouse: surname and address only
    assert match_score("john berg", "jon berg", home, home) > 0  # a typo, at the same address
    assert match_score("berg john", "john berg", home, home) > 0  # given name and surname swapped
    assert match_score("john berg", "jhon brg", born, born) > 0  # typos, same birthday and address
    # another birthday: a namesake elsewhere, but at the very same address one of them is a slip
    assert match_score("john berg", "john berg", born, details("", "1999-10-01", "9 Oak Road", "2119", "")) == 0
    assert match_score("john berg", "john berg", born, details("", "1999-10-01", "4 Mill Lane", "2119", "")) > 0
    assert match_score("john berg", "john berg", born, details("", "1999-10-01", "4 Mill Lane", "2191", "Springfield")) > 0
    assert match_score("john berg", "john berg", born, details("", "1999-10-01", "4 Mill Lane", "2191", "Shelbyville")) == 0
    assert match_score("john berg jr", "john berg sr", home, home) == 0  # father and son
    assert match_score("john berg jr", "john berg", home, home) == 0
    assert match_score("anna berg", "hanna berg", born, details("", "2003-11-20", "4 Mill Lane", "2119", "")) == 0  # daughter
    assert match_score("jonh berg", "john berg", born, details("", "2003-11-20", "4 Mill Lane", "2119", "")) > 0  # a slip
    assert match_score("john berg", "john berg", born, details("", "1957-03-09", "", "2119", "")) > 0  # year digits swapped
    assert match_score("john berg", "john berg", born, details("", "1975-09-03", "", "2119", "")) > 0  # day, month swapped
    # where everyone shares a few postcodes, a similar name there is not enough if the phones differ
    office = details("+61 2 9000 1111", "", "12 Mill Lane", "2000", "Sydney")
    assert match_score("ann lee", "anne lee", office, details("+61 2 9000 2222", "", "", "2000", "Sydney")) == 0
    assert match_score("ann lee", "anne lee", office, details("+61 2 9000 2222", "", "12 Mill Lane", "2000", "Sydney")) > 0
    assert match_score("ann lee", "anne lee", office, details("", "", "", "2000", "Sydney")) > 0
    phone = details("+44 20 7946 0958", "", "", "", "")
    assert match_score("ann lee", "anne lee", phone, details("020 7946 0958", "", "", "", "")) > 0
    assert match_score("ann lee", "bob ray", phone, phone) == 0  # a shared (office) number is not enough
    assert match_score("ann lee", "ann lee", home, details("", "", "", "", "")) == 0  # a name alone never is


def test_the_shipped_folded_legal_forms_are_the_list_folded() -> None:
    """pathfinder/data/legal_forms_folded.txt saves each command folding the legal-forms list;
    regenerate it after changing the list or the folding: python -c "from pathfinder.identity.
    companies import folded_forms_text as t; open('pathfinder/data/legal_forms_folded.txt', 'w').write(t())"."""
    from importlib import resources

    from pathfinder.identity.companies import FOLDED_FORMS, folded_forms_text
    shipped = resources.files("pathfinder.data").joinpath(FOLDED_FORMS).read_text(encoding="utf-8")
    assert shipped == folded_forms_text()
