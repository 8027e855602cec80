"""Moments and their posts in the social table, and the conditional writes that make posting
exactly-once (see ``lobbykit.domain.social.publishing``).

One partition per campaign (``pk = MOMENT#<campaign>``): the moment's item has ``sk = <id>`` and
each post ``sk = <id>#POST#<index>``, so one query reads a moment with its posts in the order
given, and one more lists a campaign's moments. Items expire (TTL) two years after the moment.
"""

import time
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from aws_lambda_powertools import Logger
from botocore.exceptions import ClientError

from lobbykit.adapters.dynamo_items import from_item, query_all, to_item
from lobbykit.adapters.dynamo_retries import cancellation_reasons, transact_write, until_processed
from lobbykit.adapters.dynamo_throttling import CONDITION_FAILED
from lobbykit.adapters.social.aws import error_code, unavailable_as
from lobbykit.domain.social.accounts import Network
from lobbykit.domain.social.moments import Moment, MomentStatus, Post, PostStatus, Progress
from lobbykit.domain.social.publishing import Receipt

logger = Logger(service="lobbykit", child=True)

KEPT_FOR = timedelta(days=730)
BATCH = 25
WHERE = "the moment records"
STATUS = {"#s": "status"}
# DynamoDB takes at most 100 items in a transaction: the moment's check and 99 claims.
CLAIMS_PER_TRANSACTION = 99


class DynamoMomentStore:
    def __init__(self, client: Any, table: str, sleep: Callable[[float], None] = time.sleep) -> None:
        self._client = client
        self._table = table
        self._sleep = sleep  # between retries of what DynamoDB left undone (``dynamo_retries``)

    # -- moments --------------------------------------------------------------------------

    def create(self, moment: Moment, progress: Progress | None = None) -> None:
        """Posts first, the moment last: a half-written moment is never listed."""
        expires = int((moment.at + KEPT_FOR).timestamp())
        posts = [to_item(_post_record(moment, post, expires)) for post in moment.posts]
        with unavailable_as(WHERE):
            for start in range(0, len(posts), BATCH):
                self._batch_put(posts[start : start + BATCH])
                if progress is not None:
                    progress(min(start + BATCH, len(posts)), len(posts))
            self._client.put_item(
                TableName=self._table,
                Item=to_item(_moment_record(moment, expires)),
                ConditionExpression="attribute_not_exists(sk)",
            )

    def _batch_put(self, items: list[dict[str, Any]]) -> None:
        """Items DynamoDB leaves unprocessed (it is busy) are sent again, then it is ``Busy``."""

        def write(requests: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
            answer = self._client.batch_write_item(RequestItems={self._table: requests})
            left: list[dict[str, Any]] | None = answer.get("UnprocessedItems", {}).get(self._table)
            return left

        until_processed(write, [{"PutRequest": {"Item": item}} for item in items], sleep=self._sleep)

    def get(self, campaign: str, moment_id: str) -> Moment | None:
        with unavailable_as(WHERE):
            items = query_all(
                self._client,
                TableName=self._table,
                KeyConditionExpression="pk = :pk AND begins_with(sk, :id)",
                ExpressionAttributeValues=to_item({":pk": _partition(campaign), ":id": moment_id}),
                ConsistentRead=True,
            )
        moments = _assemble(items)
        return moments[0] if moments and moments[0].moment_id == moment_id else None

    def list(self, campaign: str) -> list[Moment]:
        with unavailable_as(WHERE):
            items = query_all(
                self._client,
                TableName=self._table,
                KeyConditionExpression="pk = :pk",
                ExpressionAttributeValues=to_item({":pk": _partition(campaign)}),
            )
        return sorted(_assemble(items), key=lambda moment: moment.at)

    def cancel(self, moment: Moment) -> None:
        with unavailable_as(WHERE):
            self._client.update_item(
                TableName=self._table,
                Key=_key(moment),
                UpdateExpression="SET #s = :cancelled",
                ExpressionAttributeNames=STATUS,
                ExpressionAttributeValues=to_item({":cancelled": MomentStatus.CANCELLED}),
            )

    def add_schedule(self, moment: Moment, name: str) -> None:
        self._client.update_item(
            TableName=self._table,
            Key=_key(moment),
            UpdateExpression="ADD schedules :name",
            ExpressionAttributeValues=to_item({":name": {name}}),
        )

    def record_spread(self, moment: Moment, seconds: float) -> None:
        """The first run's spread only: a duplicate delivery that posted nothing must not erase it."""
        self._conditional(
            _key(moment),
            "SET spread_seconds = :spread",
            "attribute_not_exists(spread_seconds)",
            to_item({":spread": round(seconds, 3)}),
        )

    # -- posts: the claim and what follows it -------------------------------------------------

    def claim(self, moment: Moment, posts: Sequence[Post], round: int, now: datetime) -> set[int]:
        """``scheduled → posting`` for this round, only while the moment is not cancelled.

        Many posts to a transaction, each transaction checking the moment: a moment's claims
        are one or two requests rather than one per post, so no post waits on the others'
        claims, and a run's claims never contend for the moment's item (transactions naming
        one item at the same time cancel each other). Returns the indexes of the posts claimed:
        not those another run holds, and none after the moment is cancelled.
        """
        claimed: set[int] = set()
        for start in range(0, len(posts), CLAIMS_PER_TRANSACTION):
            batch = self._claim_batch(moment, posts[start : start + CLAIMS_PER_TRANSACTION], round, now)
            if batch is None:
                break
            claimed |= batch
        return claimed

    def _claim_batch(
        self, moment: Moment, posts: Sequence[Post], round: int, now: datetime
    ) -> set[int] | None:
        """One transaction for ``posts``; ``None`` when the moment is no longer scheduled.

        A cancelled transaction says why, item by item: posts already claimed are dropped and
        the rest tried again (each such retry drops at least one, so this ends). A conflict with
        another run's transaction is retried by ``dynamo_retries``, the one conflict retry of
        every store, and ends as ``Busy`` if it does not clear (nothing was claimed, so the
        whole run can be retried).
        """
        waiting = list(posts)
        while waiting:
            items = [_moment_check(self._table, moment)]
            items += [_claim_update(self._table, moment, post, round, now) for post in waiting]
            try:
                transact_write(self._client, items, sleep=self._sleep)
            except ClientError as error:
                reasons = cancellation_reasons(error)
                if reasons[:1] == [CONDITION_FAILED]:
                    return None
                taken = {i for i, code in enumerate(reasons[1:]) if code == CONDITION_FAILED}
                if not taken:
                    raise
                waiting = [post for i, post in enumerate(waiting) if i not in taken]
            else:
                return {post.index for post in waiting}
        return set()

    def posted(self, moment: Moment, post: Post, receipt: Receipt, now: datetime) -> None:
        values = to_item(
            {
                ":posted": PostStatus.POSTED,
                ":now": now.isoformat(),
                ":id": receipt.remote_id,
                ":url": receipt.url,
            }
        )
        expression = "SET #s = :posted, posted_at = :now, remote_id = :id"
        if receipt.url is not None:
            expression += ", #u = :url"
        self._from_posting(moment, post, expression, values, {"#u": "url"} if receipt.url else {})

    def failed(self, moment: Moment, post: Post, reason: str, now: datetime) -> None:
        values = to_item({":failed": PostStatus.FAILED, ":now": now.isoformat(), ":reason": reason})
        self._from_posting(
            moment, post, "SET #s = :failed, failed_at = :now, #e = :reason", values, {"#e": "error"}
        )

    def reschedule(self, moment: Moment, post: Post, round: int, at: datetime) -> None:
        values = to_item({":scheduled": PostStatus.SCHEDULED, ":round": round, ":at": at.isoformat()})
        self._from_posting(
            moment,
            post,
            "SET #s = :scheduled, #r = :round, retry_at = :at REMOVE claimed_at",
            values,
            {"#r": "round"},
        )

    def _from_posting(
        self, moment: Moment, post: Post, expression: str, values: dict[str, Any], names: dict[str, str]
    ) -> None:
        values.update(to_item({":posting": PostStatus.POSTING}))
        self._conditional(_key(moment, post), expression, "#s = :posting", values, {**STATUS, **names})

    def _conditional(
        self,
        key: dict[str, Any],
        expression: str,
        condition: str,
        values: dict[str, Any],
        names: dict[str, str] | None = None,
    ) -> None:
        arguments: dict[str, Any] = {
            "TableName": self._table,
            "Key": key,
            "UpdateExpression": expression,
            "ConditionExpression": condition,
            "ExpressionAttributeValues": values,
        }
        if names:
            arguments["ExpressionAttributeNames"] = names
        try:
            self._client.update_item(**arguments)
        except ClientError as error:
            if error_code(error) != "ConditionalCheckFailedException":
                raise
            logger.warning("record already moved on", extra={"sk": from_item(key)["sk"]})


def _partition(campaign: str) -> str:
    return f"MOMENT#{campaign}"


def _key(moment: Moment, post: Post | None = None) -> dict[str, Any]:
    sk = moment.moment_id if post is None else f"{moment.moment_id}#POST#{post.index:04d}"
    return to_item({"pk": _partition(moment.campaign), "sk": sk})


def _moment_check(table: str, moment: Moment) -> dict[str, Any]:
    """A transaction's check that the moment is still scheduled (not cancelled)."""
    return {
        "ConditionCheck": {
            "TableName": table,
            "Key": _key(moment),
            "ConditionExpression": "#s = :scheduled",
            "ExpressionAttributeNames": STATUS,
            "ExpressionAttributeValues": to_item({":scheduled": MomentStatus.SCHEDULED}),
        }
    }


def _claim_update(table: str, moment: Moment, post: Post, round: int, now: datetime) -> dict[str, Any]:
    """A transaction's ``scheduled → posting`` of one post, only in the round it waits for."""
    return {
        "Update": {
            "TableName": table,
            "Key": _key(moment, post),
            "UpdateExpression": "SET #s = :posting, claimed_at = :now",
            "ConditionExpression": "#s = :scheduled AND #r = :round",
            "ExpressionAttributeNames": {**STATUS, "#r": "round"},
            "ExpressionAttributeValues": to_item(
                {
                    ":posting": PostStatus.POSTING,
                    ":scheduled": PostStatus.SCHEDULED,
                    ":round": round,
                    ":now": now.isoformat(),
                }
            ),
        }
    }


def _moment_record(moment: Moment, expires: int) -> dict[str, Any]:
    return {
        "pk": _partition(moment.campaign),
        "sk": moment.moment_id,
        "kind": "moment",
        "campaign": moment.campaign,
        "at": moment.at.isoformat(),
        "status": moment.status,
        "created_at": moment.created_at,
        "created_by": moment.created_by,
        "schedules": set(moment.schedules) or None,
        "expires_at": expires,
    }


def _post_record(moment: Moment, post: Post, expires: int) -> dict[str, Any]:
    return {
        "pk": _partition(moment.campaign),
        "sk": f"{moment.moment_id}#POST#{post.index:04d}",
        "kind": "post",
        "index": post.index,
        "account": post.account,
        "network": post.network,
        "text": post.text,
        "status": post.status,
        "round": post.round,
        "expires_at": expires,
    }


def _assemble(items: Iterable[dict[str, Any]]) -> list[Moment]:
    headers: dict[str, dict[str, Any]] = {}
    posts: dict[str, list[Post]] = {}
    for item in items:
        if item.get("kind") == "moment":
            headers[str(item["sk"])] = item
        else:
            posts.setdefault(str(item["sk"]).split("#", 1)[0], []).append(_post(item))
    return [
        _moment(header, sorted(posts.get(moment_id, []), key=lambda post: post.index))
        for moment_id, header in headers.items()
    ]


def _moment(item: dict[str, Any], posts: list[Post]) -> Moment:
    spread = item.get("spread_seconds")
    return Moment(
        campaign=str(item["campaign"]),
        moment_id=str(item["sk"]),
        at=datetime.fromisoformat(str(item["at"])),
        created_at=str(item["created_at"]),
        created_by=str(item["created_by"]),
        posts=tuple(posts),
        status=MomentStatus(item["status"]),
        schedules=tuple(sorted(item.get("schedules", ()))),
        spread_seconds=float(spread) if spread is not None else None,
    )


def _post(item: dict[str, Any]) -> Post:
    return Post(
        index=int(item["index"]),
        account=str(item["account"]),
        network=Network(item["network"]),
        text=str(item["text"]),
        status=PostStatus(item["status"]),
        round=int(item.get("round", 0)),
        url=item.get("url"),
        remote_id=item.get("remote_id"),
        error=item.get("error"),
        posted_at=item.get("posted_at"),
        claimed_at=item.get("claimed_at"),
    )
