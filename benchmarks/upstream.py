"""Figure 3: Members API calls made by 1,000 letters over 100 postcodes in 20 constituencies.

Each letter is previewed (``POST .../preview``), which finds its recipient through the very path a
submission takes (``EAction._recipient``) without writing: 1,000 submissions in moto take many
minutes, as moto copies the whole table for each DynamoDB transaction."""

from benchmarks.report import Figure
from benchmarks.seats import dataset
from benchmarks.stack import client_ip, in_process_stack

SEATS, POSTCODES, SUBMISSIONS = 20, 100, 1_000
AREAS = ("LS", "M", "B", "S", "L")
TARGET = 120  # one search per postcode, one contact per MP


def postcodes() -> list[str]:
    return [f"{area}{district} 1AA" for area in AREAS for district in range(1, POSTCODES // len(AREAS) + 1)]


def figures() -> list[Figure]:
    from tests.support.api import call_api
    from tests.support.e_action import CAMPAIGN, supporter

    codes = postcodes()

    def submissions(first: int, count: int) -> None:
        for n in range(first, first + count):
            body = supporter(email=f"u{n}@example.com", postcode=codes[n % len(codes)])
            answer = call_api("POST", f"/api/campaigns/{CAMPAIGN}/preview", body=body, source_ip=client_ip(n))
            assert answer.status == 200, answer.body

    with in_process_stack(dataset(SEATS, codes)) as stub:
        submissions(0, SUBMISSIONS)
        first = stub.total_calls
        submissions(SUBMISSIONS, SUBMISSIONS // 5)
        repeats = stub.total_calls - first
    return [
        Figure(
            f"3a. Members API calls, {SUBMISSIONS:,} letters / {POSTCODES} postcodes / {SEATS} seats",
            str(first),
            f"{SUBMISSIONS * 2:,} (uncached: 2 a letter)",
            first / (SUBMISSIONS * 2),
            f"≤ {TARGET} calls",
            first <= TARGET,
        ),
        Figure(
            f"3b. Members API calls, {SUBMISSIONS // 5} repeat letters in the cache's lifetime",
            str(repeats),
            f"{SUBMISSIONS // 5 * 2} (uncached)",
            repeats / (SUBMISSIONS // 5 * 2),
            "0 calls",
            repeats == 0,
        ),
    ]
