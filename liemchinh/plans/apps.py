from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "liemchinh.plans"
    label = "plans"
    verbose_name = _("Kế hoạch, nhiệm vụ")

    def ready(self) -> None:
        from liemchinh.plans import permissions  # noqa: F401  (registers the plans permissions)
