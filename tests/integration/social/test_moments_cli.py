"""``lobbykit moments``: a whole moment from a YAML file, then list, show and cancel."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from lobbykit.cli import main
from tests.support.social import CAMPAIGN, Coalition, distinct_texts, schedules


def test_given_a_moment_file_for_many_accounts_when_scheduled_then_a_progress_bar_shows_and_it_can_be_managed(
    coalition: Coalition,
    social_environment: dict[str, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    names = [f"recorder-{i:02d}" for i in range(12)]
    for name in names:
        assert coalition.recording_account(name, organisation=name.upper()).status == 201
    at = (datetime.now(UTC) + timedelta(hours=1)).replace(microsecond=0)
    posts = "".join(
        f'  - account: {name}\n    text: "{{{{ organisation }}}}: {text}"\n'
        for name, text in zip(names, distinct_texts(), strict=False)
    )
    moment_file = tmp_path / "moment.yaml"
    moment_file.write_text(f"campaign: {CAMPAIGN}\nat: {at.isoformat()}\nposts:\n{posts}", encoding="utf-8")
    capsys.readouterr()

    assert main(["moments", "schedule", str(moment_file)]) == 0
    out, err = capsys.readouterr()
    moment_id = json.loads(out)["moment_id"]
    assert "Saving 12 posts [" in err
    assert err.rstrip().endswith("] 12/12")
    assert [s["Name"] for s in schedules(social_environment["LOBBYKIT_SCHEDULE_GROUP"])] == [moment_id]

    assert main(["moments", "list", CAMPAIGN]) == 0
    assert (
        capsys.readouterr().out
        == f"{moment_id}\t{at.isoformat()}\tscheduled\t0 posted, 0 failed, 12 scheduled\n"
    )

    assert main(["moments", "show", CAMPAIGN, moment_id]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [p["account"] for p in shown["posts"]] == names
    assert shown["posts"][0]["text"].startswith("RECORDER-00: ")

    assert main(["moments", "cancel", CAMPAIGN, moment_id]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "cancelled"
    assert schedules(social_environment["LOBBYKIT_SCHEDULE_GROUP"]) == []


def test_a_refused_moment_file_prints_the_reason_and_fails(
    coalition: Coalition, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    moment_file = tmp_path / "moment.json"
    moment_file.write_text(
        json.dumps(
            {
                "campaign": CAMPAIGN,
                "at": "2020-01-01T09:00:00+00:00",
                "posts": [{"account": "a", "text": "b"}],
            }
        ),
        encoding="utf-8",
    )
    assert main(["moments", "schedule", str(moment_file)]) == 1
    assert json.loads(capsys.readouterr().err)["error"] == "time_too_soon"
    assert main(["moments", "show", "no-such-campaign", "abc"]) == 1
    assert json.loads(capsys.readouterr().err)["error"] == "unknown_campaign"
