"""``GET /api/campaigns/{campaign}/metrics``: live, correct numbers for organisers, and nothing for others."""

from datetime import timedelta

import boto3
import pytest

from lobbykit.application import wiring
from lobbykit.domain.organisers import Role, revoke_token
from tests.support import members_data as seats
from tests.support.api import call_api
from tests.support.e_action import CAMPAIGN, SENDER, confirmation_links, submit, supporter
from tests.support.metrics import get_metrics, metrics_json, organiser_token, send_letter

pytestmark = pytest.mark.usefixtures("api_environment", "verified_senders")
CARDIFF = {"id": 99005, "name": "Cardiff South and Penarth", "sent": 1}


@pytest.fixture
def token() -> str:
    return organiser_token()


def test_a_sent_letter_and_a_pending_one_are_counted_in_every_view(token: str) -> None:
    send_letter()
    submit(supporter(email="sam@example.com", postcode=seats.INVERNESS))

    body = metrics_json(token)

    today = wiring.now().date().isoformat()
    assert body["sent"] == 1
    assert body["awaiting_confirmation"] == 1
    assert body["confirmed"] == 0
    assert body["failed"] == 0
    assert body["submitted"] == 2
    assert body["confirmation_rate"] == 0.5
    assert body["supporters"] == 2
    assert body["constituencies_reached"] == 1
    assert body["mps_reached"] == 1
    assert body["constituencies_total"] == body["mps_total"] == 650
    assert body["by_constituency"] == [CARDIFF]
    assert body["top_constituencies"] == [CARDIFF]
    assert body["by_day"] == [{"date": today, "sent": 1}]
    assert body["by_party"] == [{"party": "Labour", "sent": 1}]
    assert body["refusals"] == {"total": 0, "by_reason": []}
    assert body["social"] == {"moments": []}


def test_a_campaign_with_no_letters_has_zeros_not_an_error(token: str) -> None:
    body = metrics_json(token)
    assert body["sent"] == body["supporters"] == body["constituencies_reached"] == 0
    assert body["confirmation_rate"] is None
    assert body["by_constituency"] == body["by_day"] == []


def test_double_clicks_double_confirmations_and_resubmissions_count_once(token: str) -> None:
    assert submit(supporter()).status == 202
    assert submit(supporter()).status == 202  # a double click
    [link] = confirmation_links()
    for _ in range(3):
        assert call_api("POST", link).status == 200
    assert submit(supporter(name="Jo B", email="JO.BLOGGS@example.com")).status == 409

    body = metrics_json(token)
    assert (body["sent"], body["awaiting_confirmation"], body["confirmed"]) == (1, 0, 0)
    assert body["supporters"] == 1
    assert body["by_constituency"] == [CARDIFF]
    assert body["by_day"][0]["sent"] == 1


def test_a_later_resubmission_replaces_the_pending_letter_without_a_second_count(
    token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    submit(supporter())
    later = wiring.now() + timedelta(minutes=10)
    monkeypatch.setattr(wiring, "now", lambda: later)
    assert submit(supporter(message="Another paragraph.")).status == 202
    assert len(confirmation_links()) == 2

    body = metrics_json(token)
    assert (body["awaiting_confirmation"], body["supporters"], body["submitted"]) == (1, 1, 1)


def test_one_supporter_writing_to_two_mps_is_one_supporter_and_two_constituencies(token: str) -> None:
    send_letter()
    send_letter(postcode=seats.INVERNESS)
    body = metrics_json(token)
    assert (body["sent"], body["supporters"]) == (2, 1)
    assert (body["constituencies_reached"], body["mps_reached"]) == (2, 2)
    assert [row["name"] for row in body["by_constituency"]] == [
        "Cardiff South and Penarth",
        "Inverness, Skye and West Ross-shire",
    ]
    assert body["by_party"] == [{"party": "Labour", "sent": 1}, {"party": "Liberal Democrat", "sent": 1}]


def test_many_supporters_in_one_constituency_reach_it_once(token: str) -> None:
    for n in range(3):
        send_letter(email=f"writer{n}@example.com")
    body = metrics_json(token)
    assert (body["sent"], body["supporters"]) == (3, 3)
    assert (body["constituencies_reached"], body["mps_reached"]) == (1, 1)
    assert body["by_constituency"] == [{**CARDIFF, "sent": 3}]


def test_letters_that_could_not_be_sent_are_counted_by_reason(token: str) -> None:
    for postcode in (seats.VACANT, seats.SPEAKER, seats.NO_EMAIL, seats.NO_EMAIL):
        assert submit(supporter(postcode=postcode)).status == 422
    body = metrics_json(token)
    assert body["refusals"] == {
        "total": 4,
        "by_reason": [
            {"reason": "mp_has_no_email", "count": 2},
            {"reason": "mp_is_speaker", "count": 1},
            {"reason": "seat_vacant", "count": 1},
        ],
    }
    assert body["submitted"] == body["supporters"] == 0


def test_a_rejected_letter_counts_as_failed_and_a_resubmission_moves_it_back(
    token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    submit(supporter())
    boto3.client("ses").delete_identity(Identity=SENDER)
    assert call_api("POST", confirmation_links()[-1]).status == 422
    body = metrics_json(token)
    assert (body["failed"], body["confirmed"], body["sent"], body["awaiting_confirmation"]) == (1, 0, 0, 0)
    assert body["confirmation_rate"] == 1.0

    boto3.client("ses").verify_email_identity(EmailAddress=SENDER)
    later = wiring.now() + timedelta(minutes=10)
    monkeypatch.setattr(wiring, "now", lambda: later)
    assert submit(supporter()).status == 202
    body = metrics_json(token)
    assert (body["failed"], body["awaiting_confirmation"], body["supporters"]) == (0, 1, 1)


def test_erasing_a_supporter_keeps_their_sent_letter_counted_and_drops_what_never_went(
    token: str, resources: dict[str, str]
) -> None:
    send_letter()
    submit(supporter(postcode=seats.INVERNESS))  # awaiting confirmation
    admin = organiser_token("an-admin", Role.ADMIN)
    erased = call_api(
        "POST",
        "/api/supporters/erase",
        body={"email": "jo.bloggs@example.com"},
        headers={"Authorization": f"Bearer {admin}"},
    )
    assert erased.json()["erased"] == 2

    body = metrics_json(token)
    assert (body["sent"], body["awaiting_confirmation"], body["supporters"]) == (1, 0, 1)
    assert body["by_constituency"] == [CARDIFF]
    markers = boto3.client("dynamodb").scan(TableName=resources["MetricsTable"])["Items"]
    assert not [m for m in markers if "#first#supporter#" in m["pk"]["S"]]


# -- who may read them ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer lk_not-a-real-token"},
        {"Authorization": "Basic YWxpY2U6cGFzcw=="},
        {"Authorization": "Bearer "},
    ],
    ids=["no header", "wrong token", "another scheme", "empty bearer"],
)
def test_without_a_valid_token_nothing_is_shown(token: str, headers: dict[str, str]) -> None:
    send_letter()
    response = call_api("GET", f"/api/campaigns/{CAMPAIGN}/metrics", headers=headers)
    assert response.status == 401
    assert response.json()["error"] == "unauthorised"
    assert "organiser token" in response.json()["message"]
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert "Cardiff" not in response.body


def test_the_page_cookie_does_not_open_the_api(token: str) -> None:
    response = call_api(
        "GET", f"/api/campaigns/{CAMPAIGN}/metrics", headers={"Cookie": f"lobbykit_organiser={token}"}
    )
    assert response.status == 401


def test_a_revoked_token_stops_working(token: str) -> None:
    bob = organiser_token("bob")
    assert get_metrics(token).status == 200
    assert revoke_token(wiring.token_store(), "alice")
    assert get_metrics(token).status == 401
    assert get_metrics(bob).status == 200


def test_an_unknown_campaign_is_404_but_only_for_an_organiser(token: str) -> None:
    assert get_metrics(None, campaign="no-such-campaign").status == 401
    response = get_metrics(token, campaign="no-such-campaign")
    assert response.status == 404
    assert response.json()["error"] == "unknown_campaign"


def test_an_unknown_format_is_refused_clearly(token: str) -> None:
    response = get_metrics(token, query="format=xlsx")
    assert response.status == 400
    assert response.json()["field"] == "format"


def test_metrics_are_never_cached(token: str) -> None:
    assert get_metrics(token).headers["Cache-Control"] == "no-store"
