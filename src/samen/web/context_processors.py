from django.conf import settings


def samen(request):
    return {"demo_mode": settings.DEMO_MODE}
