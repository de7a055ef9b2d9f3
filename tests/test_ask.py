"""The ask: one message per introducer, naming each person; drafts as text, e-mail and CSV."""

from __future__ import annotations

import csv
import email
import io
from pathlib import Path

from click.testing import CliRunner

from pathfinder.faces.cli import cli
from pathfinder.jobs.ask import playbook_warnings

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def setup_team(pf, tmp_path: Path, evil: str = "Victor") -> None:
    (tmp_path / "rita.csv").write_text(HEADER + "Carla,Client,https://www.linkedin.com/in/carla,carla@globex.example.com,Globex,COO,01 Jan 2020\n")
    (tmp_path / "clients.csv").write_text("Name,LinkedIn,Relationship,Notes\nCarla Client,linkedin.com/in/carla,client,cut their close from 9 days to 2\n")
    (tmp_path / "carla.csv").write_text(HEADER + "Dana,Buyer,https://www.linkedin.com/in/dana,,Acme,VP Sales,01 Jan 2021\n"
                                        f"\"{evil}\",Chief,https://www.linkedin.com/in/victor,,Acme,CFO,01 Jan 2021\n"
                                        "Mia,Manager,https://www.linkedin.com/in/mia,,\"Acme, Inc.\",Sales Manager,01 Jan 2021\n"
                                        "Ned,Ops,https://www.linkedin.com/in/ned,,Acme Inc,Operations Analyst,01 Jan 2021\n")
    pf.import_file(tmp_path / "rita.csv", owner="Rita Rep")
    pf.import_file(tmp_path / "clients.csv", owner="Rita Rep")
    pf.import_file(tmp_path / "carla.csv", owner="Carla Client", connector=True)


def test_one_named_person_per_request_and_at_most_two_more(pf, tmp_path: Path) -> None:
    setup_team(pf, tmp_path)
    plan = pf.ask(account="Acme")
    (draft,) = plan.drafts
    assert draft.introducer == "Carla Client" and len(draft.named) == 1 and len(draft.also) == 2
    named, also = draft.named[0], draft.also
    assert {named, *also} < {"Dana Buyer", "Victor Chief", "Mia Manager", "Ned Ops"}
    assert f"Would you introduce me to {named}?" in draft.body
    assert f"If {named.split()[0]} is not the right person, I'd also be glad to meet {also[0]} (" in draft.body
    left = ({"Dana Buyer", "Victor Chief", "Mia Manager", "Ned Ops"} - {named, *also}).pop()
    assert any(s.startswith(f"{left}: Carla Client is asked about {named} first") for s in plan.skipped)
    assert "these" not in draft.body and "people?" not in draft.body
    assert playbook_warnings(draft.body) == []


def test_one_company_goes_by_one_name_and_no_stop_is_doubled(pf, tmp_path: Path) -> None:
    setup_team(pf, tmp_path)
    draft = pf.ask(to="Mia Manager").drafts[0]
    assert "Mia is Sales Manager at Acme" in draft.body
    assert ".." not in draft.body and "Acme Inc" not in draft.body.replace("Acme, Inc.", "")
    typed = pf.ask(account="acme, inc.").drafts[0]  # the account as the user typed it, when it is a written form
    assert "at Acme, Inc." in typed.body and ".." not in typed.body


def test_the_teams_notes_are_shown_beside_the_draft_never_in_it(pf, tmp_path: Path) -> None:
    setup_team(pf, tmp_path)
    draft = pf.ask(to="Dana Buyer").drafts[0]
    assert draft.notes == ("cut their close from 9 days to 2",) and "9 days" not in draft.body
    assert "Thank you again for working with us." in draft.body  # a client, by the relationship tier
    with_problem = pf.ask(to="Dana Buyer", problem="a slow month-end close").drafts[0]
    assert "likely facing the same problem we solved for you: a slow month-end close." in with_problem.body
    assert "to compare notes on a slow month-end close." in with_problem.body


def test_eml_drafts_cannot_be_given_extra_headers(pf, tmp_path: Path, store_path: Path) -> None:
    setup_team(pf, tmp_path, evil="Victor\r\nBcc: attacker@example.com")
    out = tmp_path / "drafts"
    victor = pf.people("Chief")[0].id
    result = CliRunner().invoke(cli, ["--store", str(store_path), "ask", "--to", victor, "--format", "eml", "-o", str(out)])
    assert result.exit_code == 0, result.output + result.stderr
    (eml,) = sorted(out.glob("*.eml"))
    msg = email.message_from_bytes(eml.read_bytes())
    assert msg["To"] == "Carla Client <carla@globex.example.com>" and msg["X-Unsent"] == "1"
    assert msg["Bcc"] is None and set(msg.keys()) == {"To", "Subject", "X-Unsent", "Content-Type",
                                                       "Content-Transfer-Encoding", "MIME-Version"}
    assert "attacker@example.com" in msg["Subject"]  # the name stayed inside the subject
    assert "introduce me to" in msg.get_payload(decode=True).decode()


def test_csv_for_mail_merge(pf, tmp_path: Path, store_path: Path) -> None:
    setup_team(pf, tmp_path)
    result = CliRunner().invoke(cli, ["--store", str(store_path), "ask", "--to", "Dana Buyer", "--to", "Victor Chief",
                                      "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == 1 and rows[0]["introducer_email"] == "carla@globex.example.com"
    assert rows[0]["named"] == "Dana Buyer" and rows[0]["also"] == "Victor Chief" and rows[0]["band"] == "strong"
    assert rows[0]["your_notes"] == "cut their close from 9 days to 2"


def test_review_ask_flags_generic_asks(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text("Hi Carla, would you introduce me to Dana Buyer, VP Sales at Acme?")
    bad.write_text("Hi Carla, who do you know at Acme? Any referrals would be great.")
    runner = CliRunner()
    assert runner.invoke(cli, ["review-ask", str(good)]).exit_code == 0
    result = runner.invoke(cli, ["review-ask", str(bad)])
    assert result.exit_code == 1 and "who do you know" in result.stderr and "referral" in result.stderr
    vague = tmp_path / "vague.txt"
    vague.write_text("Hi Carla, hope you're well! Let's catch up over coffee soon.")
    result = runner.invoke(cli, ["review-ask", str(vague)])
    assert result.exit_code == 1 and "never asks for an introduction" in result.stderr


def ask_with_template(store_path: Path, tmp_path: Path, text: str):
    template = tmp_path / "t.txt"
    template.write_text(text)
    return CliRunner().invoke(cli, ["--store", str(store_path), "ask", "--to", "Dana Buyer", "--template", str(template)])


def test_custom_template_with_unknown_field_is_refused(pf, tmp_path: Path, store_path: Path) -> None:
    setup_team(pf, tmp_path)
    result = ask_with_template(store_path, tmp_path, "Subject: hi\n\nDear ${introducer_first}, ${nonsense}")
    assert result.exit_code == 1 and "nonsense" in result.stderr


def test_a_template_that_never_asks_for_an_introduction_is_flagged(pf, tmp_path: Path, store_path: Path) -> None:
    setup_team(pf, tmp_path)
    result = ask_with_template(store_path, tmp_path,
                               "Subject: catching up\n\nDear ${introducer_first}, ${opener} Coffee soon?\n${sender_first}\n")
    assert result.exit_code == 0 and "Warning: the template never asks for an introduction" in result.stderr
    result = ask_with_template(store_path, tmp_path, "Subject: hello\n\nDear ${introducer_first}, ${request}\n${sender_first}\n")
    assert result.exit_code == 0 and "Warning" not in result.stderr
