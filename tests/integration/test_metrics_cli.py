"""``lobbykit metrics CAMPAIGN``: the numbers the API and the page give, as tables in a terminal."""

import json
import re

import pytest

from lobbykit.application import wiring
from lobbykit.cli import main
from lobbykit.domain.counting import Increment
from tests.support import members_data as seats
from tests.support.e_action import CAMPAIGN, submit, supporter
from tests.support.metrics import add_counts, metrics_json, organiser_token, send_letter

pytestmark = pytest.mark.usefixtures("api_environment", "verified_senders")


def test_the_command_prints_the_same_numbers_as_the_api(capsys: pytest.CaptureFixture[str]) -> None:
    send_letter()
    send_letter(postcode=seats.INVERNESS, email="sam@example.com")
    submit(supporter(email="kim@example.com"))
    submit(supporter(postcode=seats.VACANT))
    api = metrics_json(organiser_token())
    capsys.readouterr()  # the API's own logs

    assert main(["metrics", CAMPAIGN]) == 0
    out = capsys.readouterr().out

    assert out.startswith(f"Send in the specialists ({CAMPAIGN})\n\nTotals\n")
    assert dict(section(out, "Totals")) == {
        "Letters sent to MPs": str(api["sent"]),
        "Supporters": "3",
        "Constituencies reached": "2 of 650",
        "MPs reached": "2 of 650",
        "Waiting for the writer to confirm": "1",
        "Confirmation rate": "67%",
        "Confirmed, still being sent": "0",
        "Not sent (our email service refused it)": "0",
        "Not delivered (the MP's email system refused it)": "0",
        "Not sent (no MP we could email)": "1",
    }
    assert section(out, "Letters sent by day") == [["Day", "Sent"], [wiring.now().date().isoformat(), "2"]]
    assert section(out, "Letters by constituency") == [
        ["ID", "Constituency", "Sent"],
        *([str(row["id"]), row["name"], str(row["sent"])] for row in api["by_constituency"]),
    ]
    assert section(out, "Letters we could not send") == [["Why", "Letters"], ["The seat was vacant", "1"]]
    assert section(out, "Social moments") == [["None yet."]]


def test_large_numbers_are_grouped_and_right_aligned(capsys: pytest.CaptureFixture[str]) -> None:
    add_counts(
        CAMPAIGN, 0, Increment("totals", "sent", 123_456), Increment("constituency#7", "sent", 9, "Bath")
    )
    add_counts(CAMPAIGN, 1, Increment("constituency#8", "sent", 12_345, "Arfon"))
    assert main(["metrics", CAMPAIGN]) == 0
    out = capsys.readouterr().out
    assert ["Letters sent to MPs", "123,456"] in section(out, "Totals")
    table = block(out, "Letters by constituency")
    assert table == ["  ID  Constituency    Sent", "  8   Arfon         12,345", "  7   Bath               9"]


def block(out: str, heading: str) -> list[str]:
    """The lines under ``heading``, up to the blank line that ends its table."""
    lines = out.splitlines()
    start = lines.index(heading) + 1
    end = lines.index("", start) if "" in lines[start:] else len(lines)
    return lines[start:end]


def section(out: str, heading: str) -> list[list[str]]:
    return [re.split(r"\s{2,}", line.strip()) for line in block(out, heading)]


def test_an_unknown_campaign_is_an_error_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["metrics", "no-such-campaign"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert json.loads(captured.err)["error"] == "unknown_campaign"


def test_without_the_table_setting_it_says_what_is_missing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("LOBBYKIT_METRICS_TABLE")
    wiring.reset()
    assert main(["metrics", CAMPAIGN]) == 2
    assert "LOBBYKIT_METRICS_TABLE is not set" in capsys.readouterr().err
