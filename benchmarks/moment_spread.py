"""Figure 6: 125 accounts posting through a network that takes 300 ms a post, in one moment."""

import time
from typing import Any

from benchmarks.report import Figure
from benchmarks.stack import in_process_stack

ACCOUNTS, LATENCY, TARGET = 125, 0.3, 5.0


def texts() -> list[str]:
    """Each organisation's own wording: pairs of distinct openings, so no two posts are alike."""
    from tests.support.social import distinct_texts

    openings = [text.split(".")[0] for text in distinct_texts()]
    pairs = [(a, b) for a in openings for b in openings if a != b]
    return [f"{a}. {b}. {{{{ hashtag }}}}" for a, b in pairs[:: len(pairs) // ACCOUNTS][:ACCOUNTS]]


def figures() -> list[Figure]:
    from tests.support.social import Coalition, invoke_publish, organiser_token

    from lobbykit.adapters.social.recording import RecordingPublisher

    original = RecordingPublisher.post

    def slow_post(self: RecordingPublisher, text: str, key: str) -> Any:
        time.sleep(LATENCY)  # the network's answer takes this long
        return original(self, text, key)

    with in_process_stack():
        import os

        coalition = Coalition(None, os.environ["LOBBYKIT_SOCIAL_TABLE"], organiser_token())  # type: ignore[arg-type]
        for n in range(ACCOUNTS):
            answer = coalition.recording_account(f"org-{n:03d}")
            assert answer.status == 201, answer.body
        posts = [{"account": f"org-{n:03d}", "text": text} for n, text in enumerate(texts())]
        scheduled = coalition.schedule(posts)
        assert scheduled.status == 201, scheduled.body
        RecordingPublisher.post = slow_post  # type: ignore[method-assign]
        try:
            result = invoke_publish(
                {"campaign": "send-in-the-specialists", "moment_id": scheduled.json()["moment_id"]}
            )
        finally:
            RecordingPublisher.post = original  # type: ignore[method-assign]
    assert len(result["posted"]) == ACCOUNTS, result
    spread, sequential = float(result["spread_seconds"]), ACCOUNTS * LATENCY
    return [
        Figure(
            f"6. moment spread, {ACCOUNTS} accounts at {LATENCY * 1000:.0f} ms a post",
            f"{spread:.2f} s",
            f"{sequential:.1f} s (sequential)",
            spread / sequential,
            f"≤ {TARGET:.0f} s",
            spread <= TARGET,
        )
    ]
