"""The organiser console's sign-in, sessions and forms: the interface every
console section codes against (docs/console.md).

- A browser signed in carries the cookie `COOKIE`: the session's random token
  and its HMAC under a key of its own (`kit.security.derived_key`), HttpOnly,
  SameSite=Lax, Secure when the server's public URL is https. The database
  keeps the token's SHA-256 (`accounts.console_sessions`).
- ``Console`` / ``ReadConsole``: the signed-in user of a request, in the
  request's read-write / read-only unit (`api.deps.Session` / ``ReadSession``:
  a route asking for both gets the one unit). Not signed in: a 303 to the
  sign-in page (``?next=`` the page asked for, when it was a GET).
- ``ConsoleForm``: the POSTed form, refused (403 page) unless its
  ``csrf_token`` is the session's (synchroniser token, compared in constant
  time) and its Origin, when the browser sends one, is this server's; checked
  before the admin guard judges the role (`SentForm`).
- ``ConsoleRoute``: a domain error raised by a console route is a console page
  (after the unit rolled back), with the status `pages.templating.status_of` gives.
"""

from __future__ import annotations

import base64
import contextvars
import hashlib
import hmac
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated, Any, Literal, cast
from urllib.parse import quote, unquote, urlsplit

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import FormData

from webinarium.accounts import audit, console_sessions, people
from webinarium.accounts.errors import AuthenticationFailed
from webinarium.accounts.login import user_of_password
from webinarium.api.deps import ReadSession, Session, claim_unit
from webinarium.api.limits import read_form
from webinarium.conferences.errors import ConferenceNotFound
from webinarium.conferences.service import get_conference
from webinarium.kit.actors import Actor
from webinarium.kit.db import Database
from webinarium.kit.errors import DomainError, InvalidInput, Throttled
from webinarium.kit.security import derived_key
from webinarium.kit.throttle import SlidingWindow
from webinarium.models import Account, Conference, User
from webinarium.pages.templating import FORM_PAGE, PageRoute, render, status_of, templates
from webinarium.registrations import sources
from webinarium.settings import Settings

COOKIE = "webinarium_console"
# The sentence a page shows once after a redirect (`see_other`); plain text,
# shown escaped like everything else.
NOTICE_COOKIE = "webinarium_console_notice"
SIGN_IN_PATH = "/console/sign-in"
HOME_PATH = "/console/webinars"

Role = Literal["owner", "admin", "channel_admin"]
ROLE_LABELS: dict[str, str] = {
    "owner": "Owner",
    "admin": "Admin",
    "channel_admin": "Channel admin",
}


class SignInRequired(DomainError):
    code = "sign_in_required"


class FormExpired(DomainError):
    code = "form_expired"


class ConsoleForbidden(DomainError):
    code = "console_forbidden"


_CONSOLE_STATUSES = {"form_expired": 403, "console_forbidden": 403, "link_refused": 410}
_CONSOLE_TITLES = {
    "form_expired": "This form has expired",
    "console_forbidden": "Not for your role",
    "throttled": "Too many attempts",
    "link_refused": "This link does not work",
    "too_large": "Too large",
}


@dataclass(frozen=True)
class Viewer:
    """What the console's frame shows of the signed-in user, read while the
    unit is open: a page shown for an error is rendered after it rolled back."""

    name: str
    email: str
    role: str
    account_name: str
    csrf_token: str

    @property
    def is_account_admin(self) -> bool:
        return self.role in ("owner", "admin")

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


_VIEWER = "console_viewer"


@dataclass(frozen=True)
class ConsoleContext:
    account: Account
    user: User
    role: Role
    channel_ids: frozenset[str] | None  # None: every channel of the account
    csrf_token: str
    # The session row's id (the SHA-256 of the cookie's token): sign-out ends it.
    session_id: str

    @property
    def actor(self) -> Actor:
        return Actor("user", self.user.id)

    @property
    def is_account_admin(self) -> bool:
        return self.role in ("owner", "admin")

    def sees_channel(self, channel_id: str) -> bool:
        return self.channel_ids is None or channel_id in self.channel_ids

    async def conference(self, session: AsyncSession, conference_id: str) -> Conference:
        """The account's conference if this user may see its channel, else
        `ConferenceNotFound` (another account's or another channel's conference
        looks like none at all): THE visibility rule of the console."""
        conference = await get_conference(session, self.account, conference_id)
        if not self.sees_channel(conference.channel_id):
            raise ConferenceNotFound(f"conference {conference_id} not found")
        return conference

    async def record(
        self,
        session: AsyncSession,
        action: str,
        summary: str,
        *,
        subject_type: str | None = None,
        subject_id: str | None = None,
    ) -> None:
        """One audit-log row in the request's transaction (`accounts.audit`)."""
        await audit.record(
            session,
            self.user,
            action,
            summary,
            subject_type=subject_type,
            subject_id=subject_id,
        )


# -- the cookie ----------------------------------------------------------------


def _cookie_key(settings: Settings) -> bytes:
    return derived_key(settings.secret_key, b"webinarium/console-session/v1")


def _signed(settings: Settings, token: str) -> str:
    digest = hmac.new(_cookie_key(settings), token.encode(), hashlib.sha256).digest()
    return f"{token}.{base64.urlsafe_b64encode(digest).rstrip(b'=').decode()}"


def _token_of_cookie(request: Request) -> str | None:
    """The session token of the request's cookie, if its signature holds."""
    value = request.cookies.get(COOKIE, "")
    token, _, _ = value.rpartition(".")
    if not token:
        return None
    expected = _signed(request.app.state.settings, token)
    return token if hmac.compare_digest(expected.encode(), value.encode()) else None


_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def _secure(request: Request) -> bool:
    """Secure when the server's public URL is https, except for plain http on
    the loopback address (someone at the machine itself, or the tests): no
    network to listen on there, and a Secure cookie would never come back."""
    settings: Settings = request.app.state.settings
    if not settings.base_url.startswith("https://"):
        return False
    return not (request.url.scheme == "http" and request.url.hostname in _LOOPBACK)


def set_session_cookie(response: Response, request: Request, token: str) -> None:
    response.set_cookie(
        COOKIE,
        _signed(request.app.state.settings, token),
        httponly=True,
        samesite="lax",
        path="/",
        secure=_secure(request),
    )


def clear_session_cookie(response: Response, request: Request) -> None:
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax", secure=_secure(request))


# -- the dependencies ------------------------------------------------------------


async def _signed_in(request: Request, session: AsyncSession, *, writable: bool) -> ConsoleContext:
    token = _token_of_cookie(request)
    now = request.app.state.clock.now()
    found = await console_sessions.signed_in(session, token, now) if token else None
    if found is None:
        raise SignInRequired("sign in to see this page")
    if console_sessions.touch_due(found.row, now):
        if writable:
            await console_sessions.touch(session, found.row.id, now)
        else:
            # A read-only unit cannot write: the touch (once a minute at most)
            # is a short unit of its own.
            database: Database = request.app.state.database
            async with database.transaction() as writing:
                await console_sessions.touch(writing, found.row.id, now)
    user, account = found.user, found.account
    context = ConsoleContext(
        account=account,
        user=user,
        role=cast(Role, user.role),
        channel_ids=None if found.channel_ids is None else frozenset(found.channel_ids),
        csrf_token=found.row.csrf_token,
        session_id=found.row.id,
    )
    setattr(request.state, _VIEWER, _viewer_of(context))
    return context


def _viewer_of(console: ConsoleContext) -> Viewer:
    return Viewer(
        name=console.user.name,
        email=console.user.email,
        role=console.role,
        account_name=console.account.name,
        csrf_token=console.csrf_token,
    )


async def _console(request: Request, session: Session) -> ConsoleContext:
    return await _signed_in(request, session, writable=True)


async def _read_console(request: Request, session: ReadSession) -> ConsoleContext:
    return await _signed_in(request, session, writable=False)


Console = Annotated[ConsoleContext, Depends(_console, scope="function")]
ReadConsole = Annotated[ConsoleContext, Depends(_read_console, scope="function")]


def _origins_of_server(request: Request) -> set[str]:
    settings: Settings = request.app.state.settings
    public = urlsplit(settings.base_url)
    origins = {f"{public.scheme}://{public.netloc}".lower()}
    host = request.headers.get("host")
    if host:
        origins.add(f"{request.url.scheme}://{host}".lower())
    return origins


def check_origin(request: Request) -> None:
    """Refuses a form a browser sent from another site's page (its Origin header
    names the page's site; a browser that sends none is judged by the token)."""
    origin = request.headers.get("origin")
    if origin is not None and origin.lower() not in _origins_of_server(request):
        raise FormExpired("This form was sent from another site.")


_FORMLESS_METHODS = ("GET", "HEAD")


async def _sent_form(request: Request, console: Console) -> FormData | None:
    """The form of a POST once its Origin and CSRF token are checked (None for
    a GET). Every guard that refuses a form for another reason depends on it,
    so an expired or forged form is refused as such, whoever sent it."""
    if request.method in _FORMLESS_METHODS:
        return None
    check_origin(request)
    form = await read_form(request)
    given = form.get("csrf_token")
    if not isinstance(given, str) or not hmac.compare_digest(
        given.encode(), console.csrf_token.encode()
    ):
        raise FormExpired("This form has expired — reload the page and try again.")
    return form


# FastAPI runs a dependency once per request: the form is checked once.
SentForm = Annotated[FormData | None, Depends(_sent_form, scope="function")]


async def _console_form(form: SentForm) -> FormData:
    if form is None:
        raise FormExpired("This page takes no form.")
    return form


ConsoleForm = Annotated[FormData, Depends(_console_form, scope="function")]


def require_account_admin(console: ConsoleContext) -> None:
    """Owner or admin only (Connect, People, Audit)."""
    if not console.is_account_admin:
        raise ConsoleForbidden("This page is for the account's owners and admins.")


async def _admin_console(console: Console, form: SentForm) -> ConsoleContext:
    # ``form``: a POST's form is checked before the role is (an expired form says so).
    require_account_admin(console)
    return console


async def _read_admin_console(console: ReadConsole) -> ConsoleContext:
    require_account_admin(console)
    return console


# ``Console`` / ``ReadConsole`` of an owner or admin; anyone else: the 403 page.
AdminConsole = Annotated[ConsoleContext, Depends(_admin_console, scope="function")]
ReadAdminConsole = Annotated[ConsoleContext, Depends(_read_admin_console, scope="function")]
_ADMIN_CONSOLES = (_admin_console, _read_admin_console)


# -- rendering -----------------------------------------------------------------

# The CSRF token of the page being rendered, for `csrf_field()` in
# console/macros.html: an imported macro does not see the template's variables.
_csrf_token: contextvars.ContextVar[str] = contextvars.ContextVar("console_csrf_token")


def _current_csrf_token() -> str:
    return _csrf_token.get("")


templates.env.globals["console_csrf_token"] = _current_csrf_token
# The sources `registration_source()` in console/macros.html words.
templates.env.globals["registration_sources"] = sources


@contextmanager
def _rendering_for(viewer: Viewer | None) -> Iterator[None]:
    reset = _csrf_token.set(viewer.csrf_token if viewer else "")
    try:
        yield
    finally:
        _csrf_token.reset(reset)


def _page(
    request: Request,
    viewer: Viewer | None,
    template: str,
    context: dict[str, Any],
    *,
    status: int,
) -> HTMLResponse:
    notice = unquote(request.cookies.get(NOTICE_COOKIE, ""))[:300] or None
    with _rendering_for(viewer):
        response = render(
            request, template, {**context, "viewer": viewer, "notice": notice}, status=status
        )
    if notice:
        response.delete_cookie(NOTICE_COOKIE, path="/console")
    response.headers["Cache-Control"] = "no-store"
    return response


def render_console(
    request: Request,
    console: ConsoleContext,
    template: str,
    context: dict[str, Any],
    *,
    status: int = 200,
) -> HTMLResponse:
    """A console page: ``console`` and ``notice`` (the sentence `see_other`
    left for it) added to the context; never cached."""
    return _page(
        request, _viewer_of(console), template, {**context, "console": console}, status=status
    )


def render_signed_out(
    request: Request, template: str, context: dict[str, Any], *, status: int = 200
) -> HTMLResponse:
    """A page of the console for someone not signed in (sign-in, reset)."""
    return _page(request, None, template, context, status=status)


def see_other(url: str, notice: str | None = None) -> RedirectResponse:
    """303 after a POST; ``notice`` is shown once by the next console page."""
    response = RedirectResponse(url, status_code=303)
    if notice:
        response.set_cookie(
            NOTICE_COOKIE, quote(notice), path="/console", httponly=True, samesite="lax"
        )
    return response


async def recorded(
    session: AsyncSession,
    console: ConsoleContext,
    action: str,
    summary: str,
    *,
    subject: tuple[str, str] | None = None,
    then: str,
    notice: str,
) -> RedirectResponse:
    """How a console change ends: its audit-log row (``subject``: what it is
    about, type and id), then the 303 to ``then`` with ``notice``."""
    subject_type, subject_id = subject or (None, None)
    await console.record(session, action, summary, subject_type=subject_type, subject_id=subject_id)
    return see_other(then, notice)


def message_page(request: Request, title: str, message: str, *, status: int) -> HTMLResponse:
    viewer = getattr(request.state, _VIEWER, None)
    return _page(
        request, viewer, "console/message.html", {"title": title, "message": message}, status=status
    )


# No other site shows a console page in a frame (clickjacking a signed-in
# organiser's buttons); the public pages stay embeddable (a recording's iframe).
NOT_FRAMED = {"X-Frame-Options": "DENY", "Content-Security-Policy": "frame-ancestors 'none'"}


class ConsoleRoute(PageRoute):
    """Not signed in: to the sign-in page. Other domain errors: a console page.
    Every answer, page or refusal, is `NOT_FRAMED`."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def not_framed(request: Request) -> Response:
            response = await handle(request)
            response.headers.update(NOT_FRAMED)
            return response

        return not_framed

    def error_response(self, request: Request, error: DomainError) -> Response:
        response = self._error_page(request, error)
        response.headers.update(NOT_FRAMED)
        return response

    def _error_page(self, request: Request, error: DomainError) -> Response:
        if isinstance(error, SignInRequired):
            target = SIGN_IN_PATH
            if request.method == "GET":
                asked = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                target += f"?next={quote(asked, safe='')}"
            response: Response = RedirectResponse(target, status_code=303)
            if COOKIE in request.cookies:
                clear_session_cookie(response, request)
            return response
        if getattr(request.state, FORM_PAGE, None) is not None:
            return super().error_response(request, error)
        return error_page(request, error)


def error_page(request: Request, error: DomainError) -> HTMLResponse:
    """A console page saying why: in the console's frame when the request got
    as far as knowing who is signed in, plain otherwise (a body over the limit
    is refused before that: `api.limits.BodyLimit`, or while `api.deps`' unit
    reads it before opening)."""
    status = _CONSOLE_STATUSES.get(error.code, status_of(error))
    title = _CONSOLE_TITLES.get(error.code, "Nothing is here" if status == 404 else "Refused")
    response = message_page(request, title, error.message, status=status)
    if isinstance(error, Throttled):
        response.headers["Retry-After"] = str(error.retry_after)
    return response


def console_router() -> APIRouter:
    return APIRouter(prefix="/console", route_class=ConsoleRoute, include_in_schema=False)


class AdminConsoleRoute(ConsoleRoute):
    """A route of a section for owners and admins: refused when the app is
    built unless it asks for ``AdminConsole`` or ``ReadAdminConsole``, so no
    route of the section can leave the guard out."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, endpoint, **kwargs)
        if not any(d.call in _ADMIN_CONSOLES for d in self.dependant.dependencies):
            raise TypeError(f"{path}: a console section for admins needs AdminConsole")


def admin_console_router() -> APIRouter:
    """`console_router` of a section for owners and admins (Connect, People)."""
    return APIRouter(prefix="/console", route_class=AdminConsoleRoute, include_in_schema=False)


# -- sign-in and sign-out --------------------------------------------------------

router = console_router()


def local_next(value: str | None) -> str:
    """Where to go after signing in: a console path of this server only."""
    if not value:
        return HOME_PATH
    parts = urlsplit(value)
    if (
        parts.scheme
        or parts.netloc
        or not value.startswith("/console")
        or value.startswith("//")
        or "\\" in value
        or (parts.path != "/console" and not parts.path.startswith("/console/"))
    ):
        return HOME_PATH
    return value


@router.get("", name="console_home")
async def home() -> RedirectResponse:
    return RedirectResponse(HOME_PATH, status_code=303)


@router.get("/sign-in", name="console_sign_in_form")
async def sign_in_form(request: Request, next: str = "") -> HTMLResponse:
    return render_signed_out(
        request, "console/sign_in.html", {"email": "", "next": local_next(next), "errors": {}}
    )


@router.post("/sign-in", name="console_sign_in")
async def sign_in(request: Request) -> Response:
    check_origin(request)
    form = await read_form(request)
    email = str(form.get("email") or "").strip()
    password = str(form.get("password") or "")
    next_path = local_next(str(form.get("next") or ""))
    database = claim_unit(request, "sign-in's read and write units")
    try:
        user_id = await user_of_password(
            database,
            request.app.state.login_throttle,
            email=email,
            password=password,
            address=request.client.host if request.client else "",
        )
        async with database.transaction() as session:
            started = await console_sessions.start_session(
                session,
                user_id,
                request.app.state.clock.now(),
                replacing=_token_of_cookie(request),
            )
    except (AuthenticationFailed, Throttled) as error:
        throttled = isinstance(error, Throttled)
        message = (
            "Too many failed attempts: try again in a few minutes."
            if throttled
            else "That e-mail and password do not match an account."
        )
        refusal = render_signed_out(
            request,
            "console/sign_in.html",
            {"email": email, "next": next_path, "errors": {"_form": message}},
            status=429 if throttled else 400,
        )
        if isinstance(error, Throttled):
            refusal.headers["Retry-After"] = str(error.retry_after)
        return refusal
    response = RedirectResponse(next_path, status_code=303)
    set_session_cookie(response, request, started.token)
    return response


@router.post("/sign-out", name="console_sign_out")
async def sign_out(
    request: Request, console: Console, session: Session, form: ConsoleForm
) -> Response:
    await console_sessions.end_session(session, console.session_id)
    response = see_other(SIGN_IN_PATH, "You have signed out.")
    clear_session_cookie(response, request)
    return response


# -- a forgotten password, an invitation -------------------------------------------

# Asking for reset links: a few an hour per address and per e-mail (in this
# process, as the login throttle), so the form mails no one in bulk.
RESETS_PER_ADDRESS = (10, 3600.0)
RESETS_PER_EMAIL = (3, 3600.0)


def _reset_throttle(request: Request) -> tuple[SlidingWindow, SlidingWindow]:
    state = request.app.state
    if not hasattr(state, "console_reset_throttle"):
        state.console_reset_throttle = (
            SlidingWindow(*RESETS_PER_ADDRESS),
            SlidingWindow(*RESETS_PER_EMAIL),
        )
    throttles: tuple[SlidingWindow, SlidingWindow] = state.console_reset_throttle
    return throttles


def _private(response: HTMLResponse) -> HTMLResponse:
    """A page whose address carries a token: sent on as no one's referrer."""
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@router.get("/password-reset", name="console_password_reset_form")
async def password_reset_form(request: Request) -> HTMLResponse:
    return render_signed_out(
        request, "console/password_reset.html", {"email": "", "errors": {}, "asked": False}
    )


@router.post("/password-reset", name="console_password_reset")
async def password_reset(request: Request, session: Session) -> HTMLResponse:
    check_origin(request)
    form = await read_form(request)
    email = str(form.get("email") or "").strip().lower()
    if "@" not in email:
        return render_signed_out(
            request,
            "console/password_reset.html",
            {"email": email, "errors": {"email": "Type your e-mail address."}, "asked": False},
            status=400,
        )
    by_address, by_email = _reset_throttle(request)
    address = request.client.host if request.client else ""
    waits = [w for w in (by_address.retry_after(address), by_email.retry_after(email)) if w]
    if waits:
        raise Throttled("Too many links asked for: try again later.", max(waits))
    by_address.record(address)
    by_email.record(email)
    await people.ask_password_reset(
        session, request.app.state.settings, email, request.app.state.clock.now()
    )
    return render_signed_out(
        request, "console/password_reset.html", {"email": email, "errors": {}, "asked": True}
    )


@router.get("/password-reset/{token}", name="console_new_password_form")
async def new_password_form(request: Request, session: ReadSession, token: str) -> HTMLResponse:
    await people.usable_link(session, token, "password_reset", request.app.state.clock.now())
    return _private(
        render_signed_out(request, "console/new_password.html", {"errors": {}, "token": token})
    )


@router.post("/password-reset/{token}", name="console_new_password")
async def new_password(request: Request, session: Session, token: str) -> Response:
    check_origin(request)
    form = await read_form(request)
    password = str(form.get("password") or "")
    try:
        user = await people.reset_password(session, token, password, request.app.state.clock.now())
    except InvalidInput as error:
        return _private(
            render_signed_out(
                request,
                "console/new_password.html",
                {"errors": {"password": error.message}, "token": token},
                status=400,
            )
        )
    await audit.record(session, user, "person.password_reset", "Set a new password")
    return see_other(SIGN_IN_PATH, "Your new password is set: sign in with it.")


@router.get("/invitations/{token}", name="console_invitation_form")
async def invitation_form(request: Request, session: ReadSession, token: str) -> HTMLResponse:
    row = await people.usable_link(session, token, "invitation", request.app.state.clock.now())
    context: dict[str, Any] = {"errors": {}, "token": token, "email": row.email, "name": ""}
    return _private(render_signed_out(request, "console/invitation.html", context))


@router.post("/invitations/{token}", name="console_invitation_accept")
async def accept_invitation(request: Request, session: Session, token: str) -> Response:
    check_origin(request)
    form = await read_form(request)
    name = str(form.get("name") or "").strip()
    password = str(form.get("password") or "")
    now = request.app.state.clock.now()
    row = await people.usable_link(session, token, "invitation", now)
    email = row.email
    try:
        user = await people.accept_invitation(session, token, name=name, password=password, now=now)
    except InvalidInput as error:
        field = "password" if "password" in error.message else "name"
        context = {"errors": {field: error.message}, "token": token, "email": email, "name": name}
        return _private(render_signed_out(request, "console/invitation.html", context, status=400))
    await audit.record(
        session,
        user,
        "person.joined",
        f"Accepted the invitation as {user.email}",
        subject_type="user",
        subject_id=user.id,
    )
    started = await console_sessions.start_session(
        session, user.id, now, replacing=_token_of_cookie(request)
    )
    response = see_other(HOME_PATH, f"Welcome, {user.name}.")
    set_session_cookie(response, request, started.token)
    return response
