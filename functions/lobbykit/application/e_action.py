"""The e-action: from a supporter's form to a confirmed letter in their MP's inbox.

Exactly once is kept by the action's state in DynamoDB (conditional writes), not by
powertools Idempotency: the state has to live on the action anyway (the supporter's
confirmation page and the metrics read it), the uniqueness rule (one letter per supporter per MP
per campaign) spans requests that carry different payloads, and an idempotency record would add
a second table without closing the one gap no approach closes: a function that dies after SES
accepted the letter but before the state says so. The send lease bounds that gap to one retry
after ``SEND_LEASE``.
"""

import hashlib
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from aws_lambda_powertools import Logger

from lobbykit.application.lookup import find_mp
from lobbykit.domain.actions import (
    MAX_SEND_ATTEMPTS,
    RESEND_CONFIRMATION_AFTER,
    Action,
    ActionStore,
    AlreadySent,
    ConfirmationLinkExpired,
    ConfirmationLinkInvalid,
    ConfirmationNotSent,
    DuplicateAction,
    Recipient,
    Status,
    Supporter,
    TargetUnavailable,
    retry_delay,
)
from lobbykit.domain.campaigns import Campaign, CampaignRepository
from lobbykit.domain.errors import Busy
from lobbykit.domain.human_check import HumanCheck, check_human
from lobbykit.domain.letters import (
    Letter,
    letter_around_slot,
    letter_context,
    render_letter,
    render_thank_you,
)
from lobbykit.domain.mail import (
    Mailbox,
    Mailer,
    MailKind,
    MailRejected,
    MailTags,
    MailUnavailable,
    OutgoingEmail,
)
from lobbykit.domain.mailbox import mailbox_key
from lobbykit.domain.members import MembersDirectory, MpLookup
from lobbykit.domain.pacing import LetterPacer, hour_of, next_hour
from lobbykit.domain.submission import Submission, parse_preview, parse_submission
from lobbykit.domain.suppression import SuppressionList

logger = Logger(service="lobbykit", child=True)


@dataclass(frozen=True, slots=True)
class Preview:
    recipient_name: str
    constituency_name: str
    letter: Letter


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a submission or a confirmation did: ``sent_now`` is true only for the request that
    sent the letter, and only that request has its ``thank_you`` (the sent record keeps no name)."""

    action: Action
    sent_now: bool
    thank_you: str = ""
    held: bool = False  # confirmed, and waiting for a place in its MP's hourly cap


class EAction:
    """The e-action of every campaign, wired to its ports."""

    def __init__(
        self,
        *,
        campaigns: CampaignRepository,
        directory: MembersDirectory,
        store: ActionStore,
        pacer: LetterPacer,
        human_check: HumanCheck,
        mailer: Mailer,
        suppressions: SuppressionList,
        public_url: str,
        confirmation_emails: "ConfirmationEmails",
        pseudonymise: Callable[[str], str],
        clock: Callable[[], datetime],
    ) -> None:
        """``pseudonymise`` is the stack's keyed hash (``limits.pseudonym`` with its secret key)."""
        self._campaigns = campaigns
        self._directory = directory
        self._store = store
        self._pacer = pacer
        self._human_check = human_check
        self._mailer = mailer
        self._suppressions = suppressions
        self._public_url = public_url.rstrip("/")
        self._emails = confirmation_emails
        self._pseudonymise = pseudonymise
        self._clock = clock

    # -- preview and submission ---------------------------------------------------------

    def campaign(self, slug: str) -> Campaign:
        """Raises ``CampaignNotFound``."""
        return self._campaigns.get(slug)

    def campaign_url(self, slug: str) -> str:
        return f"{self._public_url}/c/{slug}"

    def preview(self, slug: str, body: Any) -> Preview:
        """The exact letter the MP would receive; changes nothing."""
        campaign = self.campaign(slug)
        submission = parse_preview(body, campaign.max_message_length)
        lookup, _ = self._recipient(campaign, str(submission.postcode))
        letter = self._letter(campaign, submission, lookup)
        assert lookup.mp is not None
        return Preview(lookup.mp.name, lookup.constituency.name, letter)

    def submit(self, slug: str, body: Any, client_ip: str | None = None) -> Outcome:
        """``client_ip`` goes to the bot check (campaigns with Turnstile on), and nowhere else.

        The bot check comes after every field and the lookup (a typo must not spend the token)
        and before anything is recorded, a refusal included: a script must not be able to
        inflate the count of letters that could not be sent.
        """
        campaign = self.campaign(slug)
        submission = parse_submission(body, campaign.max_message_length)
        supporter_key = mailbox_key(submission.email, self._pseudonymise)
        self._suppressions.check(supporter_key)
        lookup, recipient = self._target(campaign, str(submission.postcode))
        if campaign.turnstile_site_key is not None:
            check_human(self._human_check, body, client_ip)
        if isinstance(recipient, TargetUnavailable):
            mp_id = lookup.mp.id if lookup.mp else None
            self._store.record_refusal(
                campaign.slug, recipient.code, lookup.constituency.id, mp_id, self._clock()
            )
            raise recipient
        now = self._clock()
        token = secrets.token_urlsafe(32)
        action = self._new_action(campaign, submission, supporter_key, lookup, recipient, token, now)
        try:
            self._store.create(action)
        except DuplicateAction as duplicate:
            return self._resubmitted(campaign, duplicate.existing, action, token, now)
        logger.info("action created", extra={"action_id": action.action_id, "campaign": campaign.slug})
        return self._after_create(campaign, action, token, now)

    def recipient(self, slug: str, typed_postcode: str) -> MpLookup:
        """The MP this campaign's letter would go to for a postcode; raises if it cannot go."""
        return self._recipient(self.campaign(slug), typed_postcode)[0]

    def letter_around_own_words(self, slug: str, lookup: MpLookup) -> tuple[str, str, str]:
        """Subject, and the letter's HTML before and after the supporter's own words."""
        assert lookup.mp is not None
        campaign = self.campaign(slug)
        return letter_around_slot(
            campaign, lookup.mp, lookup.constituency, lookup.postcode, self._clock().date()
        )

    def _recipient(self, campaign: Campaign, typed_postcode: str) -> tuple[MpLookup, Recipient]:
        """The MP the letter goes to; raises ``TargetUnavailable`` when it cannot go to them."""
        lookup, target = self._target(campaign, typed_postcode)
        if isinstance(target, TargetUnavailable):
            raise target
        return lookup, target

    def _target(
        self, campaign: Campaign, typed_postcode: str
    ) -> tuple[MpLookup, Recipient | TargetUnavailable]:
        """The MP the letter goes to, or why it cannot go to them."""
        lookup = find_mp(typed_postcode, self._directory)
        mp, contact = lookup.mp, lookup.contact
        if mp is None:
            return lookup, TargetUnavailable(
                "seat_vacant",
                f"{lookup.constituency.name} has no MP at the moment: the seat is vacant. "
                "Please come back after the by-election.",
            )
        if mp.is_speaker:
            return lookup, TargetUnavailable("mp_is_speaker", campaign.speaker_message.format(mp=mp.name))
        if contact is None or contact.email is None:
            return lookup, TargetUnavailable(
                "mp_has_no_email",
                f"{mp.name}, MP for {lookup.constituency.name}, has no email address listed by "
                "Parliament, so we cannot send this letter for you. You can post it to them, or use "
                "their contact page.",
                {
                    "postal_address": contact.postal_address if contact else None,
                    "web_url": contact.secure_web_url if contact else None,
                },
            )
        recipient = Recipient(
            mp.id, mp.name, mp.party, contact.email, lookup.constituency.id, lookup.constituency.name
        )
        return lookup, recipient

    def _letter(self, campaign: Campaign, submission: Submission, lookup: MpLookup) -> Letter:
        assert lookup.mp is not None
        context = letter_context(campaign, submission, lookup.mp, lookup.constituency, self._clock().date())
        return render_letter(campaign, context)

    def _new_action(
        self,
        campaign: Campaign,
        submission: Submission,
        supporter_key: str,
        lookup: MpLookup,
        recipient: Recipient,
        token: str,
        now: datetime,
    ) -> Action:
        needs_confirmation = campaign.confirmation_required
        return Action(
            action_id=uuid.uuid4().hex,
            campaign=campaign.slug,
            status=Status.AWAITING_CONFIRMATION if needs_confirmation else Status.CONFIRMED,
            recipient=recipient,
            supporter=Supporter(
                submission.name,
                submission.email,
                str(submission.postcode),
                submission.address,
                submission.consent_updates,
                campaign.consent.version,
            ),
            letter=self._letter(campaign, submission, lookup),
            mailbox_key=supporter_key,
            created_at=now,
            updated_at=now,
            expires_at=now + timedelta(days=campaign.retention_days),
            token_digest=token_digest(token) if needs_confirmation else None,
            token_expires_at=now + timedelta(hours=campaign.confirmation_valid_hours)
            if needs_confirmation
            else None,
            confirmed_at=None if needs_confirmation else now,
        )

    def _resubmitted(
        self, campaign: Campaign, existing: Action, action: Action, token: str, now: datetime
    ) -> Outcome:
        """A second submission for the same supporter, MP and campaign."""
        if existing.status in (Status.SENT, Status.CONFIRMED):
            raise AlreadySent(
                f"Thank you: you have already written to {existing.recipient.name} for this campaign, and "
                "MPs count one letter per constituent. Please ask a friend to write too."
            )
        recent = existing.confirmation_sent_at is not None and now - existing.confirmation_sent_at < (
            RESEND_CONFIRMATION_AFTER
        )
        if existing.status == Status.AWAITING_CONFIRMATION and recent:
            return Outcome(existing, sent_now=False)  # a double click or a retried request
        replacement = replace(action, action_id=existing.action_id, created_at=existing.created_at)
        if not self._store.replace_pending(existing, replacement):
            return Outcome(existing, sent_now=False)
        return self._after_create(campaign, replacement, token, now)

    def _after_create(self, campaign: Campaign, action: Action, token: str, now: datetime) -> Outcome:
        if action.status == Status.CONFIRMED:
            return self._send(action)
        try:
            self._mailer.send(self._emails.confirmation(campaign, action, self.confirm_url(token)))
        except (MailRejected, MailUnavailable) as error:
            logger.warning(
                "confirmation email not sent", extra={"action_id": action.action_id, "reason": str(error)}
            )
            raise ConfirmationNotSent(
                "We could not send the email to confirm your letter just now. Please check your email "
                "address, then try again in a few minutes."
            ) from error
        self._store.mark_confirmation_sent(action.action_id, now)
        return Outcome(replace(action, confirmation_sent_at=now), sent_now=False)

    def confirm_url(self, token: str) -> str:
        return f"{self._public_url}/confirm/{token}"

    # -- confirmation -------------------------------------------------------------------

    def pending(self, token: str) -> Action:
        """The action a confirmation link belongs to; changes nothing (mail scanners open links)."""
        action = self._store.find_by_token(token_digest(token)) if _plausible(token) else None
        if action is None:
            raise ConfirmationLinkInvalid(
                "This confirmation link is not valid. Please check you copied the whole link from the email."
            )
        if action.status == Status.AWAITING_CONFIRMATION and self._expired(action):
            raise ConfirmationLinkExpired(
                "This confirmation link has expired. Please fill in the form again: it only takes a minute."
            )
        return action

    def confirm(self, token: str) -> Outcome:
        return self.confirm_found(self.pending(token))

    def confirm_found(self, action: Action) -> Outcome:
        """Confirm the action ``pending`` found: the confirmation route has it already, and
        finding it again would cost the busiest write path a second index query and read."""
        if action.status in (Status.SENT, Status.FAILED, Status.NOT_DELIVERED):
            return Outcome(action, sent_now=False)
        return self._send(action)

    def _expired(self, action: Action) -> bool:
        return action.token_expires_at is not None and self._clock() > action.token_expires_at

    def _send(self, action: Action) -> Outcome:
        campaign = self.campaign(action.campaign)
        now = self._clock()
        claimed = self._store.claim_for_sending(action, now)
        if claimed is None:
            current = self._store.get(action.action_id) or action
            return Outcome(current, sent_now=False)
        if claimed.message_id is not None:  # SES took it on an earlier try that could not record it
            return self._record_sent(campaign, claimed, claimed.message_id)
        if not self._pacer.take(claimed.recipient.mp_id, hour_of(now), campaign.letters_per_mp_per_hour):
            self._store.hold(claimed.action_id, now, next_hour(now))
            logger.info("letter held for the MP's hourly cap", extra={"action_id": claimed.action_id})
            return Outcome(claimed, sent_now=False, held=True)
        try:
            message_id = self._mailer.send(self._emails.letter(campaign, claimed))
        except (MailRejected, MailUnavailable) as error:
            self._pacer.give_back(claimed.recipient.mp_id, hour_of(now))  # the letter did not go
            return self._not_sent(claimed, error)
        return self._record_sent(campaign, claimed, message_id)

    def _not_sent(self, claimed: Action, error: MailRejected | MailUnavailable) -> Outcome:
        """SES refused the letter for good (failed, explained), or for now (deferred)."""
        if isinstance(error, MailRejected):
            self._store.mark_failed(claimed, str(error), self._clock())
            logger.warning("letter rejected", extra={"action_id": claimed.action_id})
            failed = claimed.with_status(Status.FAILED, self._clock(), failure_reason=str(error))
            return Outcome(failed, sent_now=False)
        return self._deferred(claimed, error)

    def _deferred(self, claimed: Action, error: MailUnavailable) -> Outcome:
        """SES could not take the letter for now: try again later, or give up after so many tries."""
        now = self._clock()
        if claimed.send_attempts >= MAX_SEND_ATTEMPTS:
            self._store.mark_failed(claimed, f"gave up after {claimed.send_attempts} attempts: {error}", now)
            logger.warning("letter given up", extra={"action_id": claimed.action_id})
            return Outcome(claimed.with_status(Status.FAILED, now), sent_now=False)
        self._store.release(claimed.action_id, str(error), now, now + retry_delay(claimed.send_attempts))
        logger.warning("letter send deferred", extra={"action_id": claimed.action_id})
        return Outcome(claimed, sent_now=False)

    def _record_sent(self, campaign: Campaign, claimed: Action, message_id: str) -> Outcome:
        """The letter is with SES: record it as sent (and counted) once, then copy the supporter.

        The record drops the supporter's details and the letter as it is marked sent, so the copy
        and the thank-you are made from ``claimed``, the letter as it was sent. If that write is
        throttled, SES's id is kept on the action alone (one small write, not the
        counters' transaction) before the error goes on: whoever claims the letter next, once the
        lease runs out, only records it, and the MP never gets it twice.
        """
        try:
            sent = self._store.mark_sent(claimed, message_id, self._clock())
        except Busy:
            self._store.note_sent(claimed.action_id, message_id, self._clock())
            logger.warning("letter sent, not yet recorded", extra={"action_id": claimed.action_id})
            raise
        logger.info("letter sent", extra={"action_id": sent.action_id, "campaign": sent.campaign})
        self._send_copy(campaign, claimed)
        return Outcome(sent, sent_now=True, thank_you=self.thank_you(campaign, claimed))

    def retry_due_letters(self, limit: int = 100) -> dict[str, int]:
        """Send the confirmed letters whose earlier try failed for the moment (or died mid-send).

        Run every few minutes by the retry function; each letter is claimed as on confirmation,
        so a retry racing a supporter's second click still sends one letter.
        """
        outcomes: list[Outcome] = []
        try:
            for action in self._store.due_for_retry(self._clock(), limit):
                outcomes.append(self._send(action))
        except Busy:
            # Nothing half-done: a letter whose claim went through keeps its lease and is due
            # again when it runs out. Pressing on would only add to the throttling.
            logger.warning("database busy: the rest wait for the next run", extra={"tried": len(outcomes)})
        sent = sum(outcome.sent_now for outcome in outcomes)
        return {"tried": len(outcomes), "sent": sent}

    def _send_copy(self, campaign: Campaign, action: Action) -> None:
        """The supporter's copy is a courtesy: its failure is logged, never a reason to resend.

        None goes to a mailbox suppressed since the supporter submitted (the letter itself went),
        nor when the list cannot be read just now: better no copy than one to such a mailbox."""
        try:
            if self._suppressions.is_suppressed(action.mailbox_key):
                logger.info("supporter copy not sent: suppressed", extra={"action_id": action.action_id})
                return
            self._mailer.send(self._emails.copy_to_supporter(campaign, action))
        except (MailRejected, MailUnavailable, Busy):
            logger.warning("supporter copy not sent", extra={"action_id": action.action_id})

    @staticmethod
    def thank_you(campaign: Campaign, action: Action) -> str:
        supporter, _ = action.content()
        context = {
            "supporter": {"first_name": supporter.name.split()[0], "name": supporter.name},
            "mp": {"name": action.recipient.name, "constituency": action.recipient.constituency_name},
            "campaign": {"title": campaign.title, "hashtag": campaign.hashtag},
        }
        return render_thank_you(campaign, context)


class ConfirmationEmails:
    """Builds the three emails of the flow from ``templates/emails/``; rendering is injected."""

    def __init__(self, render: Callable[[str, dict[str, Any]], str]) -> None:
        self._render = render

    def confirmation(self, campaign: Campaign, action: Action, url: str) -> OutgoingEmail:
        """Only our own words: who the letter is to, and the link to read and send it.

        Anyone can type someone else's email address, so nothing the submitter typed goes in
        this email (not their words, address or name, not even as the To display name): it must
        be useless for sending a stranger a message from the coalition's domain.
        """
        context = {
            "campaign": campaign,
            "recipient": action.recipient,
            "url": url,
            "valid_hours": campaign.confirmation_valid_hours,
        }
        subject = f"Please confirm your letter to {action.recipient.name}"
        to = Mailbox(action.content()[0].email)
        return self._from_campaign(
            campaign, to, subject, "emails/confirm", context, MailKind.CONFIRMATION, action
        )

    def letter(self, campaign: Campaign, action: Action) -> OutgoingEmail:
        """To the MP, From the campaign's verified address in the supporter's name, Reply-To them."""
        supporter, letter = action.content()
        return OutgoingEmail(
            sender=Mailbox(campaign.sender_email, supporter.name),
            to=(Mailbox(action.recipient.email, action.recipient.name),),
            reply_to=(Mailbox(supporter.email, supporter.name),),
            subject=letter.subject,
            text=letter.text,
            html=letter.html,
            tags=MailTags(MailKind.LETTER, campaign.slug, action.action_id),
        )

    def copy_to_supporter(self, campaign: Campaign, action: Action) -> OutgoingEmail:
        """The letter as sent, once the owner of the address has confirmed it is theirs."""
        supporter, letter = action.content()
        context = {
            "campaign": campaign,
            "first_name": supporter.name.split()[0],
            "recipient": action.recipient,
            "letter": letter,
        }
        to = Mailbox(supporter.email, supporter.name)
        subject = f"Your letter to {action.recipient.name}: {letter.subject}"
        return self._from_campaign(campaign, to, subject, "emails/copy", context, MailKind.COPY, action)

    def _from_campaign(
        self,
        campaign: Campaign,
        to: Mailbox,
        subject: str,
        template: str,
        context: dict[str, Any],
        kind: MailKind,
        action: Action,
    ) -> OutgoingEmail:
        """From the campaign (its own name), from ``<template>.txt.j2`` and ``.html.j2``."""
        return OutgoingEmail(
            sender=Mailbox(campaign.sender_email, campaign.sender_name),
            to=(to,),
            subject=subject,
            text=self._render(f"{template}.txt.j2", context),
            html=self._render(f"{template}.html.j2", context),
            tags=MailTags(kind, campaign.slug, action.action_id),
        )


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _plausible(token: str) -> bool:
    return 20 <= len(token) <= 100 and all(c.isalnum() or c in "-_" for c in token)
