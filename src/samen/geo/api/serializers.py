from rest_framework import serializers

from ..models import Municipality, Region


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["kind", "code", "name"]


class MunicipalitySerializer(serializers.ModelSerializer):
    police_unit = RegionSerializer()
    riec_region = RegionSerializer()
    veilig_thuis_region = RegionSerializer()
    care_region = RegionSerializer()

    class Meta:
        model = Municipality
        fields = [
            "code",
            "name",
            "province",
            "police_unit",
            "riec_region",
            "veilig_thuis_region",
            "care_region",
            "reference_date",
        ]
