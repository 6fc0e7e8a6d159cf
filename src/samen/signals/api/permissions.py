"""Named permissions per HTTP method for the signals API. A refusal is written to the audit trail with its reason,
as the web views' `requires_permission` does; an anonymous caller gets 401 before any of this runs."""

from rest_framework.permissions import BasePermission

from samen.audit.services import audit_record_denied

VIEW_SIGNALS = "signals.view_signals"
SUBMIT_SIGNALS = "signals.submit_signals_api"


class MethodPermission(BasePermission):
    """The view's `required_permissions` maps a method to a permission. The caller also needs an organisation:
    signals always belong to one, and visibility is decided by it."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        permission = view.required_permissions.get(request.method, VIEW_SIGNALS)
        if user.organisation_id is None:
            reason = "no organisation"
        elif not user.has_perm(permission):
            reason = f"missing permission {permission}"
        else:
            return True
        audit_record_denied(actor=user, object_type=f"api:{view.__module__}.{view.__class__.__name__}", reason=reason)
        return False
