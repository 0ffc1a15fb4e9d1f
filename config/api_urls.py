"""/api/v1/: one router; each app contributes its viewsets through its api module."""

from rest_framework.routers import DefaultRouter

from liemchinh.core.api import register as register_core
from liemchinh.documents.api import register as register_documents
from liemchinh.petitions.api_public import register as register_petitions_public
from liemchinh.plans.api import register as register_plans

router = DefaultRouter()
register_core(router)
register_documents(router)
register_plans(router)
register_petitions_public(router)

urlpatterns = router.urls
