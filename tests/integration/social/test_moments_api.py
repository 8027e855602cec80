"""POST/GET/DELETE moments through the API function, with moto's Scheduler and the stubs."""

from datetime import UTC, datetime, timedelta

import boto3
import pytest

from tests.support.api import call_api
from tests.support.social import MOMENTS, Coalition, schedule_input, schedules


@pytest.fixture
def accounts(coalition: Coalition) -> Coalition:
    coalition.x_account("rcslt-x", organisation="RCSLT", stat="1.4 million children")
    coalition.bluesky_account("nas-bsky", organisation="National Autistic Society")
    coalition.mastodon_account("bps-masto")
    coalition.recording_account("recorder-a")
    return coalition


def test_given_a_valid_moment_when_scheduled_then_one_time_schedule_targets_the_publish_function(
    accounts: Coalition, social_environment: dict[str, str]
) -> None:
    at = (datetime.now(UTC) + timedelta(hours=2)).replace(microsecond=0)
    answer = accounts.schedule(
        [
            {
                "account": "rcslt-x",
                "text": "{{ organisation }}: {{ stat }} need speech therapy. {{ hashtag }}",
            },
            {"account": "nas-bsky", "text": "Autistic children wait years for help #SENDInTheSpecialists"},
        ],
        at=at.astimezone(datetime.now().astimezone().tzinfo),
    )
    assert answer.status == 201, answer.body
    moment_id = answer.json()["moment_id"]
    assert answer.json()["status"] == "scheduled"

    [schedule] = schedules(social_environment["LOBBYKIT_SCHEDULE_GROUP"])
    assert schedule["Name"] == moment_id
    assert schedule["GroupName"] == social_environment["LOBBYKIT_SCHEDULE_GROUP"]
    assert schedule["ScheduleExpression"] == f"at({at:%Y-%m-%dT%H:%M:%S})"
    assert schedule["ScheduleExpressionTimezone"] == "UTC"
    assert schedule["FlexibleTimeWindow"] == {"Mode": "OFF"}
    assert schedule["ActionAfterCompletion"] == "DELETE"
    target = schedule["Target"]
    assert target["Arn"] == social_environment["LOBBYKIT_PUBLISH_FUNCTION_ARN"]
    assert target["Arn"].endswith(":function:test-publish")
    assert target["RoleArn"] == social_environment["LOBBYKIT_SCHEDULER_ROLE_ARN"]
    assert target["DeadLetterConfig"] == {"Arn": social_environment["LOBBYKIT_SCHEDULE_DEAD_LETTER_ARN"]}
    assert target["RetryPolicy"]["MaximumRetryAttempts"] > 0
    assert target["RetryPolicy"]["MaximumEventAgeInSeconds"] <= 900
    assert schedule_input(schedule) == {"campaign": "send-in-the-specialists", "moment_id": moment_id}

    shown = accounts.moment(moment_id)
    assert shown["at"] == at.isoformat()
    assert [(p["account"], p["status"]) for p in shown["posts"]] == [
        ("rcslt-x", "scheduled"),
        ("nas-bsky", "scheduled"),
    ]
    assert (
        shown["posts"][0]["text"] == "RCSLT: 1.4 million children need speech therapy. #SENDInTheSpecialists"
    )


def test_moments_are_listed_and_a_cancelled_one_loses_its_schedule(
    accounts: Coalition, social_environment: dict[str, str]
) -> None:
    first = accounts.schedule([{"account": "recorder-a", "text": "First moment {{ hashtag }}"}]).json()[
        "moment_id"
    ]
    second = accounts.schedule(
        [{"account": "recorder-a", "text": "Second moment {{ hashtag }}"}],
        at=datetime.now(UTC) + timedelta(days=1),
    ).json()["moment_id"]
    listed = accounts.call("GET", MOMENTS).json()
    assert [(m["moment_id"], m["status"], m["scheduled"]) for m in listed] == [
        (first, "scheduled", 1),
        (second, "scheduled", 1),
    ]

    cancelled = accounts.call("DELETE", f"{MOMENTS}/{first}")
    assert cancelled.status == 200
    assert cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["posts"][0]["status"] == "failed"
    assert "cancelled" in cancelled.json()["posts"][0]["error"]
    assert [s["Name"] for s in schedules(social_environment["LOBBYKIT_SCHEDULE_GROUP"])] == [second]
    assert accounts.call("DELETE", f"{MOMENTS}/{first}").status == 200


def test_unknown_campaigns_and_moments_are_404(accounts: Coalition) -> None:
    other = accounts.call("POST", "/api/campaigns/save-the-whales/moments", {"at": "x", "posts": []})
    assert (other.status, other.json()["error"]) == (404, "unknown_campaign")
    missing = accounts.call("GET", f"{MOMENTS}/0123456789ab")
    assert (missing.status, missing.json()["error"]) == (404, "unknown_moment")


def soon(minutes: float) -> str:
    return (datetime.now(UTC) + timedelta(minutes=minutes)).isoformat()


REFUSALS = [
    ({"at": soon(-5), "posts": [{"account": "recorder-a", "text": "Hi"}]}, 422, "time_too_soon", ["minute"]),
    ({"at": soon(0.5), "posts": [{"account": "recorder-a", "text": "Hi"}]}, 422, "time_too_soon", ["minute"]),
    (
        {"at": "2030-03-05T09:00:00", "posts": [{"account": "recorder-a", "text": "Hi"}]},
        400,
        "invalid_input",
        ["offset"],
    ),
    ({"at": soon(600), "posts": [{"account": "nobody", "text": "Hi"}]}, 422, "unknown_account", ["nobody"]),
    (
        {
            "at": soon(600),
            "posts": [{"account": "recorder-a", "text": "Hi"}, {"account": "recorder-a", "text": "Yo"}],
        },
        422,
        "duplicate_account",
        ["recorder-a"],
    ),
    (
        {"at": soon(600), "posts": [{"account": "rcslt-x", "text": "日" * 141}]},
        422,
        "text_too_long",
        ["282 weighted"],
    ),
    (
        {"at": soon(600), "posts": [{"account": "nas-bsky", "text": "a" * 301}]},
        422,
        "text_too_long",
        ["301", "300"],
    ),
    (
        {"at": soon(600), "posts": [{"account": "bps-masto", "text": "b" * 501}]},
        422,
        "text_too_long",
        ["501", "500"],
    ),
    (
        {"at": soon(600), "posts": [{"account": "recorder-a", "text": "{{ nope }}"}]},
        400,
        "template_error",
        ["nope"],
    ),
    ({"at": soon(600), "posts": [{"account": "recorder-a"}]}, 400, "invalid_input", ["posts.0.text"]),
    ({"at": soon(600), "posts": []}, 400, "invalid_input", ["at least one post"]),
]


def test_each_refusal_has_its_status_code_and_a_message_saying_what_to_change(accounts: Coalition) -> None:
    """The rules themselves are unit-tested (test_moment_planning); this checks the HTTP answers."""
    for body, status, code, words in REFUSALS:
        answer = accounts.call("POST", MOMENTS, body)
        assert (answer.status, answer.json()["error"]) == (status, code), answer.body
        assert all(word in answer.json()["message"] for word in words), answer.json()["message"]
    assert accounts.call("GET", MOMENTS).json() == []


def test_posts_on_different_networks_may_share_their_words(accounts: Coalition) -> None:
    text = "{{ organisation }} backs the call for specialists today {{ hashtag }}"
    answer = accounts.schedule(
        [
            {"account": "rcslt-x", "text": text},
            {"account": "recorder-a", "text": text, "variables": {"organisation": "RCSLT"}},
        ]
    )
    assert answer.status == 201, answer.body


def test_posts_too_alike_on_one_network_are_refused_naming_each_pair(accounts: Coalition) -> None:
    accounts.recording_account("recorder-b")
    accounts.recording_account("recorder-c")
    template = "{{ organisation }} stands with the coalition: invest in specialists now {{ hashtag }}"
    answer = accounts.schedule(
        [
            {"account": "recorder-a", "text": template, "variables": {"organisation": "RCSLT"}},
            {"account": "recorder-b", "text": template, "variables": {"organisation": "Mencap"}},
            {
                "account": "recorder-c",
                "text": "Our own words about waiting lists for therapy {{ campaign_url }}",
            },
        ]
    )
    assert answer.status == 422
    assert answer.json()["error"] == "texts_too_similar"
    message = answer.json()["message"]
    assert "'recorder-a' and 'recorder-b' share" in message
    assert "recorder-c" not in message
    assert "X forbids" in message


def test_malformed_and_oversized_bodies_are_refused_before_anything_is_saved(accounts: Coalition) -> None:
    malformed = accounts.call("POST", MOMENTS, '{"at": "2030-01-01T00:00:00Z", "posts": [')
    assert (malformed.status, malformed.json()["error"]) == (400, "invalid_json")
    oversized = accounts.call("POST", MOMENTS, '{"at": "' + "x" * 300_000 + '"}')
    assert (oversized.status, oversized.json()["error"]) == (413, "payload_too_large")
    not_an_object = accounts.call("POST", MOMENTS, "[1, 2]")
    assert (not_an_object.status, not_an_object.json()["error"]) == (400, "invalid_json")
    assert accounts.call("GET", MOMENTS).json() == []
    assert boto3.client("scheduler").list_schedules()["Schedules"] == []


def test_moment_routes_need_an_organiser_token(accounts: Coalition) -> None:
    assert call_api("POST", MOMENTS, body='{"not": "checked"').status == 401
    assert call_api("GET", MOMENTS).status == 401
