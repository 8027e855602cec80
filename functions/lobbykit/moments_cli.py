"""``lobbykit moments``: schedule a whole moment from a file, list, show and cancel moments.

Calls the domain directly with AWS clients (like ``lobbykit tokens``), so it needs the same
environment as the API function (``LOBBYKIT_SOCIAL_TABLE`` and the scheduler settings: the
stack's outputs name each one). A moment file is JSON, or YAML when PyYAML is installed::

    campaign: send-in-the-specialists
    at: "2026-03-05T09:00:00+00:00"
    posts:
      - account: rcslt-x
        text: "{{ organisation }} backs {{ hashtag }}: {{ stat }}. {{ campaign_url }}"
        variables: {stat: "1.4 million children need help with talking"}
"""

import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from lobbykit.application import wiring
from lobbykit.application.errors import error_body
from lobbykit.application.moments import campaign_named, plan, present_moment, present_summary
from lobbykit.domain.errors import InvalidInput, LobbykitError
from lobbykit.domain.social.moments import cancel_moment, find_moment, schedule_moment

MANY = 10  # from this many posts on, scheduling shows a progress bar
BAR_WIDTH = 30


class ProgressBar:
    """``[#####.....] 12/20 posts saved`` on stderr, redrawn in place."""

    def __init__(self, stream: TextIO, label: str) -> None:
        self._stream = stream
        self._label = label

    def __call__(self, done: int, total: int) -> None:
        filled = BAR_WIDTH * done // max(total, 1)
        self._stream.write(f"\r{self._label} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total}")
        if done >= total:
            self._stream.write("\n")
        self._stream.flush()


def run(action: str, campaign: str, moment_id: str, file: str) -> int:
    try:
        answer = _do(action, campaign, moment_id, file)
    except LobbykitError as error:
        sys.stderr.write(json.dumps(error_body(error), ensure_ascii=False) + "\n")
        return 1
    if isinstance(answer, str):
        sys.stdout.write(answer)
    else:
        sys.stdout.write(json.dumps(answer, indent=2, ensure_ascii=False) + "\n")
    return 0


def _do(action: str, campaign: str, moment_id: str, file: str) -> Any:
    now = datetime.now(UTC)
    if action == "schedule":
        return _schedule(Path(file))
    campaign_named(campaign)
    store = wiring.moment_store()
    if action == "list":
        rows = [present_summary(moment, now) for moment in store.list(campaign)]
        return "".join(
            f"{r['moment_id']}\t{r['at']}\t{r['status']}\t"
            f"{r['posted']} posted, {r['failed']} failed, {r['scheduled']} scheduled\n"
            for r in rows
        )
    if action == "show":
        return present_moment(find_moment(store, campaign, moment_id), now)
    return present_moment(cancel_moment(store, wiring.scheduler(), campaign, moment_id), now)


def _schedule(path: Path) -> dict[str, Any]:
    document = _read(path)
    campaign = campaign_named(str(document.pop("campaign", "")))
    organiser = f"cli:{os.environ.get('USER', 'organiser')}"
    moment = plan(campaign, document, wiring.account_store(), organiser)
    bar = ProgressBar(sys.stderr, f"Saving {len(moment.posts)} posts") if len(moment.posts) >= MANY else None
    schedule_moment(moment, wiring.moment_store(), wiring.scheduler(), bar)
    return {"moment_id": moment.moment_id, "status": moment.progress(), "at": moment.at.isoformat()}


def _read(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InvalidInput(f"Could not read {path}: {error.strerror}.", field="file") from None
    if path.suffix.lower() in {".yaml", ".yml"}:
        try:
            import yaml  # noqa: PLC0415 - optional: JSON needs no PyYAML
        except ImportError:
            raise InvalidInput(
                "Reading YAML needs PyYAML (pip install PyYAML); or give the moment as JSON."
            ) from None
        try:
            document = yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise InvalidInput(f"{path} is not valid YAML: {error}", code="malformed_file") from None
    else:
        try:
            document = json.loads(text)
        except ValueError as error:
            raise InvalidInput(f"{path} is not valid JSON: {error}", code="malformed_file") from None
    if not isinstance(document, dict) or "campaign" not in document:
        raise InvalidInput(f"{path} must hold campaign, at and posts (see lobbykit moments --help).")
    return {
        key: value.isoformat() if isinstance(value, datetime) else value for key, value in document.items()
    }
