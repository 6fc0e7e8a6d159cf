"""Home page per role, error pages, and the health check."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token

from samen.taxonomy.selectors import terms_current

from .tasks import tasks_for


@login_required
def home(request):
    roles = {term.code: term for term in terms_current("role")}
    my_roles = [roles[slug] for slug in request.user.role_slugs if slug in roles]
    return render(request, "web/home.html", {"my_roles": my_roles, "tasks": tasks_for(request.user)})


@never_cache
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "demo": settings.DEMO_MODE})


@requires_csrf_token
def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


@requires_csrf_token
def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


@requires_csrf_token
def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    return render(request, "500.html", status=500)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
