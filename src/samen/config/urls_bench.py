"""The normal URLs plus `/bench/floor/`, the framework's floor for `samen bench intake`: a POST that validates
nothing and inserts one row. Loaded only by samen.config.settings.bench, never by a served configuration."""

import secrets

from django.http import JsonResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from samen.signals.models import RateLimitBucket

from .urls import handler400, handler403, handler404, handler500  # noqa: F401
from .urls import urlpatterns as served_urlpatterns


@csrf_exempt
@require_POST
def floor(request):
    """One INSERT through the ORM, behind the same middleware as every request: the least a write can cost."""
    row = RateLimitBucket.objects.create(bucket=secrets.token_hex(32), window_start=timezone.now(), count=1)
    return JsonResponse({"id": row.pk}, status=201)


urlpatterns = [path("bench/floor/", floor, name="bench-floor"), *served_urlpatterns]
