"""The one way views require a named permission: anonymous visitors go to sign-in, a signed-in person without the
permission gets 403, and the refusal is written to the audit trail with its reason."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from samen.audit.services import audit_record_denied


def requires_permission(permission: str):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(permission):
                audit_record_denied(
                    actor=request.user,
                    object_type=f"view:{view.__module__}.{view.__name__}",
                    reason=f"missing permission {permission}",
                )
                raise PermissionDenied(permission)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
