"""Every router of the console; app.py includes each (before the pages'
two-segment conference addresses). One line per section."""

from __future__ import annotations

from fastapi import APIRouter

from webinarium.console.access_lists import router as access_lists_router
from webinarium.console.audit_log import router as audit_log_router
from webinarium.console.auth import router as auth_router
from webinarium.console.connect import router as connect_router
from webinarium.console.connect_emails import router as connect_emails_router
from webinarium.console.connect_webhooks import router as connect_webhooks_router
from webinarium.console.engagement import router as engagement_router
from webinarium.console.files_page import router as files_router
from webinarium.console.people import router as people_router
from webinarium.console.presenters import router as presenters_router
from webinarium.console.registrants import router as registrants_router
from webinarium.console.reports import router as reports_router
from webinarium.console.run import router as run_router
from webinarium.console.webinars import router as webinars_router

ROUTERS: list[APIRouter] = [
    auth_router,
    people_router,
    audit_log_router,
    webinars_router,
    run_router,
    registrants_router,
    access_lists_router,
    reports_router,
    connect_router,
    connect_webhooks_router,
    connect_emails_router,
    presenters_router,
    files_router,
    engagement_router,
]
