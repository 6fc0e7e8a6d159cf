from django.conf import settings
from django.urls import Resolver404, resolve, reverse
from django.utils import translation


def samen(request):
    return {
        "demo_mode": settings.DEMO_MODE,
        "oidc_enabled": settings.OIDC_ENABLED,
        "language_links": language_links(request),
    }


def language_links(request) -> list[dict]:
    """Links to this same page in the other languages. Plain links, not a form: switching language needs no
    cookie, which matters for a victim whose phone may be checked."""
    current = translation.get_language() or settings.LANGUAGE_CODE
    links = []
    for code, _name in settings.LANGUAGES:
        if code == current:
            continue
        info = translation.get_language_info(code)
        links.append({"code": code, "name": info["name_local"], "url": _in_language(request, code)})
    return links


def _in_language(request, code: str) -> str:
    home = "/" if code == settings.LANGUAGE_CODE else f"/{code}/"
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return home
    if not match.url_name:
        return home
    with translation.override(code):
        path = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
    query = request.META.get("QUERY_STRING", "")
    return f"{path}?{query}" if query else path
