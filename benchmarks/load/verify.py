"""After the spike: from the embedded AWS, nothing lost and nothing sent twice.

Read straight from the stack's DynamoDB table and SES (moto), not through the API: the API is
what is being checked. Every accepted supporter (202) has an action record; every one whose
confirmation answered 200 has exactly one letter to the MP (Reply-To: them) and one copy; one
answered 202 (confirmed, held to send later) at most one letter; nobody has two; the number of
letters equals the number of records marked sent. Records are matched to supporters by action
id: a sent letter's record no longer holds the supporter's email. The stack is the load test's
own, so every record in it is one of ours.
"""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from benchmarks.load.driver import Journey

COPY_PREFIX = "Your letter to "


@dataclass
class Verdict:
    accepted: int = 0
    records: int = 0
    sent_records: int = 0
    letters: int = 0
    copies: int = 0
    confirmed_sent: int = 0
    confirmed_held: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and self.accepted > 0


def verify(journeys: list[Journey], records: list[dict[str, Any]], emails: list[dict[str, Any]]) -> Verdict:
    by_id = Counter(str(r["action_id"]) for r in records)
    status_of = {str(r["action_id"]): r.get("status") for r in records}
    letters = Counter(a for e in emails if not _to_supporter(e) for a in e["reply_to"])
    copies = Counter(
        a for e in emails if _to_supporter(e) and e["subject"].startswith(COPY_PREFIX) for a in e["to"]
    )
    verdict = Verdict(records=len(records), letters=sum(letters.values()), copies=sum(copies.values()))
    verdict.sent_records = sum(1 for r in records if r.get("status") == "sent")
    for journey in journeys:
        if journey.submitted != 202:
            continue
        verdict.accepted += 1
        _check(
            journey,
            by_id[journey.action_id or ""],
            letters[journey.email],
            copies[journey.email],
            status_of,
            verdict,
        )
    doubled = sorted(
        address for address, count in (letters + copies).items() if count > 2 or letters[address] > 1
    )
    if doubled:
        verdict.problems.append(f"{len(doubled)} supporters have a letter or copy twice, e.g. {doubled[0]}")
    if verdict.records != verdict.accepted:
        verdict.problems.append(
            f"{verdict.records} action records for {verdict.accepted} accepted submissions"
        )
    if verdict.letters != verdict.sent_records:
        verdict.problems.append(f"{verdict.letters} letters for {verdict.sent_records} actions marked sent")
    return verdict


def _check(
    journey: Journey, records: int, letters: int, copies: int, status_of: dict[str, Any], verdict: Verdict
) -> None:
    who = journey.email
    if records != 1:
        verdict.problems.append(f"{who}: {records} action records, not 1")
    first = journey.confirmed[0] if journey.confirmed else None
    if first == 200:
        verdict.confirmed_sent += 1
        status = status_of.get(journey.action_id or "")
        if (letters, copies, status) != (1, 1, "sent"):
            verdict.problems.append(f"{who}: confirmed, then {letters} letters, {copies} copies, {status}")
    elif first == 202:
        verdict.confirmed_held += 1
        if letters > 1:
            verdict.problems.append(f"{who}: held, yet {letters} letters")
    elif letters:
        verdict.problems.append(f"{who}: never confirmed, yet {letters} letters")


def _to_supporter(email: dict[str, Any]) -> bool:
    return not email["reply_to"]
