"""Any JSON an organiser's script can send is a moment or account request, or a clear refusal."""

from collections.abc import Callable
from datetime import UTC
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from lobbykit.domain.errors import InvalidInput
from lobbykit.domain.social.accounts import Network, Registration, parse_registration
from lobbykit.domain.social.moments import parse_request
from tests.support.json_values import json_values, objects_with

times = st.datetimes(timezones=st.timezones()).map(lambda t: t.isoformat()) | st.sampled_from(
    ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "2026-03-05T09:00:00Z", "tomorrow"]
)
posts = st.lists(
    objects_with({"account": st.sampled_from(["recorder-a", "x"]), "text": st.text(max_size=40)}), max_size=3
)
moment_requests = objects_with({"at": times, "posts": posts})
registrations = objects_with(
    {
        "name": st.from_regex(r"[a-z0-9-]{1,42}", fullmatch=True),
        "network": st.sampled_from([*Network, "myspace"]),
        "handle": st.text(max_size=20),
        "instance_url": st.sampled_from(["https://mastodon.social/", "ftp://x", ""]),
        "access_token": st.text(max_size=10),
        "variables": st.dictionaries(st.text(max_size=8), st.text(max_size=8), max_size=3),
        "organisation": st.text(max_size=20),
    }
)


def outcome(parse: Callable[[], Any]) -> Any:
    """What ``parse`` returns, or the ``InvalidInput`` it raises; any other exception fails the test."""
    try:
        return parse()
    except InvalidInput as refused:
        return refused


@given(moment_requests | st.dictionaries(st.text(max_size=5), json_values, max_size=3))
@example({"at": "0001-01-01T00:00:00+01:00", "posts": []})  # once an OverflowError, a 500
def test_any_moment_request_is_a_utc_time_and_posts_or_a_refusal(document: dict[str, Any]) -> None:
    result = outcome(lambda: parse_request(document))
    if isinstance(result, InvalidInput):
        assert result.field is not None  # a stray key may be named ""
        assert result.message
    else:
        at, requests = result
        assert at.tzinfo == UTC
        assert at.microsecond == 0
        assert len(requests) == len(document["posts"])


@given(registrations)
def test_any_account_registration_is_checked_or_refused(document: dict[str, Any]) -> None:
    fields = dict(document)
    name, network = fields.pop("name", None), fields.pop("network", None)
    variables, organisation = fields.pop("variables", None), fields.pop("organisation", None)
    result = outcome(lambda: parse_registration(name, network, fields, variables, organisation))
    if isinstance(result, InvalidInput):
        assert result.field
        assert result.message
    else:
        assert isinstance(result, Registration)
        assert all(isinstance(value, str) for value in result.credentials.values())
        assert all(key.isidentifier() for key in result.variables)
