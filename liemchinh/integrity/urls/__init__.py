"""URLs of the integrity app, namespace "integrity", served under /kiem-soat-xung-dot/. Each area
keeps its routes in a module of its own and is composed here."""

from __future__ import annotations

from liemchinh.integrity.urls import alerts as alert_urls
from liemchinh.integrity.urls import gifts as gift_urls
from liemchinh.integrity.urls import imports as import_urls
from liemchinh.integrity.urls import rotation as rotation_urls

app_name = "integrity"

urlpatterns = [*import_urls.urlpatterns, *alert_urls.urlpatterns, *gift_urls.urlpatterns, *rotation_urls.urlpatterns]
