"""Sign-in guards: an idle session ends, and nobody uses Samen without a second factor."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

IDLE_KEY = "samen_last_seen"


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(IDLE_KEY, now)
            if now - last_seen > settings.SAMEN_IDLE_TIMEOUT:
                logout(request)
                messages.info(request, _("You were signed out after a period of inactivity. Please sign in again."))
                return redirect(settings.LOGIN_URL)
            request.session[IDLE_KEY] = now
        return self.get_response(request)


def second_factor_exempt(user) -> bool:
    """Only synthetic demo accounts, and only while the platform runs in demo mode, skip the second factor."""
    return bool(settings.DEMO_MODE and getattr(user, "is_demo", False))


class RequireSecondFactorMiddleware:
    """A signed-in person without a verified second factor may only reach the enrolment and verification pages."""

    ALLOWED_NAMES = {"accounts:verify", "accounts:setup", "accounts:logout", "set_language"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not second_factor_exempt(user)
            and _url_name(request.path_info) not in self.ALLOWED_NAMES
            and not request.path_info.startswith(settings.STATIC_URL)
        ):
            return redirect(reverse("accounts:verify") + "?" + urlencode({"next": request.get_full_path()}))
        return self.get_response(request)


def _url_name(path: str) -> str:
    try:
        match = resolve(path)
    except Resolver404:
        return ""
    return f"{match.namespace}:{match.url_name}" if match.namespace else (match.url_name or "")
