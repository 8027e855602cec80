"""Which posts of a moment read too much alike.

X forbids coordinated accounts from posting identical or substantially similar automated
posts, and every network treats a wave of near-copies as spam. Each post is reduced to its
words: lower case, without links, hashtags and @mentions (the campaign's hashtag and link are
meant to be shared) and without punctuation. Two posts are too alike when the longest matching
runs of those words (``difflib.SequenceMatcher``, word by word) cover ``MAX_SHARED`` or more of
them: changing only the organisation's name in a shared sentence does not pass, a sentence of
one's own does.

Only posts on the same network are compared: one organisation posting the same words on X and on
Bluesky is ordinary cross-posting, not a wave of copies on one network.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import combinations

from lobbykit.domain.social.text import find_urls

MAX_SHARED = 0.7
_MENTION_OR_TAG = re.compile(r"[@#＃][^\s]+")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Comparable:
    account: str
    network: str
    text: str


@dataclass(frozen=True, slots=True)
class SimilarPair:
    first: str
    second: str
    shared: float

    def describe(self) -> str:
        return f"{self.first!r} and {self.second!r} share {self.shared:.0%} of their wording"


def words(text: str) -> list[str]:
    for url in reversed(find_urls(text)):
        text = text[: url.start] + " " + text[url.end :]
    return _WORD.findall(_MENTION_OR_TAG.sub(" ", text).lower())


def too_similar(posts: Sequence[Comparable], limit: float = MAX_SHARED) -> list[SimilarPair]:
    """Every pair of posts on one network sharing ``limit`` or more of their words, in order."""
    reduced = [(post, words(post.text)) for post in posts]
    pairs = []
    for (first, first_words), (second, second_words) in combinations(reduced, 2):
        if first.network != second.network:
            continue
        matcher = SequenceMatcher(None, first_words, second_words, autojunk=False)
        if matcher.real_quick_ratio() < limit or matcher.quick_ratio() < limit:
            continue
        shared = matcher.ratio() if first_words or second_words else 1.0
        if shared >= limit:
            pairs.append(SimilarPair(first.account, second.account, shared))
    return pairs
