"""OpenID Connect sign-in (e.g. a government identity provider), switched on by settings.

The identity provider vouches for who someone is; Samen still decides what they may do. Only an existing, active
account with the same e-mail address signs in, and Samen's own second factor is still asked afterwards.
"""

from mozilla_django_oidc.auth import OIDCAuthenticationBackend


class SamenOIDCBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims):
        email = (claims.get("email") or "").strip()
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email, is_active=True)

    def create_user(self, claims):
        # Never create accounts on the fly, whatever OIDC_CREATE_USER says: a functional admin decides who works here.
        return None
