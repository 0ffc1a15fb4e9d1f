"""The landing page, registry imports and registry browsing (composed into the "integrity"
namespace by urls.py)."""

from django.urls import path

from liemchinh.integrity.views import imports

urlpatterns = [
    path("", imports.home, name="home"),
    path("imports/", imports.import_list, name="imports"),
    path("imports/<int:pk>/", imports.import_detail, name="import_detail"),
    path("imports/<int:pk>/progress/", imports.import_progress, name="import_progress"),
    path("imports/<int:pk>/errors/", imports.import_errors_export, name="import_errors_export"),
    path("officials/", imports.official_list, name="officials"),
    path("officials/<int:pk>/", imports.official_detail, name="official"),
    path("enterprises/", imports.enterprise_list, name="enterprises"),
    path("enterprises/<int:pk>/", imports.enterprise_detail, name="enterprise"),
]
