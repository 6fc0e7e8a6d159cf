"""Named permissions for the tables API. A caller needs one of the view's `required_any` permissions; a refusal is
written to the audit trail with its reason, as the web views' `requires_permission` does. An anonymous caller gets
401 before any of this runs. Which records a permitted caller sees is then up to the selectors (404 otherwise)."""

from rest_framework.permissions import BasePermission

from samen.audit.services import audit_record_denied

SEE_TABLES = ("tables.take_part_in_table", "tables.chair_table")
SEE_SHARES = ("tables.handle_shares", "tables.take_part_in_table", "tables.oversee_shares")


class AnyPermission(BasePermission):
    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if any(user.has_perm(permission) for permission in view.required_any):
            return True
        audit_record_denied(
            actor=user,
            object_type=f"api:{view.__module__}.{view.__class__.__name__}",
            reason="missing permission " + " or ".join(view.required_any),
        )
        return False
