"""Actions in DynamoDB, moved between states only by conditional writes.

Items in the actions table:
- ``action#<id>``: the action, with its letter and the supporter's details, and ``expires_at``
  (TTL) at the end of the campaign's retention period; ``supporter_key`` is the keyed hash of
  the supporter's canonical mailbox (``domain.mailbox``), never the address;
- ``unique#<campaign>#<MP id>#<supporter_key>``: holds the uniqueness rule, written in the same
  transaction as the action;
- ``refusal#<id>``: a letter that could not be sent (no personal data).
- ``suppressed#<mailbox key>``: a mailbox we no longer email (``adapters.suppression_store``).
The ``by_token`` index finds an action from the digest of its confirmation token; the sparse
``by_retry`` index lists letters confirmed but not yet sent (``retry_due``), by when to try next.

Every change that moves an action between states is one transaction with the campaign's
counters (``DynamoMetricsStore.apply``), so the counts move exactly when the state does.
"""

import hmac
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from lobbykit.adapters.dynamo_items import from_item, to_item
from lobbykit.adapters.metrics_store import DynamoMetricsStore
from lobbykit.domain.actions import SEND_LEASE, Action, DuplicateAction, Recipient, Status, Supporter
from lobbykit.domain.counting import on_created, on_erased, on_not_delivered, on_refusal, on_transition
from lobbykit.domain.letters import Letter
from lobbykit.domain.mailbox import mailbox_key

RETRY_INDEX = "by_retry"
RETRY_DUE = "send"
SUPPORTER_INDEX = "by_supporter"
TOKEN_INDEX = "by_token"  # noqa: S105 - an index name
# What a letter needs only until it is sent: removed from the record as it is marked sent.
SUPPORTER_ATTRIBUTES = (
    "supporter_name",
    "supporter_email",
    "supporter_postcode",
    "supporter_address",
    "consent_updates",
    "consent_version",
)
LETTER_ATTRIBUTES = ("letter_subject", "letter_text", "letter_html")
PERSONAL = SUPPORTER_ATTRIBUTES + LETTER_ATTRIBUTES


class DynamoActionStore:
    def __init__(
        self, client: Any, table: str, pseudonymise: Callable[[str], str], metrics: DynamoMetricsStore
    ) -> None:
        self._client = client
        self._table = table
        self._pseudonymise = pseudonymise
        self._metrics = metrics

    # -- writes -----------------------------------------------------------------------

    def create(self, action: Action) -> None:
        unique = {
            "pk": f"unique#{action.uniqueness_key}",
            "action_id": action.action_id,
            "expires_at": _epoch(action.expires_at),
        }
        created = self._metrics.apply(
            on_created(action),
            [self._put_new(_record(action)), self._put_new(unique)],
        )
        if created:
            return
        existing = self._holder_of(action.uniqueness_key)
        if existing is None:
            self._release_dangling_key(action.uniqueness_key)
            self.create(action)
            return
        raise DuplicateAction(existing)

    def replace_pending(self, previous: Action, action: Action) -> bool:
        put = {
            "Put": {
                "TableName": self._table,
                "Item": to_item(_record(action)),
                "ConditionExpression": "#status = :status AND updated_at = :updated",
                "ExpressionAttributeNames": {"#status": "status"},
                "ExpressionAttributeValues": to_item(
                    {":status": previous.status.value, ":updated": previous.updated_at.isoformat()}
                ),
            }
        }
        return self._metrics.apply(
            on_transition(action, previous.status, action.status, action.updated_at), [put]
        )

    def mark_confirmation_sent(self, action_id: str, now: datetime) -> None:
        self._update(action_id, "SET confirmation_sent_at = :now", {":now": now.isoformat()})

    def claim_for_sending(self, action: Action, now: datetime) -> Action | None:
        """The first claim confirms the letter (and counts it); a later one takes over a lapsed lease.

        Which of the two applies is tried in the likelier order for what the caller last saw.
        """
        claims = (self._confirm, self._take_over)
        if action.status != Status.AWAITING_CONFIRMATION:
            claims = (self._take_over, self._confirm)
        for claim in claims:
            claimed = claim(action, now)
            if claimed is not None:
                return claimed
        return None

    def _confirm(self, action: Action, now: datetime) -> Action | None:
        """awaiting_confirmation → confirmed with a lease, in one transaction with the counters."""
        update = {"Update": _claim(self._table, action.action_id, now, Status.AWAITING_CONFIRMATION)}
        counting = on_transition(action, Status.AWAITING_CONFIRMATION, Status.CONFIRMED, now)
        return self.get(action.action_id) if self._metrics.apply(counting, [update]) else None

    def _take_over(self, action: Action, now: datetime) -> Action | None:
        """confirmed (a deferred send, or a lease run out) → confirmed with our lease: nothing to count."""
        try:
            result = self._client.update_item(
                **_claim(self._table, action.action_id, now, Status.CONFIRMED), ReturnValues="ALL_NEW"
            )
        except self._client.exceptions.ConditionalCheckFailedException:
            return None
        return _action(from_item(result["Attributes"]))

    def mark_sent(self, action: Action, message_id: str, now: datetime) -> Action:
        """confirmed → sent, dropping the supporter's details and the letter (``PERSONAL``) in
        the same write. If it is already sent (a lease taken over), the record as it stands."""
        update = _update_item(
            self._table,
            action.action_id,
            "SET #status = :sent, sent_at = :now, updated_at = :now, message_id = :id "
            f"REMOVE lease_until, retry_due, retry_after, {', '.join(PERSONAL)}",
            {":sent": Status.SENT.value, ":now": now.isoformat(), ":id": message_id},
        )
        if self._metrics.apply(on_transition(action, Status.CONFIRMED, Status.SENT, now), [update]):
            return action.sent(now, message_id)
        current = self.get(action.action_id)
        assert current is not None
        return current

    def note_sent(self, action_id: str, message_id: str, now: datetime) -> None:
        """SES's message id on the action alone, for when ``mark_sent``'s transaction is throttled."""
        self._update(
            action_id, "SET message_id = :id, updated_at = :now", {":id": message_id, ":now": now.isoformat()}
        )

    def release(self, action_id: str, reason: str, now: datetime, retry_at: datetime) -> None:
        """Drop the lease after a transient failure; the retry function tries again at ``retry_at``."""
        self._update(
            action_id,
            "SET last_error = :reason, updated_at = :now, retry_after = :retry REMOVE lease_until",
            {":reason": reason[:500], ":now": now.isoformat(), ":retry": retry_at.isoformat()},
        )

    def hold(self, action_id: str, now: datetime, until: datetime) -> None:
        """Drop the lease of a letter over its MP's hourly cap; due again at ``until``. Being held
        is no failed attempt, so the claim's attempt is given back (it must not hasten giving up)."""
        self._update(
            action_id,
            "SET updated_at = :now, retry_after = :until REMOVE lease_until ADD send_attempts :back",
            {":now": now.isoformat(), ":until": until.isoformat(), ":back": -1},
        )

    def due_for_retry(self, now: datetime, limit: int) -> list[Action]:
        """Confirmed letters not yet sent whose next try is due (a deferred send, or a lapsed lease)."""
        result = self._client.query(
            TableName=self._table,
            IndexName=RETRY_INDEX,
            KeyConditionExpression="retry_due = :due AND retry_after <= :now",
            ExpressionAttributeValues=to_item({":due": RETRY_DUE, ":now": now.isoformat()}),
            Limit=limit,
        )
        found = (self.get(from_item(item)["pk"].removeprefix("action#")) for item in result.get("Items", []))
        return [action for action in found if action is not None and action.status == Status.CONFIRMED]

    def mark_failed(self, action: Action, reason: str, now: datetime) -> None:
        """confirmed → failed; nothing changes if the letter has moved on (sent by a take-over)."""
        update = _update_item(
            self._table,
            action.action_id,
            "SET #status = :failed, failure_reason = :reason, updated_at = :now "
            "REMOVE lease_until, retry_due, retry_after",
            {":failed": Status.FAILED.value, ":reason": reason[:500], ":now": now.isoformat()},
        )
        self._metrics.apply(on_transition(action, Status.CONFIRMED, Status.FAILED, now), [update])

    def mark_not_delivered(self, action: Action, reason: str, now: datetime) -> bool:
        """sent → not_delivered with the bounce's reason, counted and noted against the MP in the
        same transaction; False (nothing written) if the letter is not sent, as when SES's event
        comes a second time."""
        update = _update_item(
            self._table,
            action.action_id,
            "SET #status = :not_delivered, failure_reason = :reason, updated_at = :now",
            {":not_delivered": Status.NOT_DELIVERED.value, ":reason": reason[:500], ":now": now.isoformat()},
            expected=Status.SENT,
        )
        return self._metrics.apply(on_not_delivered(action, reason, now), [update])

    def record_refusal(
        self, campaign: str, reason: str, constituency_id: int, mp_id: int | None, now: datetime
    ) -> None:
        refusal_id = uuid.uuid4().hex
        refusal = {
            "pk": f"refusal#{refusal_id}",
            "campaign": campaign,
            "reason": reason,
            "constituency_id": constituency_id,
            "mp_id": mp_id,
            "created_at": now.isoformat(),
        }
        self._metrics.apply(on_refusal(campaign, refusal_id, reason), [self._put_new(refusal)])

    # -- reads ------------------------------------------------------------------------

    def get(self, action_id: str) -> Action | None:
        item = self._client.get_item(TableName=self._table, Key=_key(action_id), ConsistentRead=True).get(
            "Item"
        )
        return _action(from_item(item)) if item else None

    def find_by_token(self, token_digest: str) -> Action | None:
        """The action whose confirmation token has this digest, checked on the record itself.

        The index is eventually consistent: just after a resubmission replaced a pending letter
        (and its link), it can still send the old link's digest to the action. Only the record,
        read consistently, says which link is current.
        """
        result = self._client.query(
            TableName=self._table,
            IndexName=TOKEN_INDEX,
            KeyConditionExpression="token_digest = :digest",
            ExpressionAttributeValues=to_item({":digest": token_digest}),
            Limit=1,
        )
        items = result.get("Items", [])
        action = self.get(from_item(items[0])["pk"].removeprefix("action#")) if items else None
        if action is None or not hmac.compare_digest(action.token_digest or "", token_digest):
            return None
        return action

    def actions_of(self, email: str) -> list[Action]:
        """Every action of one supporter, found by the keyed hash of their email."""
        result = self._client.query(
            TableName=self._table,
            IndexName=SUPPORTER_INDEX,
            KeyConditionExpression="supporter_key = :key",
            ExpressionAttributeValues=to_item({":key": mailbox_key(email, self._pseudonymise)}),
        )
        found = (self.get(from_item(item)["pk"].removeprefix("action#")) for item in result.get("Items", []))
        return [action for action in found if action is not None]

    def erase(self, action: Action) -> None:
        """Delete the action, its uniqueness marker and its supporter's marker, with the counters
        moved in the same transaction (``counting.on_erased``); if the action changed state
        meanwhile, it is erased as it now is."""
        delete = {
            "Delete": {
                "TableName": self._table,
                "Key": _key(action.action_id),
                "ConditionExpression": "#status = :status",
                "ExpressionAttributeNames": {"#status": "status"},
                "ExpressionAttributeValues": to_item({":status": action.status.value}),
            }
        }
        unique = {
            "Delete": {"TableName": self._table, "Key": to_item({"pk": f"unique#{action.uniqueness_key}"})}
        }
        counting = on_erased(action)
        if not self._metrics.apply(counting, [delete, unique]):
            current = self.get(action.action_id)
            if current is not None:
                self.erase(current)

    # -- helpers ----------------------------------------------------------------------

    def _holder_of(self, key: str) -> Action | None:
        item = self._client.get_item(
            TableName=self._table, Key=to_item({"pk": f"unique#{key}"}), ConsistentRead=True
        ).get("Item")
        return self.get(from_item(item)["action_id"]) if item else None

    def _release_dangling_key(self, key: str) -> None:
        """A uniqueness key whose action is gone (erased, expired first): free it."""
        self._client.delete_item(TableName=self._table, Key=to_item({"pk": f"unique#{key}"}))

    def _update(self, action_id: str, expression: str, values: dict[str, Any]) -> None:
        """A change that moves no counter (the action's state stays as it is)."""
        self._client.update_item(
            TableName=self._table,
            Key=_key(action_id),
            UpdateExpression=expression,
            ConditionExpression="attribute_exists(pk)",
            ExpressionAttributeValues=to_item(values),
        )

    def _put_new(self, item: dict[str, Any]) -> dict[str, Any]:
        return {
            "Put": {
                "TableName": self._table,
                "Item": to_item(item),
                "ConditionExpression": "attribute_not_exists(pk)",
            }
        }


def _claim(table: str, action_id: str, now: datetime, status: Status) -> dict[str, Any]:
    """Take a lease on an action in ``status`` (none held, or held and run out) as confirmed."""
    return {
        "TableName": table,
        "Key": _key(action_id),
        "UpdateExpression": (
            "SET #status = :confirmed, lease_until = :lease, updated_at = :now, "
            "confirmed_at = if_not_exists(confirmed_at, :now), retry_due = :due, retry_after = :lease "
            "ADD send_attempts :one"
        ),
        "ConditionExpression": (
            "#status = :from AND (attribute_not_exists(lease_until) OR lease_until < :now)"
        ),
        "ExpressionAttributeNames": {"#status": "status"},
        "ExpressionAttributeValues": to_item(
            {
                ":confirmed": Status.CONFIRMED.value,
                ":from": status.value,
                ":lease": (now + SEND_LEASE).isoformat(),
                ":now": now.isoformat(),
                ":due": RETRY_DUE,
                ":one": 1,
            }
        ),
    }


def _update_item(
    table: str,
    action_id: str,
    expression: str,
    values: dict[str, Any],
    expected: Status = Status.CONFIRMED,
) -> dict[str, Any]:
    """A transaction's update of an action still in the ``expected`` state: by default a
    confirmed one (ours, under the lease claimed for it)."""
    return {
        "Update": {
            "TableName": table,
            "Key": _key(action_id),
            "UpdateExpression": expression,
            "ConditionExpression": "#status = :expected",
            "ExpressionAttributeNames": {"#status": "status"},
            "ExpressionAttributeValues": to_item({**values, ":expected": expected.value}),
        }
    }


def _key(action_id: str) -> dict[str, Any]:
    return to_item({"pk": f"action#{action_id}"})


def _epoch(moment: datetime) -> int:
    return int(moment.timestamp())


def _record(action: Action) -> dict[str, Any]:
    """A new or replaced action, which has its supporter's details and letter (``content``)."""
    recipient, (supporter, letter) = action.recipient, action.content()
    personal = (
        supporter.name,
        supporter.email,
        supporter.postcode,
        supporter.address,
        supporter.consent_updates,
        supporter.consent_version,
        letter.subject,
        letter.text,
        letter.html,
    )
    return {
        "pk": f"action#{action.action_id}",
        "action_id": action.action_id,
        "campaign": action.campaign,
        "status": action.status.value,
        "mp_id": recipient.mp_id,
        "mp_name": recipient.name,
        "mp_party": recipient.party,
        "mp_email": recipient.email,
        "constituency_id": recipient.constituency_id,
        "constituency_name": recipient.constituency_name,
        **dict(zip(PERSONAL, personal, strict=True)),
        "supporter_key": action.mailbox_key,
        "created_at": action.created_at.isoformat(),
        "updated_at": action.updated_at.isoformat(),
        "expires_at": _epoch(action.expires_at),
        "token_digest": action.token_digest,
        "token_expires_at": action.token_expires_at.isoformat() if action.token_expires_at else None,
        "confirmation_sent_at": action.confirmation_sent_at.isoformat()
        if action.confirmation_sent_at
        else None,
        "confirmed_at": action.confirmed_at.isoformat() if action.confirmed_at else None,
        "sent_at": action.sent_at.isoformat() if action.sent_at else None,
        "message_id": action.message_id,
        "failure_reason": action.failure_reason,
        "send_attempts": action.send_attempts,
    }


def _action(item: dict[str, Any]) -> Action:
    """An action as stored; a sent one has no supporter's details or letter any more."""
    supporter = (
        Supporter(*(item[name] for name in SUPPORTER_ATTRIBUTES)) if "supporter_email" in item else None
    )
    letter = Letter(*(item[name] for name in LETTER_ATTRIBUTES)) if "letter_text" in item else None
    return Action(
        action_id=item["action_id"],
        campaign=item["campaign"],
        status=Status(item["status"]),
        recipient=Recipient(
            item["mp_id"],
            item["mp_name"],
            item["mp_party"],
            item["mp_email"],
            item["constituency_id"],
            item["constituency_name"],
        ),
        supporter=supporter,
        letter=letter,
        mailbox_key=item["supporter_key"],
        created_at=datetime.fromisoformat(item["created_at"]),
        updated_at=datetime.fromisoformat(item["updated_at"]),
        expires_at=datetime.fromtimestamp(item["expires_at"], UTC),
        token_digest=item.get("token_digest"),
        token_expires_at=_moment(item.get("token_expires_at")),
        confirmation_sent_at=_moment(item.get("confirmation_sent_at")),
        confirmed_at=_moment(item.get("confirmed_at")),
        sent_at=_moment(item.get("sent_at")),
        message_id=item.get("message_id"),
        failure_reason=item.get("failure_reason"),
        send_attempts=item.get("send_attempts", 0),
    )


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
