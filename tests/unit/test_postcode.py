"""Postcodes as people type them: accepted, normalised, or refused with a helpful message."""

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lobbykit.domain.errors import InvalidPostcode, NoWestminsterMP
from lobbykit.domain.postcode import parse_postcode


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("sw1a2aa", "SW1A 2AA"),
        (" Sw1A  2aA ", "SW1A 2AA"),
        ("SW1A-2AA", "SW1A 2AA"),
        ("SW1A\u00a02AA", "SW1A 2AA"),
        ("sw1a\t2aa\n", "SW1A 2AA"),
        ("SW1A OAA", "SW1A 0AA"),
        ("iv3 5ss", "IV3 5SS"),
        ("M1 1AE", "M1 1AE"),
        ("b338th", "B33 8TH"),
        ("CR2 6XH", "CR2 6XH"),
        ("DN55 1PT", "DN55 1PT"),
        ("W1A 1HQ", "W1A 1HQ"),
        ("EC1A 1BB", "EC1A 1BB"),
        ("cf10 1ep", "CF10 1EP"),
        ("BT7 1NN", "BT7 1NN"),
    ],
)
def test_accepts_what_people_type_and_returns_the_canonical_form(typed: str, canonical: str) -> None:
    assert str(parse_postcode(typed)) == canonical


@pytest.mark.parametrize("typed", ["", "   ", "\t"])
def test_an_empty_postcode_asks_for_one(typed: str) -> None:
    with pytest.raises(InvalidPostcode, match="Please enter your postcode, for example SW1A 2AA"):
        parse_postcode(typed)


@pytest.mark.parametrize("typed", ["SW1A", "iv3", "M1"])
def test_half_a_postcode_asks_for_the_whole(typed: str) -> None:
    with pytest.raises(InvalidPostcode, match="full postcode"):
        parse_postcode(typed)


@pytest.mark.parametrize(
    "typed",
    [
        "hello",
        "12345",
        "SW1A 2A",
        "SW1A 22A",
        "1SW 2AA",
        "SW1A 2AAA",
        "ZZZ9 9ZZ",
        "<script>",
        "SW1A;2AA",
        "SW1A 2ÄA",
    ],
)
def test_refuses_what_cannot_be_a_postcode_and_says_what_one_looks_like(typed: str) -> None:
    with pytest.raises(InvalidPostcode) as refused:
        parse_postcode(typed)
    assert "SW1A 2AA" in refused.value.message
    assert refused.value.field == "postcode"


def test_refuses_very_long_input_without_echoing_it() -> None:
    with pytest.raises(InvalidPostcode) as refused:
        parse_postcode("A" * 10_000)
    assert "AAAA" not in refused.value.message


@pytest.mark.parametrize(
    ("typed", "place"),
    [
        ("JE2 3AB", "Jersey"),
        ("gy1 1aa", "Guernsey"),
        ("IM1 1AA", "Isle of Man"),
        ("BFPO 123", "British Forces Post Office"),
        ("bfpo1234", "British Forces Post Office"),
        ("BF1 3AA", "British Forces Post Office"),
        ("FIQQ 1ZZ", "Falkland Islands"),
        ("GX11 1AA", "Gibraltar"),
    ],
)
def test_places_without_a_westminster_mp_are_named(typed: str, place: str) -> None:
    with pytest.raises(NoWestminsterMP, match=place):
        parse_postcode(typed)


# -- properties ------------------------------------------------------------------------------

LETTERS = string.ascii_uppercase
DIGITS = string.digits
outward_codes = st.one_of(
    st.tuples(st.sampled_from("BEGLMNSW"), st.sampled_from(DIGITS)).map("".join),
    st.tuples(st.sampled_from(["SW", "NW", "EC", "CF", "BT", "IV", "LS"]), st.sampled_from(DIGITS)).map(
        "".join
    ),
    st.tuples(st.sampled_from(["SW", "EC", "WC"]), st.sampled_from(DIGITS), st.sampled_from(LETTERS)).map(
        "".join
    ),
    st.tuples(st.sampled_from(["DN", "CF", "LS"]), st.sampled_from(DIGITS), st.sampled_from(DIGITS)).map(
        "".join
    ),
)
inward_codes = st.tuples(st.sampled_from(DIGITS), st.sampled_from(LETTERS), st.sampled_from(LETTERS)).map(
    "".join
)
separators = st.sampled_from(["", " ", "  ", "-", " - ", "\t", "\u00a0"])


@given(outward_codes, inward_codes, separators, st.booleans(), st.text(" ", max_size=3))
def test_any_spacing_and_case_of_a_valid_postcode_normalises_to_one_form(
    outward: str, inward: str, separator: str, lower: bool, padding: str
) -> None:
    typed = padding + outward + separator + inward + padding
    parsed = parse_postcode(typed.lower() if lower else typed)
    assert str(parsed) == f"{outward} {inward}"
    assert parse_postcode(str(parsed)) == parsed


@given(st.text(max_size=60))
def test_any_text_is_either_a_canonical_postcode_or_a_clear_refusal(typed: str) -> None:
    refusal: InvalidPostcode | NoWestminsterMP | None = None
    try:
        parsed = parse_postcode(typed)
    except (InvalidPostcode, NoWestminsterMP) as refused:
        refusal = refused
    if refusal is not None:
        assert refusal.message.endswith(".")
        assert len(typed.strip()) < 9 or typed not in refusal.message
    else:
        assert str(parsed) == f"{parsed.outward} {parsed.inward}"
        assert 6 <= len(str(parsed)) <= 8
