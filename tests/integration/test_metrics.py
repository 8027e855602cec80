"""Business metrics reach CloudWatch as EMF lines on stdout, one flush per invocation, and
their dimensions say nothing about a supporter."""

import pytest

from tests.support.api import call_api
from tests.support.e_action import confirmation_links, submit, supporter
from tests.support.metrics import emf_lines, metric_total

pytestmark = pytest.mark.usefixtures("api_environment", "verified_senders")

ALLOWED_DIMENSIONS = {"service", "network"}


def test_a_confirmed_letter_counts_one_letter_sent_and_one_confirmation(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Given a supporter who looked up their MP and submitted a letter
    call_api("GET", "/api/mp", query="postcode=CF10%201EP")
    submit(supporter(postcode="CF10 1EP"))
    [link] = confirmation_links()
    capsys.readouterr()

    # When they confirm it, twice
    call_api("POST", link)
    call_api("POST", link)

    # Then one letter and one confirmation are counted
    lines = emf_lines(capsys.readouterr().out)
    assert metric_total(lines, "LettersSent") == 1
    assert metric_total(lines, "Confirmations") == 1


def test_lookups_count_and_say_whether_the_cache_answered(capsys: pytest.CaptureFixture[str]) -> None:
    call_api("GET", "/api/mp", query="postcode=CF10%201EP")
    call_api("GET", "/api/mp", query="postcode=CF10%201EP")
    lines = emf_lines(capsys.readouterr().out)
    assert metric_total(lines, "Lookups") == 2
    assert metric_total(lines, "CacheHits") >= 1
    assert metric_total(lines, "CacheMisses") >= 1


def test_no_metric_dimension_carries_personal_data(capsys: pytest.CaptureFixture[str]) -> None:
    person = supporter(name="Philippa Quartermaine", email="pq@example.com", postcode="CF10 1EP")
    submit(person)
    [link] = confirmation_links()
    call_api("POST", link)
    lines = emf_lines(capsys.readouterr().out)
    assert lines, "the journey should have emitted metrics"
    for line in lines:
        for directive in line["_aws"]["CloudWatchMetrics"]:
            for dimensions in directive["Dimensions"]:
                assert set(dimensions) <= ALLOWED_DIMENSIONS
                assert all(
                    str(line[name]) in {"lobbykit", "x", "bluesky", "mastodon", "recording"}
                    for name in dimensions
                )
