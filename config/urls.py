from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

urlpatterns = [
    path("", include("liemchinh.portal.urls")),
    path("", include("liemchinh.core.urls")),
    path("", include("liemchinh.petitions.urls")),
    path("documents/", include("liemchinh.documents.urls")),
    path("plans/", include("liemchinh.plans.urls")),
    path("kiem-soat-xung-dot/", include("liemchinh.integrity.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-docs"),
]
