from __future__ import annotations

from webinarium.kit.errors import Conflict, InvalidInput, NotFound


class WebhookEndpointNotFound(NotFound):
    code = "webhook_endpoint_not_found"


class WebhookDeliveryNotFound(NotFound):
    code = "webhook_delivery_not_found"


class InvalidWebhookUrl(InvalidInput):
    code = "invalid_webhook_url"


class UnknownEventType(InvalidInput):
    code = "unknown_event_type"


class WebhookEndpointDisabled(Conflict):
    """A disabled endpoint is sent nothing: enable it first (PATCH enabled=true)."""

    code = "webhook_endpoint_disabled"


class WebhookDeliveryPending(Conflict):
    """A delivery not yet delivered nor given up is sent on its schedule already."""

    code = "webhook_delivery_pending"
