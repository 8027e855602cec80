"""Rendering a campaign's letter for one supporter and one MP.

Subject and plain text are rendered without escaping (they are not HTML); the HTML part with
autoescape, so nothing a supporter types can add markup. Undefined variables are errors, so a
broken campaign template fails loudly in tests rather than sending "Dear ,".
"""

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from lobbykit.domain.campaigns import Campaign
from lobbykit.domain.members import Constituency, MemberOfParliament
from lobbykit.domain.postcode import Postcode
from lobbykit.domain.submission import Submission


@dataclass(frozen=True, slots=True)
class Letter:
    subject: str
    text: str
    html: str


def letter_context(
    campaign: Campaign,
    submission: Submission,
    mp: MemberOfParliament,
    constituency: Constituency,
    today: date,
) -> dict[str, Any]:
    return {
        "campaign": {"title": campaign.title, "hashtag": campaign.hashtag, "organiser": campaign.organiser},
        "mp": {"name": mp.name, "party": mp.party, "constituency": constituency.name},
        "supporter": {
            "name": submission.name,
            "first_name": submission.first_name,
            "address": submission.address,
            "address_lines": submission.address.split("\n"),
            "postcode": str(submission.postcode),
        },
        "message": submission.message,
        "message_paragraphs": [p.strip() for p in submission.message.split("\n\n") if p.strip()],
        "date": f"{today.day} {today:%B %Y}",
    }


def render_letter(campaign: Campaign, context: dict[str, Any]) -> Letter:
    text_env, html_env = _environments()
    subject = " ".join(text_env.from_string(campaign.letter.subject).render(context).split())
    return Letter(
        subject=subject,
        text=text_env.from_string(campaign.letter.text).render(context).strip() + "\n",
        html=html_env.from_string(campaign.letter.html).render(context).strip() + "\n",
    )


SLOT = "\u2063own-words\u2063"
PLACEHOLDER_NAME = "[Your name]"
PLACEHOLDER_ADDRESS = "[Your address]"


def letter_around_slot(
    campaign: Campaign, mp: MemberOfParliament, constituency: Constituency, postcode: Postcode, today: date
) -> tuple[str, str, str]:
    """Subject, and the letter's HTML split where the supporter's own words go, before they type any.

    Rendered with a marker paragraph standing for their words and placeholders for their name and
    address, then cut at the marker: the page shows the real letter around the text box.
    """
    placeholder = Submission(PLACEHOLDER_NAME, "", postcode, PLACEHOLDER_ADDRESS, SLOT, consent_updates=False)
    letter = render_letter(campaign, letter_context(campaign, placeholder, mp, constituency, today))
    before, _, after = letter.html.partition(f"<p>{SLOT}</p>")
    return letter.subject, before.strip(), after.strip()


def render_thank_you(campaign: Campaign, context: dict[str, Any]) -> str:
    text_env, _ = _environments()
    rendered: str = text_env.from_string(campaign.letter.thank_you).render(context)
    return rendered.strip()


@cache
def _environments() -> tuple[Any, Any]:
    """Built on first use: jinja2 costs a cold start only on routes that render letters."""
    from jinja2 import StrictUndefined  # noqa: PLC0415 - cold start, as said above
    from jinja2.sandbox import SandboxedEnvironment  # noqa: PLC0415

    text = SandboxedEnvironment(
        autoescape=False, undefined=StrictUndefined, keep_trailing_newline=True
    )  # plain text, never HTML
    html = SandboxedEnvironment(
        autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True
    )
    return text, html
