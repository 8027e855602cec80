"""The recording network: posts nowhere, records each post in the social table.

For the local stack (``GET /_dev/posts`` shows ``recorded_posts``), demonstrations and tests.
It behaves as X would where that matters: the same moment cannot post twice for one account
(the item's key is the post's idempotency key, written only if absent) and the length limit is
X's. Records expire after 30 days.
"""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from botocore.exceptions import ClientError

from lobbykit.adapters.dynamo_items import query_all, to_item
from lobbykit.adapters.social.aws import error_code
from lobbykit.domain.social.accounts import Account, Identity
from lobbykit.domain.social.errors import DuplicateContent
from lobbykit.domain.social.publishing import Receipt

PARTITION = "RECORDED"
KEPT_FOR = timedelta(days=30)


def verify(handle: str) -> Identity:
    return Identity(handle=handle)


class RecordingPublisher:
    def __init__(
        self,
        account: Account,
        client: Any,
        table: str,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._account = account
        self._client = client
        self._table = table
        self._clock = clock

    def post(self, text: str, key: str) -> Receipt:
        now = self._clock()
        remote_id = uuid.uuid4().hex
        try:
            self._client.put_item(
                TableName=self._table,
                Item=to_item(
                    {
                        "pk": PARTITION,
                        "sk": key,
                        "account": self._account.name,
                        "text": text,
                        "posted_at": now.isoformat(),
                        "remote_id": remote_id,
                        "expires_at": int((now + KEPT_FOR).timestamp()),
                    }
                ),
                ConditionExpression="attribute_not_exists(sk)",
            )
        except ClientError as error:
            if error_code(error) == "ConditionalCheckFailedException":
                raise DuplicateContent("The recording network already holds this post.") from error
            raise
        return Receipt(remote_id, None)


def recorded_posts(dynamodb: Any, table: str) -> list[dict[str, str]]:
    """Every post recording accounts made, oldest first: ``[{"account", "text", "posted_at"}]``.

    The local stack serves this at ``GET /_dev/posts``; ``dynamodb`` is a boto3 DynamoDB client
    and ``table`` the social table's name (``LOBBYKIT_SOCIAL_TABLE``).
    """
    items = query_all(
        dynamodb,
        TableName=table,
        KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues=to_item({":pk": PARTITION}),
        ConsistentRead=True,
    )
    posts = [
        {"account": str(i["account"]), "text": str(i["text"]), "posted_at": str(i["posted_at"])}
        for i in items
    ]
    return sorted(posts, key=lambda post: post["posted_at"])
