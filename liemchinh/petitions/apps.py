from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "liemchinh.petitions"
    label = "petitions"
    verbose_name = _("Phản ánh, kiến nghị, khiếu nại, tố cáo")

    def ready(self) -> None:
        from liemchinh.petitions import permissions  # noqa: F401  (registers the petitions permissions)
