"""The publish function at the moment's time: every account posts once, together, whatever is
delivered twice; failures, rate limits and duplicates are recorded as the brief requires.

moto does not fire schedules, so each test invokes the publish handler with the schedule's input,
as EventBridge Scheduler would.
"""

import json
from datetime import UTC, datetime, timedelta
from itertools import cycle

import pytest

from tests.support.social import (
    Coalition,
    distinct_texts,
    invoke_publish,
    schedule_input,
    schedules,
)
from tests.support.stub_server import StubResponse

NETWORKS = ("x", "bluesky", "mastodon", "recording")


def register_coalition(coalition: Coalition, size: int) -> list[str]:
    names = []
    for index, network in zip(range(size), cycle(NETWORKS), strict=False):
        name = f"org{index:02d}-{network}"
        answer = getattr(coalition, f"{network}_account")(name, organisation=f"Organisation {index}")
        assert answer.status == 201, answer.body
        names.append(name)
    return names


def schedule_all(coalition: Coalition, names: list[str]) -> tuple[str, dict[str, str]]:
    posts = [{"account": n, "text": t} for n, t in zip(names, distinct_texts(), strict=False)]
    answer = coalition.schedule(posts)
    assert answer.status == 201, answer.body
    moment_id = answer.json()["moment_id"]
    texts = {p["account"]: p["text"] for p in coalition.moment(moment_id)["posts"]}
    return moment_id, texts


def only_schedule(group: str) -> dict[str, object]:
    [schedule] = schedules(group)
    return schedule


def test_given_twenty_accounts_on_four_networks_when_the_moment_fires_then_each_posts_once_together(
    coalition: Coalition, social_environment: dict[str, str]
) -> None:
    names = register_coalition(coalition, 20)
    moment_id, texts = schedule_all(coalition, names)
    payload = schedule_input(only_schedule(social_environment["LOBBYKIT_SCHEDULE_GROUP"]))

    result = invoke_publish(payload)

    assert sorted(result["posted"]) == sorted(names)
    assert {name: coalition.posts_of(name) for name in names} == {name: [texts[name]] for name in names}
    assert all(
        "#SENDInTheSpecialists" in text and "/c/send-in-the-specialists" in text for text in texts.values()
    )
    shown = coalition.moment(moment_id)
    assert shown["status"] == "published"
    assert [p["account"] for p in shown["posts"]] == names
    assert all(p["status"] == "posted" for p in shown["posts"])
    urls = {p["account"]: p.get("url") for p in shown["posts"]}
    assert urls["org00-x"].startswith("https://x.com/org00_x/status/")
    assert urls["org01-bluesky"].startswith("https://bsky.app/profile/org01-bluesky.bsky.social/post/")
    assert urls["org02-mastodon"].startswith("https://social.example/@org02-mastodon/")
    assert 0 <= shown["spread_seconds"] < 5
    assert coalition.stubs.x.bad_signatures == 0
    keys = [r.headers["Idempotency-Key"] for r in coalition.stubs.mastodon.requests if r.method == "POST"]
    assert sorted(keys) == sorted(f"{moment_id}-{name}" for name in names if name.endswith("-mastodon"))

    # The same schedule delivered again (or the invocation retried): nobody posts twice.
    again = invoke_publish(payload)
    assert again["posted"] == []
    assert {name: len(coalition.posts_of(name)) for name in names} == dict.fromkeys(names, 1)
    assert coalition.moment(moment_id)["spread_seconds"] == shown["spread_seconds"]


def test_bluesky_posts_carry_live_hashtags_and_links_at_utf8_byte_offsets(coalition: Coalition) -> None:
    coalition.bluesky_account("welsh-bsky")
    text = "Plant ag anghenion addysgol arbennig — ‘therapi’ 🧒🏽 {{ hashtag }} {{ campaign_url }}"
    moment_id = coalition.schedule([{"account": "welsh-bsky", "text": text}]).json()["moment_id"]

    invoke_publish({"campaign": "send-in-the-specialists", "moment_id": moment_id})

    [(_, record)] = coalition.stubs.bluesky.posts  # the stub refuses a facet that misses its text
    kinds = [facet["features"][0]["$type"].rsplit("#", 1)[1] for facet in record["facets"]]
    assert kinds == ["tag", "link"]
    assert record["facets"][0]["features"][0]["tag"] == "SENDInTheSpecialists"


def test_a_partial_failure_is_recorded_for_that_account_only(coalition: Coalition) -> None:
    names = register_coalition(coalition, 4)
    moment_id, _ = schedule_all(coalition, names)
    coalition.stubs.x.revoked.add(
        next(u.access_token for u in coalition.stubs.x.users.values() if u.username == "org00_x")
    )
    coalition.stubs.mastodon.fail_next(
        "org02-mastodon", StubResponse(422, {"error": "Validation failed: Text is spam"})
    )

    result = invoke_publish({"campaign": "send-in-the-specialists", "moment_id": moment_id})

    assert sorted(result["failed"]) == ["org00-x", "org02-mastodon"]
    posts = {p["account"]: p for p in coalition.moment(moment_id)["posts"]}
    assert posts["org00-x"]["status"] == "failed"
    assert "register it again" in posts["org00-x"]["error"]
    assert posts["org02-mastodon"]["status"] == "failed"
    assert "Text is spam" in posts["org02-mastodon"]["error"]
    assert [posts[n]["status"] for n in ("org01-bluesky", "org03-recording")] == ["posted", "posted"]

    # A retried invocation does not try the failed posts again, nor repost the others.
    assert invoke_publish({"campaign": "send-in-the-specialists", "moment_id": moment_id})["posted"] == []
    assert coalition.posts_of("org00-x") == []


def test_a_rate_limited_post_is_retried_by_a_new_schedule_for_that_post_only(
    coalition: Coalition, social_environment: dict[str, str]
) -> None:
    group = social_environment["LOBBYKIT_SCHEDULE_GROUP"]
    names = register_coalition(coalition, 4)
    moment_id, texts = schedule_all(coalition, names)
    reset = int((datetime.now(UTC) + timedelta(minutes=15)).timestamp())
    coalition.stubs.x.fail_next(
        "org00_x",
        StubResponse(429, {"title": "Too Many Requests", "status": 429}, {"x-rate-limit-reset": str(reset)}),
    )

    result = invoke_publish({"campaign": "send-in-the-specialists", "moment_id": moment_id})

    assert result["rescheduled"] == ["org00-x"]
    assert coalition.posts_of("org00-x") == []
    retry = next(s for s in schedules(group) if s["Name"] != moment_id)
    assert schedule_input(retry) == {
        "campaign": "send-in-the-specialists",
        "moment_id": moment_id,
        "round": 1,
        "accounts": ["org00-x"],
    }
    retry_at = datetime.fromisoformat(retry["ScheduleExpression"][3:-1]).replace(tzinfo=UTC)
    assert retry_at >= datetime.fromtimestamp(reset, UTC)
    assert retry["FlexibleTimeWindow"] == {"Mode": "OFF"}
    assert retry["ActionAfterCompletion"] == "DELETE"
    assert coalition.moment(moment_id)["posts"][0]["status"] == "scheduled"

    # A late duplicate of the first delivery must not take the post meant for the retry...
    assert invoke_publish({"campaign": "send-in-the-specialists", "moment_id": moment_id})["posted"] == []
    # ...and the retry posts it, once.
    assert invoke_publish(schedule_input(retry))["posted"] == ["org00-x"]
    assert invoke_publish(schedule_input(retry))["posted"] == []
    assert coalition.posts_of("org00-x") == [texts["org00-x"]]
    assert coalition.moment(moment_id)["status"] == "published"


def test_a_duplicate_content_answer_is_recorded_and_never_retried(
    coalition: Coalition, social_environment: dict[str, str]
) -> None:
    coalition.x_account("dup-x")
    moment_id = coalition.schedule([{"account": "dup-x", "text": "Already said this {{ hashtag }}"}]).json()[
        "moment_id"
    ]
    coalition.stubs.x.tweets.append(("dup_x", "Already said this #SENDInTheSpecialists"))

    result = invoke_publish({"campaign": "send-in-the-specialists", "moment_id": moment_id})

    assert result["failed"] == ["dup-x"]
    [post] = coalition.moment(moment_id)["posts"]
    assert post["status"] == "failed"
    assert "duplicate" in post["error"]
    assert [s["Name"] for s in schedules(social_environment["LOBBYKIT_SCHEDULE_GROUP"])] == [moment_id]
    assert invoke_publish({"campaign": "send-in-the-specialists", "moment_id": moment_id})["failed"] == []


def test_a_cancelled_moment_posts_nothing_even_if_its_schedule_fires(coalition: Coalition) -> None:
    coalition.recording_account("recorder-a")
    moment_id = coalition.schedule([{"account": "recorder-a", "text": "Never posted"}]).json()["moment_id"]
    assert (
        coalition.call("DELETE", f"/api/campaigns/send-in-the-specialists/moments/{moment_id}").status == 200
    )
    assert invoke_publish({"campaign": "send-in-the-specialists", "moment_id": moment_id})["posted"] == []
    assert coalition.posts_of("recorder-a") == []


def test_credentials_never_appear_in_responses_or_logs(
    coalition: Coalition, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    names = register_coalition(coalition, 4)
    listed = coalition.call("GET", "/api/accounts").body
    moment_id, _ = schedule_all(coalition, names)
    shown = coalition.moment(moment_id)
    result = invoke_publish({"campaign": "send-in-the-specialists", "moment_id": moment_id})
    coalition.x_account("bad-x")
    coalition.stubs.x.revoked.update(u.access_token for u in coalition.stubs.x.users.values())

    said = "\n".join([listed, json.dumps(shown), json.dumps(result), capsys.readouterr().out, caplog.text])
    assert coalition.secrets_seen
    assert [secret for secret in coalition.secrets_seen if secret in said] == []


def test_a_moments_results_show_in_the_organiser_metrics_per_network(coalition: Coalition) -> None:
    names = register_coalition(coalition, 4)
    moment_id, _ = schedule_all(coalition, names)
    coalition.stubs.x.revoked.add(
        next(u.access_token for u in coalition.stubs.x.users.values() if u.username == "org00_x")
    )
    invoke_publish({"campaign": "send-in-the-specialists", "moment_id": moment_id})

    metrics = coalition.call("GET", "/api/campaigns/send-in-the-specialists/metrics").json()

    [moment] = metrics["social"]["moments"]
    assert moment["moment_id"] == moment_id
    assert moment["status"] == "published"
    networks = {n["network"]: n for n in moment["networks"]}
    assert networks["x"]["failed"] == 1
    assert sum(n["posted"] for n in networks.values()) == len(names) - 1
    assert all(n["scheduled"] == 0 for n in networks.values())
