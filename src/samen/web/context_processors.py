from django.conf import settings


def samen(request):
    return {
        "demo_mode": settings.DEMO_MODE,
        "oidc_enabled": settings.OIDC_ENABLED,
        "neutral_path": _without_language_prefix(request.get_full_path()),
    }


def _without_language_prefix(path: str) -> str:
    """The language switch sends the page's path without its language prefix; Django's set_language then adds
    the prefix of the chosen language (translate_url does not strip a prefix when the default has none)."""
    for code, _name in settings.LANGUAGES:
        prefix = f"/{code}/"
        if code != settings.LANGUAGE_CODE and path.startswith(prefix):
            return path[len(prefix) - 1 :]
    return path
