"""``lobbykit serve``: the local stack in the foreground until Ctrl-C (SIGINT) or SIGTERM.

The start-up banner (URL, organiser token) is the command's output and goes to stdout; logs, one
JSON line each, go to stderr. A signal stops the scheduler, the HTTP server and the stub, and the
command exits 0 without a traceback.
"""

import signal
import sys
import threading
from types import FrameType

from aws_lambda_powertools import Logger

from lobbykit.local.stack import LocalStack


def serve(port: int | None, offline: bool) -> int:
    Logger(service="lobbykit", stream=sys.stderr)  # the parent every module's child logger uses
    stopping = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, stop)
    try:
        stack = LocalStack(port=port, offline=offline).start()
    except OSError as error:
        sys.stderr.write(f"The local stack could not start: {error}. Is the port in use? Try --port.\n")
        return 1
    try:
        sys.stdout.write(banner(stack))
        sys.stdout.flush()
        while not stopping.wait(0.5):
            pass
    finally:
        stack.stop()
    sys.stderr.write("Stopped.\n")
    return 0


def banner(stack: LocalStack) -> str:
    members = f"{stack.members_api_url} (bundled sample data)" if stack.offline else stack.members_api_url
    return (
        f"lobbykit is running at {stack.url}\n"
        f"  Organiser token:  {stack.token}\n"
        "  Its role:         admin (every organiser route), for 90 days\n"
        f"  Emails sent:      {stack.url}/_dev/outbox\n"
        f"  Members API:      {members}\n"
        "Embedded AWS (moto): nothing reaches a real AWS account. Press Ctrl-C to stop.\n"
    )
