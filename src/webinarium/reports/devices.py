"""Browser, device and operating system read from a User-Agent header, with
ua-parser (the uap-core rules): read when a report is made, not when a member
enters, so better rules improve old stays' rows too."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import ua_parser

# BigMarker's device words ("desktop", "chrome", "android") by operating
# system family; iPhones and iPads say "ios", every other known system
# "desktop", an unknown one nothing.
_DEVICE_BY_OS = {"Android": "android", "Chrome OS": "chrome", "iOS": "ios", "iPadOS": "ios"}


@dataclass(frozen=True)
class Device:
    browser: str
    # The browser's major version; None when unknown.
    browser_version: int | None
    device: str
    os: str


UNKNOWN = Device(browser="", browser_version=None, device="", os="")


@lru_cache(maxsize=1024)
def device_of(user_agent: str | None) -> Device:
    """What the header says; `UNKNOWN` (empty words) without one. Cached: a
    webinar's attendees come with a few hundred distinct headers at most."""
    if not user_agent:
        return UNKNOWN
    parsed = ua_parser.parse(user_agent)
    browser = parsed.user_agent
    os_family = parsed.os.family if parsed.os is not None and parsed.os.family != "Other" else ""
    major = browser.major if browser is not None else None
    return Device(
        browser=browser.family if browser is not None and browser.family != "Other" else "",
        browser_version=int(major) if major and major.isdigit() else None,
        device=_DEVICE_BY_OS.get(os_family, "desktop") if os_family else "",
        os=os_family,
    )
