"""Posts and moments say where they are with enums, which the JSON shows as the same words."""

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from lobbykit.application.metrics import social_moments
from lobbykit.application.moments import present_moment, present_summary
from lobbykit.domain.metrics import NetworkResult
from lobbykit.domain.social.accounts import Network
from lobbykit.domain.social.moments import (
    UNCONFIRMED_AFTER,
    Moment,
    MomentProgress,
    MomentStatus,
    Post,
    PostStatus,
    view_post,
)

NOW = datetime(2026, 3, 5, 9, tzinfo=UTC)
POST = Post(0, "nas-x", Network.X, "Hello")
MOMENT = Moment("c", "m1", NOW, NOW.isoformat(), "o", (POST,))


def moment_with(**changes: object) -> Moment:
    return replace(MOMENT, posts=(replace(POST, **changes),))  # type: ignore[arg-type]


def test_what_an_organiser_is_shown_of_a_post_is_a_post_status() -> None:
    claimed_long_ago = (NOW - UNCONFIRMED_AFTER - timedelta(seconds=1)).isoformat()
    cases = [
        (moment_with(), PostStatus.SCHEDULED),
        (moment_with(status=PostStatus.POSTING, claimed_at=NOW.isoformat()), PostStatus.SCHEDULED),
        (moment_with(status=PostStatus.POSTING, claimed_at=claimed_long_ago), PostStatus.FAILED),
        (moment_with(status=PostStatus.POSTED), PostStatus.POSTED),
        (moment_with(status=PostStatus.FAILED, error="no"), PostStatus.FAILED),
        (replace(MOMENT, status=MomentStatus.CANCELLED), PostStatus.FAILED),
    ]
    for moment, shown in cases:
        assert view_post(moment, moment.posts[0], NOW).status is shown


def test_a_moments_progress_is_a_moment_progress() -> None:
    assert MOMENT.progress() is MomentProgress.SCHEDULED
    assert moment_with(status=PostStatus.POSTING).progress() is MomentProgress.PUBLISHING
    assert moment_with(status=PostStatus.POSTED).progress() is MomentProgress.PUBLISHED
    assert replace(MOMENT, status=MomentStatus.CANCELLED).progress() is MomentProgress.CANCELLED


def test_the_json_shows_the_same_words_as_before() -> None:
    moment = moment_with(status=PostStatus.POSTED, url="https://x.com/nas/1")
    shown = json.loads(json.dumps(present_moment(moment, NOW)))
    assert shown["status"] == "published"
    assert shown["posts"][0]["status"] == "posted"
    assert shown["posts"][0]["url"] == "https://x.com/nas/1"
    summary = json.loads(json.dumps(present_summary(moment, NOW)))
    assert summary == {
        "moment_id": "m1",
        "at": NOW.isoformat(),
        "status": "published",
        "scheduled": 0,
        "posted": 1,
        "failed": 0,
    }


def test_the_metrics_count_each_networks_posts_as_the_organiser_is_shown_them() -> None:
    posts = (
        replace(POST, status=PostStatus.POSTED),
        replace(POST, index=1, status=PostStatus.FAILED, error="no"),
        replace(POST, index=2),
        replace(
            POST, index=3, network=Network.BLUESKY, status=PostStatus.POSTING, claimed_at=NOW.isoformat()
        ),
    )
    [counted] = social_moments([replace(MOMENT, posts=posts)], NOW)
    assert counted.networks == (
        NetworkResult("bluesky", posted=0, failed=0, scheduled=1),
        NetworkResult("x", posted=1, failed=1, scheduled=1),
    )
