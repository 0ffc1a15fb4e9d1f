from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrityConfig(AppConfig):
    name = "liemchinh.integrity"
    label = "integrity"
    verbose_name = _("Kiểm soát xung đột lợi ích")

    def ready(self) -> None:
        from liemchinh.integrity import permissions  # noqa: F401  (registers the integrity permissions)
