from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics
from rest_framework.response import Response
from rest_framework.views import APIView

from ..selectors import municipalities_current
from ..services import UnknownMunicipality, regions_serving
from .serializers import MunicipalitySerializer


class MunicipalityList(generics.ListAPIView):
    """Every current municipality with the regions that serve it."""

    serializer_class = MunicipalitySerializer

    def get_queryset(self):
        return municipalities_current().select_related(
            "police_unit", "riec_region", "veilig_thuis_region", "care_region"
        )


class UnknownMunicipalityError(exceptions.NotFound):
    default_code = UnknownMunicipality.code
    default_detail = UnknownMunicipality.message


class MunicipalityDetail(APIView):
    """Which region of each kind serves this municipality (by CBS code, e.g. GM0363)."""

    @extend_schema(responses=MunicipalitySerializer)
    def get(self, request, code: str):
        try:
            serving = regions_serving(code)
        except UnknownMunicipality as error:
            raise UnknownMunicipalityError() from error
        return Response(MunicipalitySerializer(serving.municipality).data)
