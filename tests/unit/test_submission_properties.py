"""Any JSON a browser or a script can send becomes a Submission or a refusal a person can act on."""

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from lobbykit.domain.errors import InvalidInput, NoWestminsterMP
from lobbykit.domain.submission import InvalidSubmission, Submission, parse_submission
from tests.support.json_values import json_values, objects_with

FIELDS = {"name", "email", "postcode", "address", "message", "consent_updates", "website"}
MAX_MESSAGE = 500
LINE_BREAKS = st.sampled_from(["\r", "\n", "\r\n", "\u2028", "\x85", ""])
names = st.tuples(st.text(max_size=20), LINE_BREAKS, st.text(max_size=20)).map("".join)
emails = st.emails() | st.tuples(st.emails(), LINE_BREAKS, st.text(max_size=10)).map("".join)
postcodes = st.sampled_from(["SW1A 2AA", "iv3 5ss", "GY1 1AA", "B33 8TH", "not one", "ZZ99 9ZZ"])
submissions = objects_with(
    {
        "name": names,
        "email": emails,
        "postcode": postcodes,
        "address": st.text(max_size=400),
        "message": st.text(max_size=600),
        "consent_updates": st.sampled_from([True, False, "on", "off", "", None]),
        "website": st.sampled_from(["", "http://spam.example"]),
    }
)


def parse(body: Any) -> Submission | InvalidInput | NoWestminsterMP:
    """The outcome, never any other exception (``NoWestminsterMP``: a Jersey postcode, say)."""
    try:
        return parse_submission(body, MAX_MESSAGE)
    except (InvalidInput, NoWestminsterMP) as refused:
        return refused


@given(json_values | submissions)
def test_any_json_is_a_submission_or_a_refusal_naming_the_field(body: Any) -> None:
    outcome = parse(body)
    if isinstance(outcome, InvalidSubmission):
        assert outcome.errors, "a refusal lists at least one field to fix"
        assert all(error.field in FIELDS and error.message for error in outcome.errors)
        assert (outcome.field, outcome.message) == (outcome.errors[0].field, outcome.errors[0].message)
    elif isinstance(outcome, InvalidInput | NoWestminsterMP):
        assert outcome.message.endswith(".")


@given(submissions)
def test_an_accepted_submission_is_safe_for_email_headers_and_within_limits(body: dict[str, Any]) -> None:
    outcome = parse(body)
    if isinstance(outcome, Submission):
        for header in (outcome.name, outcome.email):
            assert not any(char in header for char in "\r\n\x85\u2028\u2029")
            assert header == header.strip()
            assert header
        assert len(outcome.name) <= 100
        assert len(outcome.address) <= 300
        assert len(outcome.message) <= MAX_MESSAGE
        assert isinstance(outcome.consent_updates, bool)
