from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "liemchinh.core"
    label = "core"
    verbose_name = _("Nền tảng")

    def ready(self) -> None:
        from liemchinh.core import permissions  # noqa: F401  (registers core permissions)
