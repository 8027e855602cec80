"""The ``lobbykit`` command for organisers and developers."""

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Sequence

from lobbykit.domain.errors import LobbykitError


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="lobbykit", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    lookup = commands.add_parser("lookup", help="find the MP for a postcode (prints JSON)")
    lookup.add_argument("postcode", help='a UK postcode, e.g. "SW1A 2AA"')
    stub = commands.add_parser(
        "members-stub", help="serve the bundled sample Members API data locally (for offline use)"
    )
    stub.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: any free port)")
    args = parser.parse_args(argv)
    _quiet_logs()
    if args.command == "members-stub":
        return _members_stub(args.port)
    return _lookup(args.postcode)


def _quiet_logs() -> None:
    """Operational JSON logs are for CloudWatch; a person at a terminal gets the answer only.

    Set before any module with a logger is imported: powertools' child loggers take their level
    from the environment when they are created.
    """
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "CRITICAL")


def _lookup(postcode: str) -> int:
    from lobbykit.domain.lookup import find_mp
    from lobbykit.handlers import services
    from lobbykit.handlers.errors import error_body
    from lobbykit.handlers.mp import present_lookup

    try:
        answer = present_lookup(find_mp(postcode, services.members_directory()))
    except LobbykitError as error:
        sys.stderr.write(json.dumps(error_body(error), ensure_ascii=False) + "\n")
        return 1
    sys.stdout.write(json.dumps(answer, indent=2, ensure_ascii=False) + "\n")
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
