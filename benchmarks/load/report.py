"""The numbers of a load run, as docs/operating.md quotes them."""

from collections import Counter, defaultdict

from benchmarks.load.driver import Results
from benchmarks.load.verify import Verdict


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def report(results: Results, verdict: Verdict, users: int) -> str:
    hits = results.hits
    lines = [
        f"{len(hits)} requests from {len(results.journeys)} supporters ({users} at a time) "
        f"in {results.seconds:.1f} s: {len(hits) / max(results.seconds, 1e-9):.1f} requests/s",
        "step      count    p50 ms   p95 ms   p99 ms   statuses",
    ]
    by_step: dict[str, list[float]] = defaultdict(list)
    statuses: dict[str, Counter[int]] = defaultdict(Counter)
    for hit in hits:
        by_step[hit.step].append(hit.seconds * 1000)
        statuses[hit.step][hit.status] += 1
    for step, times in by_step.items():
        codes = ", ".join(f"{code}: {count}" for code, count in sorted(statuses[step].items()))
        lines.append(
            f"{step:<9}{len(times):>6}{percentile(times, 0.5):>10.0f}{percentile(times, 0.95):>9.0f}"
            f"{percentile(times, 0.99):>9.0f}   {codes}"
        )
    errors = Counter(h.status for h in hits if not 200 <= h.status < 300)
    lines.append("errors by status: " + (", ".join(f"{s}: {n}" for s, n in sorted(errors.items())) or "none"))
    lines += [
        f"accepted {verdict.accepted}, action records {verdict.records}, marked sent {verdict.sent_records}",
        f"confirmed and sent {verdict.confirmed_sent}, confirmed and held {verdict.confirmed_held}",
        f"letters to MPs {verdict.letters}, copies to supporters {verdict.copies}",
        "verification: " + ("nothing lost, nothing sent twice" if verdict.ok else "FAILED"),
        *(f"  - {problem}" for problem in verdict.problems[:20]),
    ]
    return "\n".join(lines)
