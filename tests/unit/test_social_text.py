"""Post lengths as each network counts them, and Bluesky's facets at UTF-8 byte offsets."""

import pytest

from lobbykit.domain.social.text import (
    Facet,
    bluesky_facets,
    find_urls,
    graphemes,
    mastodon_length,
    x_weighted_length,
)


@pytest.mark.parametrize(
    ("text", "weight"),
    [
        ("hello", 5),
        ("", 0),
        ("café", 4),
        ("cafe\u0301", 4),  # NFC-normalised first: e + combining acute is one code point
        ("日本語", 6),  # CJK weighs 2 each
        ("한국어", 6),
        ("“quoted” – dash…", 17),  # quotes and dash in U+2010–201F weigh 1; the ellipsis U+2026 weighs 2
        ("😀", 2),
        ("👍🏽", 2),  # emoji with a skin tone: one emoji
        ("👨‍👩‍👧‍👦", 2),  # ZWJ family: one emoji
        ("🇬🇧", 2),  # flag: one emoji
        ("1️⃣", 2),  # keycap
        ("©", 1),
        ("©️", 2),  # with VS16 it is an emoji
        ("see https://example.org/a/very/long/path?with=query&and=more", 27),  # 4 + 23
        ("https://x.org", 23),  # short URLs count 23 too
        ("visit gov.uk/send today", 35),
        ("(https://x.org/a).", 26),  # brackets and full stop are not the URL's: 1 + 23 + 1 + 1
        ("write to me@rcslt.org", 21),  # an email address is not a URL
    ],
)
def test_x_weighted_length_follows_twitter_text(text: str, weight: int) -> None:
    assert x_weighted_length(text) == weight


def test_a_280_weight_post_with_a_link_and_emoji_is_exactly_at_the_limit() -> None:
    text = "a" * 251 + " https://sendinthespecialists.org.uk/a/long/page " + "🎉👍"
    assert x_weighted_length(text) == 251 + 1 + 23 + 1 + 2 + 2 == 280


@pytest.mark.parametrize(
    ("text", "count"),
    [("hello", 5), ("👨‍👩‍👧‍👦", 1), ("🇬🇧🇮🇪", 2), ("e\u0301", 1), ("नमस्ते", 3), ("日本語", 3)],
)
def test_graphemes_are_what_a_person_counts(text: str, count: int) -> None:
    assert len(graphemes(text)) == count


def test_mastodon_counts_urls_as_23_and_remote_mentions_by_username() -> None:
    assert mastodon_length("https://example.org/" + "x" * 100) == 23
    assert mastodon_length("@alice@mastodon.social hi") == len("@alice hi")
    assert mastodon_length("👨‍👩‍👧‍👦") == 1


def test_urls_are_found_with_and_without_a_scheme_and_trimmed_of_punctuation() -> None:
    found = [
        span.text for span in find_urls("Read https://a.org/x, www.b.org/y! and c.org.uk. Not d.invalidtld")
    ]
    assert found == ["https://a.org/x", "www.b.org/y", "c.org.uk"]


def test_bluesky_facets_cover_exact_utf8_byte_ranges() -> None:
    text = "Gwasanaethau — ‘therapi’ 🧒🏽 #SENDInTheSpecialists, gov.uk/send #123 #ok."
    facets = bluesky_facets(text)
    encoded = text.encode("utf-8")
    assert [(f.kind, f.value) for f in facets] == [
        ("tag", "SENDInTheSpecialists"),
        ("link", "https://gov.uk/send"),
        ("tag", "ok"),
    ]
    assert [encoded[f.byte_start : f.byte_end].decode() for f in facets] == [
        "#SENDInTheSpecialists",
        "gov.uk/send",
        "#ok",
    ]
    assert facets[0] == Facet("tag", "SENDInTheSpecialists", 40, 61)
