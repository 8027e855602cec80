"""``lobbykit serve`` as a developer runs it: a fresh process, stopped with Ctrl-C or SIGTERM."""

import os
import re
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.http import request

LOBBYKIT = Path(sys.executable).parent / "lobbykit"
BANNER_URL = re.compile(r"running at (http://127\.0\.0\.1:\d+)")
TOKEN = re.compile(r"Organiser token:\s+(lk_\S+)")


class Served:
    def __init__(self, process: subprocess.Popen[str], banner: str) -> None:
        self.process = process
        self.banner = banner
        url = BANNER_URL.search(banner)
        assert url is not None, banner
        self.url = url[1]

    def stop(self, signum: int) -> tuple[int, str]:
        self.process.send_signal(signum)
        _, stderr = self.process.communicate(timeout=30)
        return self.process.returncode, stderr


def start(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    environment = {**os.environ, **(env or {})}
    for chosen in ("LOBBYKIT_ORGANISER_TOKEN", "POWERTOOLS_LOG_LEVEL"):  # the developer's would win
        environment.pop(chosen, None)
    return subprocess.Popen(  # noqa: S603 - our own installed command
        [str(LOBBYKIT), "serve", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
    )


def read_banner(process: subprocess.Popen[str], timeout: float = 60) -> str:
    """The start-up lines, up to the one that says how to stop (read in a thread: a pipe read
    cannot time out)."""
    assert process.stdout is not None
    stdout, lines = process.stdout, []

    def read() -> None:
        for line in stdout:
            lines.append(line)
            if "Ctrl-C" in line:
                return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout)
    if lines and "Ctrl-C" in lines[-1]:
        return "".join(lines)
    process.kill()
    raise AssertionError(f"no banner; stdout: {''.join(lines)!r}; stderr: {process.communicate()[1]!r}")


@pytest.fixture
def served(request: pytest.FixtureRequest) -> Iterator[Served]:
    args, env = request.param
    process = start(*args, env=env)
    running = Served(process, read_banner(process))
    yield running
    if process.poll() is None:
        process.kill()
        process.communicate()


@pytest.mark.parametrize(
    ("served", "signum"),
    [
        ((["--offline", "--port", "0"], None), signal.SIGINT),
        ((["--offline"], {"PORT": "0"}), signal.SIGTERM),
    ],
    indirect=["served"],
    ids=["ctrl-c", "sigterm-with-PORT"],
)
def test_serve_prints_url_and_token_answers_and_stops_cleanly(served: Served, signum: int) -> None:
    token = TOKEN.search(served.banner)
    assert token is not None
    assert f"{served.url}/_dev/outbox" in served.banner

    answer = request(f"{served.url}/api/mp?postcode=IV3%205SS")
    assert answer.status == 200
    assert answer.json()["mp"]["name"] == "Mr Angus MacDonald"
    assert request(f"{served.url}/confirm/{'T0ken' * 8}").status in {404, 410}
    assert request(f"{served.url}/c/send-in-the-specialists").status == 200
    # The printed token is an admin's: it opens the route only an admin may use.
    assert "admin" in served.banner
    erased = request(
        f"{served.url}/api/supporters/erase",
        "POST",
        b'{"email": "nobody@example.com"}',
        {"Authorization": f"Bearer {token[1]}", "Content-Type": "application/json"},
    )
    assert (erased.status, erased.json()["erased"]) == (200, 0)

    returncode, stderr = served.stop(signum)
    assert returncode == 0, stderr
    assert "Traceback" not in stderr
    assert "GET /api/mp 200" in stderr
    assert "IV3" not in stderr
    assert "postcode=" not in stderr
    assert token[1] not in stderr
    assert "T0ken" not in stderr
    assert "/confirm/{token}" in stderr
    assert "/c/send-in-the-specialists 200" in stderr


def test_a_port_in_use_is_explained_with_a_non_zero_exit() -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        process = start("--offline", "--port", str(taken.getsockname()[1]))
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 1
    assert "--port" in stderr
    assert "Traceback" not in stderr


def test_a_malformed_port_is_explained() -> None:
    process = start("--offline", env={"PORT": "three thousand"})
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 2
    assert "PORT must be a port number" in stderr
