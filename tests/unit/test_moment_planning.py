"""Planning a moment: time, accounts, templates, lengths and similarity, each refused clearly."""

from datetime import UTC, datetime, timedelta

import pytest

from lobbykit.domain.errors import InvalidInput
from lobbykit.domain.social.accounts import Account, Network
from lobbykit.domain.social.campaigns import PostCampaign
from lobbykit.domain.social.errors import MomentRefused
from lobbykit.domain.social.moments import PostRequest, parse_request, parse_time, plan_moment
from lobbykit.domain.social.similarity import Comparable, too_similar
from lobbykit.domain.social.templates import render_post

NOW = datetime(2026, 3, 5, 8, 0, tzinfo=UTC)
CAMPAIGN = PostCampaign(
    "send-in-the-specialists",
    "SEND in the Specialists",
    "#SENDInTheSpecialists",
    "https://example.org/c/send-in-the-specialists",
)
ACCOUNTS = {
    "rcslt-x": Account("rcslt-x", Network.X, "@rcslt", NOW.isoformat(), variables={"organisation": "RCSLT"}),
    "nas-x": Account("nas-x", Network.X, "@nas", NOW.isoformat(), variables={"organisation": "NAS"}),
    "mencap-x": Account(
        "mencap-x", Network.X, "@mencap", NOW.isoformat(), variables={"organisation": "Mencap"}
    ),
    "rcslt-bsky": Account("rcslt-bsky", Network.BLUESKY, "@rcslt.bsky.social", NOW.isoformat()),
    "big-masto": Account("big-masto", Network.MASTODON, "@big@m.org", NOW.isoformat(), max_characters=1000),
}


def plan(*posts: tuple[str, str], at: datetime = NOW + timedelta(hours=1)):  # type: ignore[no-untyped-def]
    return plan_moment(
        CAMPAIGN, at, [PostRequest(a, t) for a, t in posts], ACCOUNTS, moment_id="m1", organiser="o", now=NOW
    )


def test_given_distinct_texts_when_planned_then_rendered_in_order_with_campaign_and_account_variables() -> (
    None
):
    moment = plan(
        ("nas-x", "{{ organisation }} says autistic children wait too long {{ hashtag }}"),
        ("rcslt-x", "Speech therapy changes lives: {{ campaign_url }} ({{ title }})"),
    )
    assert [p.account for p in moment.posts] == ["nas-x", "rcslt-x"]
    assert moment.posts[0].text == "NAS says autistic children wait too long #SENDInTheSpecialists"
    assert moment.posts[1].text.endswith(
        "https://example.org/c/send-in-the-specialists (SEND in the Specialists)"
    )
    assert moment.schedules == ("m1",)


@pytest.mark.parametrize(
    ("at", "code"),
    [
        (NOW - timedelta(minutes=1), "time_too_soon"),
        (NOW + timedelta(seconds=59), "time_too_soon"),
        (NOW + timedelta(days=400), "time_too_far"),
    ],
)
def test_times_in_the_past_too_soon_or_too_far_are_refused(at: datetime, code: str) -> None:
    with pytest.raises(MomentRefused) as refused:
        plan(("nas-x", "Hello"), at=at)
    assert refused.value.code == code


def test_a_time_is_read_with_its_offset_and_kept_in_utc_to_the_second() -> None:
    assert parse_time("2026-07-01T10:00:00.750+01:00") == datetime(2026, 7, 1, 9, 0, tzinfo=UTC)
    assert parse_time("2026-07-01T09:00:00Z") == datetime(2026, 7, 1, 9, 0, tzinfo=UTC)
    with pytest.raises(InvalidInput, match="offset"):
        parse_time("2026-07-01T09:00:00")
    with pytest.raises(InvalidInput, match="ISO 8601"):
        parse_time("next Tuesday")


def test_unknown_and_repeated_accounts_are_named() -> None:
    with pytest.raises(MomentRefused, match="nobody, ghost") as unknown:
        plan(("nobody", "a"), ("ghost", "b"))
    assert unknown.value.code == "unknown_account"
    with pytest.raises(MomentRefused, match="nas-x") as repeated:
        plan(("nas-x", "a"), ("nas-x", "b"))
    assert repeated.value.code == "duplicate_account"


def test_too_long_posts_are_measured_as_their_network_counts() -> None:
    with pytest.raises(MomentRefused) as refused:
        plan(("rcslt-x", "日" * 141), ("rcslt-bsky", "x" * 301), ("big-masto", "y" * 1000))
    assert refused.value.code == "text_too_long"
    assert "'rcslt-x' (x): 282 weighted characters, the most is 280" in refused.value.message
    assert "'rcslt-bsky' (bluesky): 301 characters, the most is 300" in refused.value.message
    assert "big-masto" not in refused.value.message  # this instance allows 1000


def test_too_similar_posts_on_one_network_are_named_in_pairs_with_the_reason() -> None:
    same = (
        "{{ organisation }} stands with the coalition: invest in the specialist workforce now {{ hashtag }}"
    )
    with pytest.raises(MomentRefused) as refused:
        plan(("rcslt-x", same), ("nas-x", same), ("mencap-x", "Our own story of families waiting for help"))
    message = refused.value.message
    assert refused.value.code == "texts_too_similar"
    assert "'rcslt-x' and 'nas-x' share 91% of their wording" in message
    assert "mencap-x" not in message
    assert "X forbids" in message


def test_similarity_ignores_links_hashtags_mentions_case_and_punctuation_but_not_words() -> None:
    pairs = too_similar(
        [
            Comparable("a", "x", "Invest in specialists NOW! #SEND https://a.org @minister"),
            Comparable("b", "x", "invest in specialists now #Other https://b.org/x @someone"),
            Comparable("c", "bluesky", "Invest in specialists now"),
            Comparable("d", "x", "Every child deserves a therapist when they need one"),
        ]
    )
    assert [(p.first, p.second, round(p.shared, 2)) for p in pairs] == [("a", "b", 1.0)]


def test_templates_are_sandboxed_strict_and_not_html_escaped() -> None:
    assert render_post("Fish & chips <3 {{ name }}", {"name": "R&D"}, "a") == "Fish & chips <3 R&D"
    with pytest.raises(InvalidInput, match="'missing' is undefined") as undefined:
        render_post("{{ missing }}", {"hashtag": "#x"}, "acc")
    assert undefined.value.code == "template_error"
    with pytest.raises(InvalidInput, match="could not be read"):
        render_post("{% for %}", {}, "acc")
    with pytest.raises(InvalidInput):
        render_post("{{ ''.__class__.__mro__ }}", {}, "acc")


@pytest.mark.parametrize(
    ("document", "field"),
    [
        ({"posts": []}, "at"),
        ({"at": "2026-03-05T09:00:00Z"}, "posts"),
        ({"at": "2026-03-05T09:00:00Z", "posts": [], "when": "now"}, "when"),
        ({"at": "2026-03-05T09:00:00Z", "posts": ["text"]}, "posts.0"),
        ({"at": "2026-03-05T09:00:00Z", "posts": [{"account": "a", "text": 5}]}, "posts.0.text"),
        (
            {"at": "2026-03-05T09:00:00Z", "posts": [{"account": "a", "text": "t", "variables": {"x": 1}}]},
            "posts.0.variables",
        ),
    ],
)
def test_a_moment_document_of_the_wrong_shape_names_the_field(
    document: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_request(document)
    assert refused.value.field == field


def test_a_moment_document_is_read_into_a_time_and_posts() -> None:
    at, posts = parse_request(
        {
            "at": "2026-03-05T10:00:00+01:00",
            "posts": [{"account": "a", "text": "t", "variables": {"stat": "1"}}],
        }
    )
    assert at == datetime(2026, 3, 5, 9, 0, tzinfo=UTC)
    assert posts == [PostRequest("a", "t", {"stat": "1"})]


@pytest.mark.parametrize("name", ["", "when", " "])
def test_an_unexpected_field_is_named_in_quotes_even_when_empty(name: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_request({"at": "2030-03-05T09:00:00+00:00", "posts": [], name: 1})
    assert refused.value.message.endswith(f'not "{name}".')
