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
                                        f"\"{evil}\",Chief,https://www.linkedin.com/in/victor,,Acme,CFO,01 Jan 2021\n")
    pf.import_file(tmp_path / "rita.csv", owner="Rita Rep")
    pf.import_file(tmp_path / "clients.csv", owner="Rita Rep")
    pf.import_file(tmp_path / "carla.csv", owner="Carla Client", connector=True)


def test_several_targets_through_one_introducer_become_one_message(pf, tmp_path: Path) -> None:
    setup_team(pf, tmp_path)
    plan = pf.ask(account="Acme")
    (draft,) = plan.drafts
    assert draft.introducer == "Carla Client" and set(draft.named) == {"Dana Buyer", "Victor Chief"}
    assert "introduce me to these 2 people" in draft.body
    assert "- Dana Buyer, VP Sales at Acme" in draft.body and "- Victor Chief, CFO at Acme" in draft.body
    assert "cut their close from 9 days to 2" in draft.body
    assert playbook_warnings(draft.body) == []


def test_eml_drafts_cannot_be_given_extra_headers(pf, tmp_path: Path, store_path: Path) -> None:
    setup_team(pf, tmp_path, evil="Victor\r\nBcc: attacker@example.com")
    out = tmp_path / "drafts"
    result = CliRunner().invoke(cli, ["--store", str(store_path), "ask", "--account", "Acme", "--format", "eml", "-o", str(out)])
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
    assert rows[0]["named"] == "Dana Buyer; Victor Chief"


def test_review_ask_flags_generic_asks(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text("Hi Carla, would you introduce me to Dana Buyer, VP Sales at Acme?")
    bad.write_text("Hi Carla, who do you know at Acme? Any referrals would be great.")
    runner = CliRunner()
    assert runner.invoke(cli, ["review-ask", str(good)]).exit_code == 0
    result = runner.invoke(cli, ["review-ask", str(bad)])
    assert result.exit_code == 1 and "who do you know" in result.stderr and "referral" in result.stderr


def test_custom_template_with_unknown_field_is_refused(pf, tmp_path: Path, store_path: Path) -> None:
    setup_team(pf, tmp_path)
    template = tmp_path / "t.txt"
    template.write_text("Subject: hi\n\nDear ${introducer_first}, ${nonsense}")
    result = CliRunner().invoke(cli, ["--store", str(store_path), "ask", "--to", "Dana Buyer", "--template", str(template)])
    assert result.exit_code == 1 and "nonsense" in result.stderr
