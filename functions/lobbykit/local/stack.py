"""The whole product in one process, with no Docker and no AWS account: ``make run``.

Start-up, in order: embedded AWS (moto); the template's tables, secrets, queues, schedule groups
and SES configuration set; every function's environment from the template, then the local URLs
and the developer's own settings (``config.DEVELOPER_SETTINGS``); the Members API stub with
``offline``; each campaign's sender verified in SES; the organiser token's digest stored as
``lobbykit tokens create --role admin`` stores one; the scheduler loop; the HTTP front door (with
``POST /_dev/ses/events`` playing SES's events through EventBridge). ``stop`` undoes all of it, the
process environment included, so tests can start one in-process.
"""

import os
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import boto3

from lobbykit import config
from lobbykit.application import wiring
from lobbykit.domain.organisers import Role, new_token, store_token
from lobbykit.domain.social.accounts import parse_registration, register_account
from lobbykit.local import cloudformation, ses
from lobbykit.local.aws import embedded_aws
from lobbykit.local.dev_routes import DEV_ROUTES, outbox
from lobbykit.local.environment import restored_afterwards
from lobbykit.local.frontdoor import FrontDoor
from lobbykit.local.functions import LocalFunctions
from lobbykit.local.members_stub import MembersApiStub
from lobbykit.local.periodic import PeriodicInvoker, rate_schedules
from lobbykit.local.scheduler import Scheduler
from lobbykit.local.ses_events import MAIL_EVENTS_FUNCTION, ses_events_route

ORGANISER_TOKEN_NAME = "local"  # noqa: S105 - whose token it is, not the token
API_FUNCTION = "ApiFunction"
PREFIX = "local"
RECORDING_ACCOUNTS = ("recorder-a", "recorder-b")


class LocalStack:
    def __init__(
        self,
        port: int | None = None,
        offline: bool = False,
        template: Path | None = None,
    ) -> None:
        """``port`` None means ``PORT`` (default 3000); 0 means any free port (see ``url``)."""
        self._port = port
        self.offline = offline
        self._template = template
        self._exit = ExitStack()
        self.url = ""
        self.token = ""
        self.members_api_url = ""
        self.members_stub: MembersApiStub | None = None
        """The bundled Members API stub when ``offline`` (tests program its faults), else None."""

    def start(self) -> Self:
        try:
            self._start(config.local_settings())
        except BaseException:
            self._exit.close()
            raise
        return self

    def stop(self) -> None:
        self._exit.close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()

    def outbox(self) -> list[dict[str, Any]]:
        """What ``GET /_dev/outbox`` answers: every email sent so far."""
        return outbox()

    def _start(self, settings: config.LocalSettings) -> None:
        self._exit.callback(wiring.reset)
        self._exit.enter_context(restored_afterwards())
        self._exit.enter_context(embedded_aws())
        template = cloudformation.load_template(self._template or cloudformation.TEMPLATE)
        functions = LocalFunctions(template, cloudformation.provision(template, prefix=PREFIX))
        api = functions.arn(API_FUNCTION)
        port = settings.port if self._port is None else self._port
        mail_events = functions.arn(MAIL_EVENTS_FUNCTION)
        posts = {"/_dev/ses/events": ses_events_route(lambda event: functions.invoke(mail_events, event))}
        door = FrontDoor(lambda event: functions.invoke(api, event), DEV_ROUTES, port=port, dev_posts=posts)
        self._exit.callback(door.stop)
        self.url = door.url

        local = config.LOCAL_STACK_SETTINGS | {"LOBBYKIT_PUBLIC_URL": self.url}
        environment = functions.environment() | local | settings.chosen
        if self.offline:
            environment["LOBBYKIT_MEMBERS_API_URL"] = self._members_stub_url()
        os.environ.update(environment)
        wiring.reset()
        self.members_api_url = config.settings().members_api_url

        ses.verify_senders(boto3.client("sesv2"), ses.campaign_senders(wiring.campaigns()))
        self.token = self._store_organiser_token(settings.organiser_token)
        self._register_recording_accounts()
        scheduler = Scheduler(boto3.client("scheduler"), boto3.client("sqs"), functions.invoke)
        scheduler.start()
        self._exit.callback(scheduler.stop)
        periodic = PeriodicInvoker(
            rate_schedules(template), lambda name: functions.invoke(functions.arn(name), {})
        )
        periodic.start()
        self._exit.callback(periodic.stop)
        door.start()

    def _members_stub_url(self) -> str:
        self.members_stub = self._exit.enter_context(MembersApiStub())
        self._exit.callback(setattr, self, "members_stub", None)
        return self.members_stub.url

    @staticmethod
    def _register_recording_accounts() -> None:
        """``recorder-a`` and ``recorder-b``: accounts that post nowhere, shown at ``/_dev/posts``."""
        for name in RECORDING_ACCOUNTS:
            registration = parse_registration(name, "recording", {}, None, None)
            register_account(
                registration, wiring.social_networks(), wiring.account_store(), datetime.now(UTC)
            )

    @staticmethod
    def _store_organiser_token(chosen: str | None) -> str:
        """An admin token (the developer may do everything), valid for the default 90 days."""
        token = chosen or new_token()
        store_token(wiring.token_store(), ORGANISER_TOKEN_NAME, token, Role.ADMIN, datetime.now(UTC))
        return token
