"""Every ORM model, one table per module, imported here so the metadata is complete."""

from webinarium.models.access_list_entry import AccessListEntry
from webinarium.models.account import Account
from webinarium.models.account_counter import AccountCounter
from webinarium.models.api_key import ApiKey
from webinarium.models.attention import AttentionAsk, AttentionCheck
from webinarium.models.audit_entry import AuditEntry
from webinarium.models.base import Base
from webinarium.models.category import Category, CategoryConference
from webinarium.models.channel import Channel
from webinarium.models.channel_admin import ChannelAdmin
from webinarium.models.channel_subscriber import ChannelSubscriber
from webinarium.models.conference import Conference
from webinarium.models.conference_file import ConferenceFile
from webinarium.models.conference_reminder import ConferenceReminder
from webinarium.models.conference_status_change import ConferenceStatusChange
from webinarium.models.conference_tag import ConferenceTag
from webinarium.models.console_session import ConsoleSession
from webinarium.models.custom_field import CustomField
from webinarium.models.handout import Handout
from webinarium.models.handout_log import HandoutLog
from webinarium.models.job import Job
from webinarium.models.live import Bot, ChatMessage, Visit
from webinarium.models.mail import Mail, MailState, Suppression, SuppressionReason
from webinarium.models.mail_template import MailTemplate
from webinarium.models.media_stage import MediaStage
from webinarium.models.moderator import Moderator
from webinarium.models.offer import Offer, OfferClick, OfferShow, OfferView
from webinarium.models.outbox_event import OutboxEvent
from webinarium.models.participant_group import ParticipantGroup, ParticipantGroupMember
from webinarium.models.person import Person
from webinarium.models.poll import Poll, PollChoice, PollVote
from webinarium.models.presenter import Presenter
from webinarium.models.question import Question
from webinarium.models.question_vote import QuestionVote
from webinarium.models.recording import Recording, RecordingView
from webinarium.models.recording_session import RecordingSession
from webinarium.models.registration import Registration
from webinarium.models.room_ban import RoomBan
from webinarium.models.room_event import RoomEvent
from webinarium.models.room_process import RoomHolding, RoomProcess
from webinarium.models.spent_link import SpentLink
from webinarium.models.stored_file import FileState, StoredFile
from webinarium.models.survey import SurveyAnswer, SurveyQuestion
from webinarium.models.user import User
from webinarium.models.user_channel import UserChannel
from webinarium.models.user_token import UserToken
from webinarium.models.webhook_attempt import WebhookAttempt
from webinarium.models.webhook_delivery import DeliveryStatus, WebhookDelivery
from webinarium.models.webhook_endpoint import WebhookEndpoint
from webinarium.models.webhook_signing_secret import WebhookSigningSecret
from webinarium.models.webhook_subscription import WebhookSubscription
from webinarium.models.worker_heartbeat import WorkerHeartbeat

__all__ = [
    "AccessListEntry",
    "Account",
    "AccountCounter",
    "ApiKey",
    "AttentionAsk",
    "AttentionCheck",
    "AuditEntry",
    "Base",
    "Bot",
    "Category",
    "CategoryConference",
    "Channel",
    "ChannelAdmin",
    "ChannelSubscriber",
    "ChatMessage",
    "Conference",
    "ConferenceFile",
    "ConferenceReminder",
    "ConferenceStatusChange",
    "ConferenceTag",
    "ConsoleSession",
    "CustomField",
    "DeliveryStatus",
    "FileState",
    "Handout",
    "HandoutLog",
    "Job",
    "Mail",
    "MailState",
    "MailTemplate",
    "MediaStage",
    "Moderator",
    "Offer",
    "OfferClick",
    "OfferShow",
    "OfferView",
    "OutboxEvent",
    "ParticipantGroup",
    "ParticipantGroupMember",
    "Person",
    "Poll",
    "PollChoice",
    "PollVote",
    "Presenter",
    "Question",
    "QuestionVote",
    "Recording",
    "RecordingSession",
    "RecordingView",
    "Registration",
    "RoomBan",
    "RoomEvent",
    "RoomHolding",
    "RoomProcess",
    "SpentLink",
    "StoredFile",
    "Suppression",
    "SuppressionReason",
    "SurveyAnswer",
    "SurveyQuestion",
    "User",
    "UserChannel",
    "UserToken",
    "Visit",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookSigningSecret",
    "WebhookSubscription",
    "WorkerHeartbeat",
]
