"""Tie trust: the playbook's order of trust, and reasons a rep can read."""

from __future__ import annotations

from datetime import date

import pytest

from pathfinder.errors import ConfigError
from pathfinder.model import Evidence
from pathfinder.ranking.trust import load_weights, score_tie

W = load_weights()
TODAY = date(2026, 11, 1)


def trust(*evidence: Evidence) -> float:
    return score_tie(list(evidence), W, TODAY).trust


def tier(name: str, when: str | None = None) -> Evidence:
    return Evidence("relationship", when, {"tier": name})


def test_playbook_order_of_tiers() -> None:
    order = [trust(tier(t)) for t in ("client", "referred", "friend", "colleague", "acquaintance")]
    bare = trust(Evidence("connection", "2025-01-01"))
    assert order == sorted(order, reverse=True) and order[-1] > bare


def test_recent_client_with_deals_beats_ten_year_old_bare_connection() -> None:
    client = trust(Evidence("deal", "2026-06-01", {"won": True, "id": "D1"}),
                   Evidence("deal", "2025-09-01", {"won": True, "id": "D2"}))
    old_bare = trust(Evidence("connection", "2016-10-01"))
    assert client > 0.85 > 0.25 > old_bare


def test_more_deals_and_recent_business_count_more() -> None:
    one = trust(Evidence("deal", "2026-06-01", {"id": "D1"}))
    three = trust(*(Evidence("deal", f"2026-0{m}-01", {"id": f"D{m}"}) for m in (1, 3, 5)))
    cold = trust(Evidence("deal", "2019-06-01", {"id": "D1"}))
    assert three > one > cold


def test_evidence_adds_up_but_never_reaches_certainty() -> None:
    both = trust(tier("friend"), Evidence("connection", "2020-01-01"))
    assert trust(tier("friend")) < both < 1.0


def test_one_way_messages_are_not_a_relationship() -> None:
    two_way = trust(Evidence("messages", None, {"sent": 10, "received": 9, "last": "2026-10-01"}))
    one_way = trust(Evidence("messages", None, {"sent": 19, "received": 0, "last": "2026-10-01"}))
    assert two_way > 0.4 > 0.1 > one_way


def test_reasons_explain_the_tie() -> None:
    score = score_tie([tier("client", "2023-05-10"), Evidence("connection", "2024-03-12")], W, TODAY)
    assert score.reason_texts == ("client (since 2023-05-10)", "LinkedIn connection since 2024-03-12")


def test_weights_file_overrides_and_validates(tmp_path, monkeypatch) -> None:
    custom = tmp_path / "w.toml"
    custom.write_text("[tier]\nclient = 0.5\n")
    assert load_weights(custom)["tier"]["client"] == 0.5
    custom.write_text("[nonsense]\nx = 1\n")
    with pytest.raises(ConfigError, match="unknown section"):
        load_weights(custom)
