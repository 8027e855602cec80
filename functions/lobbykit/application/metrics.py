"""A campaign's metrics as JSON, as a CSV of constituencies, and as text tables for a terminal.

The API, the organiser page and ``lobbykit metrics`` all present one ``CampaignMetrics`` through
these, so the numbers and their names are the same wherever an organiser reads them. The social
moments' results in it are counted here too (``social_moments``), as organisers see each post.
"""

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lobbykit.domain.metrics import (
    CampaignMetrics,
    ConstituencyCount,
    NetworkResult,
    SocialMoment,
    UndeliveredMp,
)
from lobbykit.domain.seats import SEATS
from lobbykit.domain.social.moments import Moment, Post, PostStatus, count_views

# A cell starting with one of these is a formula to a spreadsheet (CSV injection): it is kept as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_TYPE = "text/csv; charset=utf-8; header=present"
REFUSAL_REASONS = {
    "seat_vacant": "The seat was vacant",
    "mp_is_speaker": "The MP is the Speaker, who stays out of campaigns",
    "mp_has_no_email": "Parliament lists no email address for the MP",
}


@dataclass(frozen=True, slots=True)
class Total:
    label: str
    value: str


def totals(metrics: CampaignMetrics) -> list[Total]:
    """The headline numbers, in the order and words the page and the terminal show them."""
    rate = metrics.confirmation_rate
    return [
        Total("Letters sent to MPs", f"{metrics.sent:,}"),
        Total("Supporters", f"{metrics.supporters:,}"),
        Total("Constituencies reached", f"{metrics.constituencies_reached:,} of {SEATS}"),
        Total("MPs reached", f"{metrics.mps_reached:,} of {SEATS}"),
        Total("Waiting for the writer to confirm", f"{metrics.awaiting_confirmation:,}"),
        Total("Confirmation rate", "No letters yet" if rate is None else f"{rate:.0%}"),
        Total("Confirmed, still being sent", f"{metrics.confirmed:,}"),
        Total("Not sent (our email service refused it)", f"{metrics.failed:,}"),
        Total("Not delivered (the MP's email system refused it)", f"{metrics.not_delivered:,}"),
        Total("Not sent (no MP we could email)", f"{metrics.refused:,}"),
    ]


def present_metrics(metrics: CampaignMetrics) -> dict[str, Any]:
    rate = metrics.confirmation_rate
    return {
        "campaign": metrics.campaign,
        "sent": metrics.sent,
        "awaiting_confirmation": metrics.awaiting_confirmation,
        "confirmed": metrics.confirmed,
        "failed": metrics.failed,
        "not_delivered": metrics.not_delivered,
        "submitted": metrics.submitted,
        "confirmation_rate": None if rate is None else round(rate, 4),
        "supporters": metrics.supporters,
        "constituencies_reached": metrics.constituencies_reached,
        "constituencies_total": SEATS,
        "mps_reached": metrics.mps_reached,
        "mps_total": SEATS,
        "by_constituency": [_constituency(row) for row in metrics.by_constituency],
        "top_constituencies": [_constituency(row) for row in metrics.top_constituencies()],
        "by_day": [{"date": day.day.isoformat(), "sent": day.sent} for day in metrics.by_day],
        "by_party": [{"party": party.party, "sent": party.sent} for party in metrics.by_party],
        "refusals": {
            "total": metrics.refused,
            "by_reason": [{"reason": r.reason, "count": r.count} for r in metrics.refusals],
        },
        "not_delivered_letters": [_undelivered(mp) for mp in metrics.undelivered],
        "social": {"moments": [_moment(moment) for moment in metrics.social]},
    }


def constituencies_csv(metrics: CampaignMetrics) -> str:
    """RFC 4180: a header row, CRLF line ends, quotes only where needed; names kept safe as text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["id", "name", "sent"])
    for row in metrics.by_constituency:
        writer.writerow([row.id, safe_cell(row.name), row.sent])
    return buffer.getvalue()


def csv_filename(campaign: str) -> str:
    return f"{campaign}-by-constituency.csv"


def safe_cell(text: str) -> str:
    """Text a spreadsheet will not run: a leading ``'`` where it would start a formula (OWASP)."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def metrics_text(metrics: CampaignMetrics, title: str) -> str:
    """Readable tables for a terminal: totals, then each breakdown, "None yet." where empty."""
    sections = [
        ("Totals", ["", ""], [[t.label, t.value] for t in totals(metrics)]),
        (
            "Letters sent by day",
            ["Day", "Sent"],
            [[d.day.isoformat(), f"{d.sent:,}"] for d in metrics.by_day],
        ),
        (
            "Letters by constituency",
            ["ID", "Constituency", "Sent"],
            [[str(row.id), row.name, f"{row.sent:,}"] for row in metrics.by_constituency],
        ),
        (
            "Letters by the MP's party",
            ["Party", "Sent"],
            [[p.party, f"{p.sent:,}"] for p in metrics.by_party],
        ),
        (
            "Letters we could not send",
            ["Why", "Letters"],
            [[REFUSAL_REASONS.get(r.reason, r.reason), f"{r.count:,}"] for r in metrics.refusals],
        ),
        (
            "Letters not delivered: the MP's email system refused them",
            ["MP", "Constituency", "Last refused", "Why", "Letters"],
            [
                [m.mp_name, m.constituency_name, m.last_at.date().isoformat(), m.reason, f"{m.letters:,}"]
                for m in metrics.undelivered
            ],
        ),
        (
            "Social moments",
            ["Moment", "Network", "Posted", "Failed", "Waiting"],
            [
                [m.at.isoformat(), n.network, str(n.posted), str(n.failed), str(n.scheduled)]
                for m in metrics.social
                for n in m.networks
            ],
        ),
    ]
    lines = [f"{title} ({metrics.campaign})"]
    for heading, header, rows in sections:
        lines += ["", heading, *(_text_table(header, rows) if rows else ["  None yet."])]
    return "\n".join(lines) + "\n"


def _text_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Columns padded to fit; the last column (a number) right-aligned."""
    table = [list(header), *rows] if any(header) else [list(row) for row in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    return [
        "  "
        + "  ".join(
            cell.rjust(w) if i == len(row) - 1 else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in table
    ]


def _constituency(row: ConstituencyCount) -> dict[str, Any]:
    return {"id": row.id, "name": row.name, "sent": row.sent}


def _undelivered(mp: UndeliveredMp) -> dict[str, Any]:
    return {
        "mp": {"id": mp.mp_id, "name": mp.mp_name},
        "constituency": mp.constituency_name,
        "letters": mp.letters,
        "last_at": mp.last_at.isoformat(),
        "reason": mp.reason,
    }


def _moment(moment: SocialMoment) -> dict[str, Any]:
    return {
        "moment_id": moment.moment_id,
        "at": moment.at.isoformat(),
        "status": moment.status,
        "networks": [
            {"network": n.network, "posted": n.posted, "failed": n.failed, "scheduled": n.scheduled}
            for n in moment.networks
        ],
    }


def social_moments(moments: Iterable[Moment], now: datetime) -> list[SocialMoment]:
    """A campaign's social moments with their results per network, oldest first.

    Counted as organisers see each post (``count_views``: scheduled, posted or failed), from one
    query of the campaign's moments: moments are few (a handful per campaign).
    """
    counted_moments = []
    for moment in sorted(moments, key=lambda m: m.at):
        posts_on: dict[str, list[Post]] = defaultdict(list)
        for post in moment.posts:
            posts_on[post.network.value].append(post)
        networks = tuple(
            _network_result(moment, network, posts, now) for network, posts in sorted(posts_on.items())
        )
        counted_moments.append(SocialMoment(moment.moment_id, moment.at, moment.progress(), networks))
    return counted_moments


def _network_result(moment: Moment, network: str, posts: list[Post], now: datetime) -> NetworkResult:
    counts = count_views(moment, posts, now)
    return NetworkResult(
        network,
        posted=counts[PostStatus.POSTED],
        failed=counts[PostStatus.FAILED],
        scheduled=counts[PostStatus.SCHEDULED],
    )
