"""Embedded AWS for the local stack: moto in this process, fake credentials, no way out.

moto answers every call to an AWS endpoint while it runs (an unknown service gets a 404, never
the network). What could still send a call elsewhere (a profile, a configured endpoint URL, a
credentials file or the instance metadata service) is taken out of the environment first, so
nothing reaches a real AWS account even on a machine that has one configured.
"""

import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from moto import mock_aws
from moto.dynamodb.models import DynamoDBBackend
from moto.sesv2.responses import SESV2Response

from lobbykit.local.cloudformation import LOCAL_REGION
from lobbykit.local.environment import restored_afterwards

FAKE_ENVIRONMENT = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",  # moto's fake credentials
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": LOCAL_REGION,
    "AWS_REGION": LOCAL_REGION,
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    "AWS_EC2_METADATA_DISABLED": "true",
}
REDIRECTING = (
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_ENDPOINT_URL",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
)


@contextmanager
def embedded_aws() -> Iterator[None]:
    """Everything boto3 does inside this block goes to moto; the environment is restored after."""
    with restored_afterwards():
        for name in [n for n in os.environ if n in REDIRECTING or n.startswith("AWS_ENDPOINT_URL_")]:
            del os.environ[name]
        os.environ.update(FAKE_ENVIRONMENT)
        with mock_aws(), atomic_dynamodb(), faithful_sesv2():
            yield


@contextmanager
def faithful_sesv2() -> Iterator[None]:
    """Make moto's SESv2 SendEmail mind the configuration set and keep the tags, as SES does.

    moto ignores both: here a configuration set that does not exist refuses the message (SES
    answers NotFoundException), and both are kept on the message moto stores, for the outbox
    (``GET /_dev/outbox``) to show, so that a bounce for it can be written by hand.
    """
    original = SESV2Response.send_email

    def send_email(self: Any) -> str:
        params = json.loads(self.body)
        configuration_set = params.get("ConfigurationSetName")
        if configuration_set is not None:
            self.sesv2_backend.get_configuration_set(configuration_set)  # raises if there is none
        answer: str = original(self)
        message_id = json.loads(answer)["MessageId"]
        sent = self.sesv2_backend.core_backend.sent_messages
        message = next(m for m in reversed(sent) if m.id == message_id)
        message.configuration_set = configuration_set
        message.tags = {tag["Name"]: tag["Value"] for tag in params.get("EmailTags", [])}
        return answer

    SESV2Response.send_email = send_email  # type: ignore[method-assign]
    try:
        yield
    finally:
        SESV2Response.send_email = original  # type: ignore[method-assign]


ATOMIC_OPERATIONS = ("put_item", "update_item", "delete_item", "transact_write_items", "get_item", "query")


@contextmanager
def atomic_dynamodb() -> Iterator[None]:
    """Make moto's DynamoDB apply each request atomically, as DynamoDB does.

    moto checks a condition and then writes without a lock, so two threads can both pass the
    same condition (the publish function claims posts from many threads at once); real DynamoDB
    serialises writes to an item. One lock around each request restores that rule.
    """
    lock = threading.RLock()
    originals = {name: getattr(DynamoDBBackend, name) for name in ATOMIC_OPERATIONS}

    def locked(original: Any) -> Any:
        def atomic(self: Any, *args: Any, **kwargs: Any) -> Any:
            with lock:
                return original(self, *args, **kwargs)

        return atomic

    for name, original in originals.items():
        setattr(DynamoDBBackend, name, locked(original))
    try:
        yield
    finally:
        for name, original in originals.items():
            setattr(DynamoDBBackend, name, original)
