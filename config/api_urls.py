"""/api/v1/: one router; each app contributes its viewsets through its api module."""

from rest_framework.routers import DefaultRouter

from liemchinh.core.api import register as register_core

router = DefaultRouter()
register_core(router)

urlpatterns = router.urls
