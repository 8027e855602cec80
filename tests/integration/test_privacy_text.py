"""What the action page tells a supporter about their details: what goes where, and for how long."""

import html
from pathlib import Path

import pytest

from lobbykit.adapters.campaign_files import CampaignFiles
from lobbykit.application import wiring
from lobbykit.config import ConfigurationError
from tests.support.api import call_api
from tests.support.e_action import CAMPAIGN, campaign_with

pytestmark = pytest.mark.usefixtures("api_environment")


def letter_form() -> str:
    page = call_api("GET", f"/c/{CAMPAIGN}", query="postcode=CF10+1EP")
    assert page.status == 200
    return html.unescape(page.body)


def test_the_own_words_hint_says_they_go_to_the_mp_and_how_long_we_keep_them() -> None:
    hint = letter_form().split('id="message-hint">', 1)[1].split("</span>", 1)[0]
    assert "These words go to your MP in your letter" in hint
    assert "you do not need to name your child or give medical details" in hint
    assert "We delete them once your letter is sent, or after 8 weeks if it is never sent." in hint


def test_the_privacy_text_says_what_is_kept_where_for_how_long_and_in_backups() -> None:
    page = letter_form()
    assert "on Amazon Web Services' computers in London only until your letter is sent" in page
    assert "for 8 weeks, a scrambled code made from your email address" in page
    assert "A letter you never confirm is deleted after 8 weeks." in page
    assert "Our database backups keep deleted details for 7 more days" in page


def test_the_backup_period_is_the_deployments_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOBBYKIT_BACKUP_DAYS", "21")
    wiring.reset()
    assert "Our database backups keep deleted details for 21 more days" in letter_form()


def test_a_campaigns_retention_is_said_in_its_own_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    short = campaign_with(tmp_path, monkeypatch, "short", retention_days=30)
    page = html.unescape(call_api("GET", f"/c/{short}", query="postcode=CF10+1EP").body)
    assert "A letter you never confirm is deleted after 30 days." in page
    assert "or after 30 days if it is never sent" in page


@pytest.mark.parametrize(
    "processing",
    [
        "We delete your details after {kept_for}.",  # backups unsaid
        "Backups keep them for {backup_days} days.",  # the retention unsaid
        "Kept for {kept_for}, backups {backup_days} days, and {something} else.",
        "Kept for {kept_for}, backups {backup_days} days {",
    ],
)
def test_a_campaign_whose_privacy_text_leaves_a_period_unsaid_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, processing: str
) -> None:
    campaign_with(tmp_path, monkeypatch, "unsaid")
    settings = tmp_path / "campaigns" / "unsaid" / "campaign.toml"
    text = settings.read_text()
    start = text.index('processing = """')
    end = text.index('"""', start + len('processing = """')) + 3
    settings.write_text(text[:start] + f"processing = {processing!r}" + text[end:])
    with pytest.raises(ConfigurationError, match="backup_days"):
        CampaignFiles(tmp_path / "campaigns").get("unsaid")
