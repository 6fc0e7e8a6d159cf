"""The answers the Wegwijzer asks for, as codes (the same codes as the API's parameters)."""

WHO = ("victim", "concerned", "professional")
FORMS = ("sexual", "labour", "criminal", "begging", "organ", "unknown")
AGES = ("minor", "adult", "unknown")
ORIGINS = ("nl-eu", "non-eu", "unknown")
