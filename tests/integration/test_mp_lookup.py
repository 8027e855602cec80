"""GET /api/mp through the Lambda handler, against the Members API stub and moto's DynamoDB."""

import pytest

from lobbykit.local.members_stub import Fault, MembersApiStub
from tests.support import members_data as seats
from tests.support.api import call_api

pytestmark = pytest.mark.usefixtures("api_environment")


def lookup(postcode: str) -> tuple[int, dict]:
    response = call_api("GET", "/api/mp", query=f"postcode={postcode}")
    assert response.headers["Content-Type"] == "application/json"
    return response.status, response.json()


def test_given_a_scottish_postcode_when_looked_up_then_the_recorded_mp_is_returned() -> None:
    status, body = lookup("iv3%205ss")
    assert status == 200
    assert body == seats.INVERNESS_ANSWER


@pytest.mark.parametrize(
    ("postcode", "constituency", "mp_name", "party"),
    [
        (seats.WALES, "Cardiff South and Penarth", "Stephen Doughty", "Labour"),
        (
            seats.NORTHERN_IRELAND,
            "Belfast South and Mid Down",
            "Claire Hanna",
            "Social Democratic & Labour Party",
        ),
        (seats.STARMER, "Holborn and St Pancras", "Keir Starmer", "Labour"),
    ],
)
def test_each_nation_resolves_to_its_mp(postcode: str, constituency: str, mp_name: str, party: str) -> None:
    status, body = lookup(postcode)
    assert status == 200
    assert (body["constituency"]["name"], body["mp"]["name"], body["mp"]["party"]) == (
        constituency,
        mp_name,
        party,
    )
    assert body["mp"]["can_email"] is True


def test_a_vacant_seat_has_no_mp() -> None:
    status, body = lookup(seats.VACANT)
    assert status == 200
    assert body["mp"] is None
    assert body["vacant"] is True
    assert body["constituency"]["name"] == "Vacantshire"


def test_the_speaker_is_flagged() -> None:
    status, body = lookup(seats.SPEAKER)
    assert status == 200
    assert body["mp"]["is_speaker"] is True
    assert body["mp"]["party"] == "Speaker"


def test_an_mp_with_no_listed_email_cannot_be_emailed() -> None:
    status, body = lookup(seats.NO_EMAIL)
    assert status == 200
    assert body["mp"]["can_email"] is False


def test_a_suspended_membership_is_reported_as_inactive() -> None:
    status, body = lookup(seats.SUSPENDED)
    assert status == 200
    assert body["mp"]["active"] is False
    assert body["mp"]["name"] == "Mr Sus Pended"


def test_several_current_results_are_settled_by_the_members_search(members_stub: MembersApiStub) -> None:
    status, body = lookup(seats.SEVERAL_RESULTS)
    assert status == 200
    assert body["constituency"]["name"] == "Border West"
    assert members_stub.calls["/api/Members/Search"] == 1


def test_a_postcode_only_in_abolished_constituencies_is_not_found() -> None:
    status, body = lookup(seats.ONLY_OLD_BOUNDARIES)
    assert status == 404
    assert body["error"] == "postcode_not_found"


def test_an_unknown_postcode_is_not_found_with_advice() -> None:
    status, body = lookup("ZZ9 9ZZ")
    assert status == 404
    assert body["error"] == "postcode_not_found"
    assert "ZZ9 9ZZ" in body["message"]


@pytest.mark.parametrize(
    ("query", "code"),
    [("postcode=hello", "invalid_postcode"), ("", "invalid_postcode"), ("postcode=", "invalid_postcode")],
)
def test_malformed_postcodes_are_400(query: str, code: str, members_stub: MembersApiStub) -> None:
    response = call_api("GET", "/api/mp", query=query)
    assert response.status == 400
    assert response.json()["error"] == code
    assert "SW1A 2AA" in response.json()["message"]
    assert members_stub.total_calls == 0


@pytest.mark.parametrize("postcode", ["JE2%203AB", "GY1%201AA", "IM1%201AA", "BFPO%20123"])
def test_no_westminster_mp_is_422(postcode: str, members_stub: MembersApiStub) -> None:
    status, body = lookup(postcode)
    assert status == 422
    assert body["error"] == "no_westminster_mp"
    assert members_stub.total_calls == 0


def test_text_plain_answers_are_read_as_json(members_stub: MembersApiStub) -> None:
    members_stub.content_type = "text/plain; charset=utf-8"
    status, body = lookup(seats.INVERNESS)
    assert status == 200
    assert body["mp"]["id"] == 5362


def test_a_repeated_postcode_costs_no_call(members_stub: MembersApiStub) -> None:
    lookup(seats.INVERNESS)
    calls = members_stub.total_calls
    assert calls == 2  # the constituency search and the MP's contact details
    for typed in ("IV3 5SS", "iv35ss", "IV3-5SS"):
        assert lookup(typed)[0] == 200
    assert members_stub.total_calls == calls


def test_a_transient_outage_is_retried(members_stub: MembersApiStub) -> None:
    members_stub.fail(Fault(status=502, times=1))
    status, body = lookup(seats.WALES)
    assert status == 200
    assert body["mp"]["name"] == "Stephen Doughty"
    assert members_stub.calls["/api/Location/Constituency/Search"] == 2


def test_a_short_rate_limit_is_waited_out(members_stub: MembersApiStub) -> None:
    members_stub.fail(Fault(status=429, headers={"Retry-After": "0"}, times=1))
    assert lookup(seats.WALES)[0] == 200


def test_a_long_rate_limit_is_not_waited_for(members_stub: MembersApiStub) -> None:
    members_stub.fail(Fault(status=429, headers={"Retry-After": "120"}))
    status, body = lookup(seats.WALES)
    assert status == 503
    assert body["error"] == "upstream_unavailable"
    assert members_stub.total_calls == 1


def test_a_miss_during_an_outage_is_upstream_unavailable_after_bounded_retries(
    members_stub: MembersApiStub,
) -> None:
    members_stub.fail(Fault(status=500))
    status, body = lookup(seats.WALES)
    assert status == 503
    assert body == {
        "error": "upstream_unavailable",
        "message": "We could not reach Parliament's Members API just now (HTTP 500). "
        "Please try again in a few minutes.",
    }
    assert members_stub.total_calls == 3


def test_garbage_is_upstream_unavailable(members_stub: MembersApiStub) -> None:
    members_stub.fail(Fault(garbage=True))
    status, body = lookup(seats.WALES)
    assert status == 503
    assert "could not read" in body["message"]


def test_an_answer_of_the_wrong_shape_is_upstream_unavailable(members_stub: MembersApiStub) -> None:
    members_stub.fail(Fault(status=200, body=b'{"items": [{"value": {"id": "not a number"}}]}'))
    status, body = lookup(seats.WALES)
    assert status == 503
    assert body["error"] == "upstream_unavailable"


def test_an_unreachable_api_is_upstream_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOBBYKIT_MEMBERS_API_URL", "http://127.0.0.1:9")
    status, body = lookup(seats.WALES)
    assert status == 503
    assert body["error"] == "upstream_unavailable"


def test_unknown_routes_are_json_404() -> None:
    response = call_api("GET", "/api/nothing-here")
    assert response.status == 404
    assert response.json()["error"] == "not_found"
