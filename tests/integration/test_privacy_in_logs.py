"""No supporter's personal data in any log line, whatever happens on the way."""

import logging

import pytest

from lobbykit.local.members_stub import Fault, MembersApiStub
from tests.support.api import call_api
from tests.support.e_action import CAMPAIGN, confirmation_links, submit, supporter

pytestmark = pytest.mark.usefixtures("api_environment", "verified_senders")

PERSONAL = {
    "name": "Philippa Quartermaine",
    "email": "philippa.quartermaine@example.com",
    "postcode": "CF10 1EP",
    "address": "77 Larkspur Crescent\nPenarth",
    "message": "Our twins have waited nineteen months for occupational therapy.",
}
TELLTALES = ["Quartermaine", "philippa", "CF10", "CF101EP", "Larkspur", "nineteen months", "Penarth"]


def test_the_whole_journey_logs_nothing_personal(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture, members_stub: MembersApiStub
) -> None:
    caplog.set_level(logging.INFO)  # stricter than Lambda, whose root logger shows WARNING and up
    form = {"content-type": "application/x-www-form-urlencoded"}
    call_api("GET", "/api/mp", query="postcode=CF10%201EP")
    call_api("GET", f"/c/{CAMPAIGN}", query="postcode=CF10+1EP")
    call_api("POST", f"/api/campaigns/{CAMPAIGN}/preview", body=supporter(**PERSONAL))
    submit(supporter(**PERSONAL))
    submit(supporter(**PERSONAL))  # a double click
    submit(supporter(**{**PERSONAL, "name": "Philippa\r\nBcc: x@example.com"}))  # refused
    call_api("POST", f"/c/{CAMPAIGN}", body="name=Philippa+Quartermaine&email=bad&step=send", headers=form)
    [link] = confirmation_links()
    call_api("GET", link)
    call_api("POST", link)
    call_api("POST", link)
    members_stub.fail(Fault(status=500))
    call_api("GET", "/api/mp", query="postcode=BT7%201NN")  # an outage, with warnings logged
    submit(supporter(**{**PERSONAL, "postcode": "BT7 1NN"}))

    captured = capsys.readouterr()
    lines = captured.out.splitlines() + captured.err.splitlines() + [r.getMessage() for r in caplog.records]
    lines += [str(r.__dict__) for r in caplog.records]
    assert any("letter sent" in line for line in lines), "the journey should have logged something"
    leaks = [(word, line) for line in lines for word in TELLTALES if word.lower() in line.lower()]
    assert leaks == []
