"""Starting and stopping the local stack in-process leaves the process as it found it."""

import os
import socket

import pytest

from lobbykit.local.stack import LocalStack


def test_stopping_restores_the_environment_and_frees_the_port(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_PROFILE", "someone")
    monkeypatch.delenv("LOBBYKIT_ORGANISER_TOKEN", raising=False)
    before = dict(os.environ)
    with LocalStack(port=0, offline=True) as stack:
        assert stack.token.startswith("lk_")
        assert os.environ["LOBBYKIT_CACHE_TABLE"] == "local-CacheTable"
        port = int(stack.url.rsplit(":", 1)[1])
    assert dict(os.environ) == before
    with socket.create_server(("127.0.0.1", port)):
        pass


def test_a_port_in_use_fails_the_start_and_undoes_it(monkeypatch: pytest.MonkeyPatch) -> None:
    before = dict(os.environ)
    with socket.create_server(("127.0.0.1", 0)) as taken, pytest.raises(OSError, match="in use"):
        LocalStack(port=taken.getsockname()[1], offline=True).start()
    assert dict(os.environ) == before
    with LocalStack(port=0, offline=True):  # moto was stopped, so provisioning starts afresh
        pass


def test_the_port_comes_from_port_when_not_given(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.create_server(("127.0.0.1", 0)) as free:
        port = free.getsockname()[1]
    monkeypatch.setenv("PORT", str(port))
    with LocalStack(offline=True) as stack:
        assert stack.url == f"http://127.0.0.1:{port}"
