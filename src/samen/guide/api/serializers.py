"""The guide's answer as JSON: the ordered contacts, with a stable kind each. Output only; the query parameters are
checked by the same form as the HTML pages (samen.guide.forms.GuideForm)."""

from rest_framework import serializers


class GuideContactSerializer(serializers.Serializer):
    kind = serializers.CharField(
        help_text="Stable kind: emergency, police, care-coordinator, veilig-thuis, labour-inspectorate, comensha, "
        "anonymous-line, fier-chat, fairwork, nidos, kmar, report-form."
    )
    name = serializers.CharField(help_text="Name of the organisation or service.")
    why = serializers.CharField(help_text="Why this contact, in the requested language.")
    description = serializers.CharField(help_text="What the contact does, in the requested language.")
    phone = serializers.CharField(help_text="Phone number as people dial it; empty if none.")
    url = serializers.CharField(help_text="Web page (absolute URL); empty if none.")
    chat_url = serializers.CharField(help_text="Chat service; empty if none.")
    walk_in = serializers.CharField(help_text="Walk-in address or 'by appointment'; empty if none.")
    hours = serializers.CharField(help_text="When the contact can be reached, in the requested language.")
    languages = serializers.ListField(child=serializers.CharField(), help_text="Languages spoken (codes).")
    anonymous = serializers.BooleanField(help_text="Whether one can contact them anonymously.")
    regional = serializers.BooleanField(help_text="True when this is the contact of the municipality's region.")
    region = serializers.CharField(allow_null=True, help_text="Name of the region it serves, for a regional contact.")
    translation_pending = serializers.BooleanField(
        help_text="The requested language has no text yet: the English text is given."
    )


class GuidePlaceSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="CBS code of the municipality the regional contacts are for, e.g. GM0363.")
    name = serializers.CharField(help_text="Official (CBS) name of the municipality.")
    postcode = serializers.CharField(
        allow_null=True,
        help_text="The postcode it was found by, normalised ('1012 AB' or '1012'); null for a name or code.",
    )
    postcode_area_split = serializers.BooleanField(
        help_text="The postcode area lies in more than one municipality: the one with most addresses was chosen."
    )


class GuideRouteSerializer(serializers.Serializer):
    contacts = GuideContactSerializer(many=True, help_text="In the order to contact them.")
    municipality = GuidePlaceSerializer(
        allow_null=True,
        help_text="The municipality the advice is for, as understood from `municipality`; null if none.",
    )
    ruleset_version = serializers.IntegerField(help_text="Version of the published routing rules used.")
    lang = serializers.CharField(help_text="Language of the texts.")


class GuideInvalidParamSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The query parameter.")
    code = serializers.CharField(
        help_text="required, invalid_choice, unknown_municipality, max_length, unknown_parameter or repeated."
    )
    reason = serializers.CharField(help_text="What is wrong, in plain language.")


class GuideProblemSerializer(serializers.Serializer):
    """application/problem+json (RFC 9457)."""

    type = serializers.CharField()
    code = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    invalid_params = GuideInvalidParamSerializer(many=True)
