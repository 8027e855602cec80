"""How long a post is, counted as each network counts, and where its links and hashtags are.

- X (and the recording network, which stands in for it): twitter-text's *weighted length*. Text is
  NFC-normalised; code points in U+0000–U+10FF, U+2000–U+200D, U+2010–U+201F and U+2032–U+2037
  weigh 1, every other code point weighs 2 (so CJK counts double), an emoji sequence (flags, ZWJ
  families, skin tones, keycaps, anything with VS16) weighs 2 as a whole, and every URL weighs 23
  however long it is. Limit 280.
- Bluesky: 300 graphemes (user-perceived characters) and 3,000 UTF-8 bytes.
- Mastodon: graphemes, with every URL counted as 23 and ``@user@domain`` counted as ``@user``;
  the limit is the instance's own (500 unless it says otherwise).

URLs are recognised as twitter-text does for the common cases: with ``http(s)://``, starting
``www.``, or a bare domain ending in one of the common top-level domains below (twitter-text knows
every TLD; a bare domain under an unusual TLD counts here as plain text, which can only make us
stricter). Trailing punctuation and an unbalanced closing bracket are not part of a URL.

The weighting is implemented here, without twitter-text itself: it is a JavaScript/Java/Ruby
library, and the rules above are its published configuration (v3).
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

X_LIMIT = 280
X_URL_WEIGHT = 23
BLUESKY_GRAPHEME_LIMIT = 300
BLUESKY_BYTE_LIMIT = 3000
MASTODON_URL_LENGTH = 23
MASTODON_DEFAULT_LIMIT = 500
HASHTAG_MAX_LENGTH = 64

_LIGHT_RANGES = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
_COMMON_TLDS = (
    "com|org|net|uk|gov|edu|int|io|co|info|eu|ie|me|app|social|online|news|tv|ly|scot|wales|"
    "cymru|london|charity|ngo|foundation|community|health|care|earth|dev|page|blog|site|us|ca|"
    "au|nz|de|fr|nl|be|es|it|ch|se|no|dk|fi|pt|pl|at"
)
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"]+"
    r"|(?<![\w@.\-/])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:" + _COMMON_TLDS + r")(?![\w-])"
    r"(?:[/?#][^\s<>\"]*)?",
    re.IGNORECASE,
)
_TRAILING_PUNCTUATION = ".,;:!?'\"’”…"
_MASTODON_REMOTE_MENTION = re.compile(r"(?<![\w/])(@\w+(?:[.\-]\w+)*)@[\w.-]+\w")


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Facet:
    """A live link or hashtag in a Bluesky post; offsets count bytes of the UTF-8 text."""

    kind: Literal["link", "tag"]
    value: str
    byte_start: int
    byte_end: int


@cache
def _patterns() -> dict[str, Any]:
    """Unicode-aware patterns (grapheme clusters, emoji, punctuation), compiled on first use."""
    import regex  # noqa: PLC0415 - cold start: about as costly as boto3

    return {
        "grapheme": regex.compile(r"\X"),
        "emoji": regex.compile(
            r"[\p{Emoji_Presentation}\uFE0F\u20E3]|[\U00010000-\U0010FFFF&&\p{ExtPict}]", regex.V1
        ),
        "hashtag": regex.compile(r"(?:^|(?<=\s))[#＃]([^\s#＃]+)"),
        "trailing_punctuation": regex.compile(r"\p{P}+$"),
    }


def find_urls(text: str) -> list[Span]:
    spans = []
    for match in _URL.finditer(text):
        url = _trim_url(match.group())
        spans.append(Span(match.start(), match.start() + len(url), url))
    return spans


def _trim_url(url: str) -> str:
    while url:
        unbalanced = url[-1] == ")" and url.count("(") < url.count(")")
        if url[-1] in _TRAILING_PUNCTUATION or unbalanced:
            url = url[:-1]
        else:
            break
    return url


def graphemes(text: str) -> list[str]:
    found: list[str] = _patterns()["grapheme"].findall(text)
    return found


def x_weighted_length(text: str) -> int:
    """The length X counts against its 280 limit (twitter-text v3 weighting)."""
    normalised = unicodedata.normalize("NFC", text)
    total, position = 0, 0
    for url in find_urls(normalised):
        total += _weight(normalised[position : url.start]) + X_URL_WEIGHT
        position = url.end
    return total + _weight(normalised[position:])


def _weight(plain: str) -> int:
    emoji = _patterns()["emoji"]
    total = 0
    for cluster in graphemes(plain):
        if emoji.search(cluster):
            total += 2
        else:
            total += sum(1 if _is_light(ord(c)) else 2 for c in cluster)
    return total


def _is_light(code_point: int) -> bool:
    return any(low <= code_point <= high for low, high in _LIGHT_RANGES)


def mastodon_length(text: str) -> int:
    """The length Mastodon checks against the instance's limit."""
    countable, position = [], 0
    for url in find_urls(text):
        countable.append(text[position : url.start] + "x" * MASTODON_URL_LENGTH)
        position = url.end
    countable.append(text[position:])
    return len(graphemes(_MASTODON_REMOTE_MENTION.sub(r"\1", "".join(countable))))


def bluesky_facets(text: str) -> list[Facet]:
    """Links and hashtags to make live in a Bluesky post, in order, with UTF-8 byte offsets."""
    patterns = _patterns()
    found = [(span.start, span.end, Facet("link", _absolute(span.text), 0, 0)) for span in find_urls(text)]
    for match in patterns["hashtag"].finditer(text):
        tag = patterns["trailing_punctuation"].sub("", match.group(1))
        if not tag or tag.isdigit() or len(tag) > HASHTAG_MAX_LENGTH:
            continue
        start = match.start()
        found.append((start, start + 1 + len(tag), Facet("tag", tag, 0, 0)))
    facets = []
    for start, end, facet in sorted(found, key=lambda item: item[0]):
        byte_start = len(text[:start].encode("utf-8"))
        byte_end = byte_start + len(text[start:end].encode("utf-8"))
        facets.append(Facet(facet.kind, facet.value, byte_start, byte_end))
    return facets


def _absolute(url: str) -> str:
    return url if url.lower().startswith(("http://", "https://")) else f"https://{url}"
