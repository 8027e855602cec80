"""The ``lobbykit`` command for organisers and developers."""

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from lobbykit.domain.errors import LobbykitError
from lobbykit.domain.organisers import Role

if TYPE_CHECKING:
    from datetime import datetime

    from lobbykit.domain.organisers import OrganiserToken


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="lobbykit", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    lookup = commands.add_parser("lookup", help="find the MP for a postcode (prints JSON)")
    lookup.add_argument("postcode", help='a UK postcode, e.g. "SW1A 2AA"')
    stub = commands.add_parser(
        "members-stub", help="serve the bundled sample Members API data locally (for offline use)"
    )
    stub.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: any free port)")
    serve = commands.add_parser(
        "serve", help="serve the whole product locally with embedded AWS (what `make run` runs)"
    )
    serve.add_argument("--port", type=int, help="port on 127.0.0.1 (default: $PORT, else 3000; 0: any)")
    serve.add_argument(
        "--offline", action="store_true", help="answer MP lookups from bundled sample data, not Parliament"
    )
    _add_tokens(commands)
    erase = commands.add_parser("erase", help="erase a supporter's letters and details (UK GDPR request)")
    erase.add_argument("--email", required=True, help="the supporter's email address")
    _add_moments(commands)
    metrics = commands.add_parser(
        "metrics", help="a campaign's numbers as tables (reads the table named by LOBBYKIT_METRICS_TABLE)"
    )
    metrics.add_argument("campaign", help="the campaign's slug, e.g. send-in-the-specialists")
    args = parser.parse_args(argv)
    if args.command == "serve":
        return _serve(args.port, args.offline)
    _quiet_logs()
    if args.command == "members-stub":
        return _members_stub(args.port)
    if args.command == "erase":
        return _erase(args.email)
    if args.command == "tokens":
        return _tokens(args)
    if args.command == "moments":
        from lobbykit import moments_cli

        return moments_cli.run(
            args.action,
            getattr(args, "campaign", ""),
            getattr(args, "moment_id", ""),
            getattr(args, "file", ""),
        )
    return _metrics(args.campaign) if args.command == "metrics" else _lookup(args.postcode)


def _add_tokens(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    tokens = commands.add_parser("tokens", help="create, list and revoke organiser tokens")
    token_commands = tokens.add_subparsers(dest="action", required=True)
    token_commands.add_parser("list", help="who holds a token, its role and when it expires")
    create = token_commands.add_parser("create", help="create (or replace) a named token; it is shown once")
    create.add_argument("name", help="whose token, e.g. 'alice'")
    create.add_argument(
        "--role",
        choices=[role.value for role in Role],
        default=Role.VIEWER.value,
        help="viewer: metrics and impact (the default); organiser: also moments, social accounts and "
        "member approvals; admin: also erasing supporters",
    )
    create.add_argument(
        "--expires-in",
        default="90d",
        metavar="DURATION",
        help="how long it works, in days or hours, e.g. 30d or 12h (default: 90d)",
    )
    revoke = token_commands.add_parser("revoke", help="revoke one (its page sessions end too)")
    revoke.add_argument("name", help="whose token, e.g. 'alice'")


def _add_moments(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    moments = commands.add_parser(
        "moments",
        help="schedule, list, show and cancel social moments",
        description="Social moments: every coalition account posts its own words at one instant.",
    )
    actions = moments.add_subparsers(dest="action", required=True)
    actions.add_parser(
        "schedule", help="schedule a moment from a JSON or YAML file (campaign, at, posts)"
    ).add_argument("file", help="e.g. moment.yaml")
    actions.add_parser("list", help="a campaign's moments").add_argument("campaign")
    for action, text in (
        ("show", "one moment and each post's result"),
        ("cancel", "cancel what is not posted yet"),
    ):
        chosen = actions.add_parser(action, help=text)
        chosen.add_argument("campaign", help="e.g. send-in-the-specialists")
        chosen.add_argument("moment_id")


def _quiet_logs() -> None:
    """Operational JSON logs are for CloudWatch; a person at a terminal gets the answer only.

    Set before any module with a logger is imported: powertools' child loggers take their level
    from the environment when they are created.
    """
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "CRITICAL")


def _lookup(postcode: str) -> int:
    from lobbykit.application import wiring
    from lobbykit.application.errors import error_body
    from lobbykit.application.lookup import find_mp, present_lookup

    try:
        answer = present_lookup(find_mp(postcode, wiring.members_directory()))
    except LobbykitError as error:
        sys.stderr.write(json.dumps(error_body(error), ensure_ascii=False) + "\n")
        return 1
    sys.stdout.write(json.dumps(answer, indent=2, ensure_ascii=False) + "\n")
    return 0


def _tokens(args: argparse.Namespace) -> int:
    """Organiser tokens in the Secrets Manager secret named by LOBBYKIT_ORGANISER_TOKENS_SECRET."""
    from datetime import UTC, datetime

    from lobbykit.application import wiring
    from lobbykit.config import ConfigurationError
    from lobbykit.domain.organisers import create_token, parse_lifetime, revoke_token

    try:
        store = wiring.token_store()
    except ConfigurationError as error:
        sys.stderr.write(
            f"{error}.\nIn AWS, set it to the stack's OrganiserTokensSecretArn output. The local stack "
            "(make run) keeps its tokens inside its own process: there an admin makes tokens with "
            "POST /api/tokens and the printed token.\n"
        )
        return 2
    now = datetime.now(UTC)
    if args.action == "create":
        try:
            lifetime = parse_lifetime(args.expires_in)
            secret = create_token(store, args.name, Role(args.role), now, lifetime)
        except ValueError as error:
            sys.stderr.write(f"{error}\n")
            return 2
        expires = (now + lifetime).isoformat(timespec="minutes")
        sys.stderr.write(
            f"{args.role.capitalize()} token for {args.name}, until {expires} (shown once; keep it safe):\n"
        )
        sys.stdout.write(secret + "\n")
    elif args.action == "revoke":
        if not revoke_token(store, args.name):
            sys.stderr.write(f"No token named {args.name!r}.\n")
            return 1
        sys.stderr.write(f"Revoked the token of {args.name}; its page sessions end with it.\n")
    else:
        for held in store.tokens():
            sys.stdout.write(token_line(held, now) + "\n")
    return 0


def token_line(held: "OrganiserToken", now: "datetime") -> str:
    """``name  role  expires ...  created ...``, tab-separated; a token that no longer works says so."""
    status = held.status(now)
    if held.role is None or held.expires_at is None:
        return f"{held.name}\t-\t{status}: made before roles, create a new one\tcreated {held.created_at}"
    ended = f" ({status})" if status != "active" else ""
    expires = held.expires_at.isoformat(timespec="minutes")
    return f"{held.name}\t{held.role}\texpires {expires}{ended}\tcreated {held.created_at}"


def _erase(email: str) -> int:
    from lobbykit.application import wiring
    from lobbykit.application.erasure import erase_supporter, erasure_summary
    from lobbykit.application.errors import error_body

    try:
        erased = erase_supporter(wiring.action_store(), email)
    except LobbykitError as error:
        sys.stderr.write(json.dumps(error_body(error), ensure_ascii=False) + "\n")
        return 1
    for action in erased:
        sys.stdout.write(f"{action.created_at}\t{action.campaign}\t{action.status}\tto {action.mp}\n")
    sys.stdout.write(erasure_summary(len(erased)) + "\n")
    return 0


def _serve(port: int | None, offline: bool) -> int:
    """Logs stay on (to stderr): a developer watching the local stack wants to see requests."""
    from lobbykit.config import ConfigurationError
    from lobbykit.local.serve import serve

    try:
        return serve(port, offline)
    except ConfigurationError as error:
        sys.stderr.write(f"{error}\n")
        return 2


def _metrics(campaign: str) -> int:
    """The same numbers as the organiser page and ``GET /api/campaigns/{campaign}/metrics``."""
    from lobbykit.application import wiring
    from lobbykit.application.errors import error_body
    from lobbykit.application.metrics import metrics_text
    from lobbykit.config import ConfigurationError

    try:
        numbers = wiring.metrics().of(campaign)
        title = wiring.campaigns().get(campaign).title
    except LobbykitError as error:
        sys.stderr.write(json.dumps(error_body(error), ensure_ascii=False) + "\n")
        return 1
    except ConfigurationError as error:
        sys.stderr.write(f"{error}\n")
        return 2
    sys.stdout.write(metrics_text(numbers, title))
    return 0


def _members_stub(port: int) -> int:
    import threading

    from lobbykit.local.members_stub import MembersApiStub

    with MembersApiStub(port=port) as stub:
        sys.stderr.write(
            f"Sample Members API at {stub.url} (Ctrl-C to stop). Try:\n"
            f"  LOBBYKIT_MEMBERS_API_URL={stub.url} lobbykit lookup 'IV3 5SS'\n"
        )
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
