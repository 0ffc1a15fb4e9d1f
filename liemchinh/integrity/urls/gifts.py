"""Pages of the gift register (composed into the "integrity" namespace by urls.py)."""

from django.urls import path

from liemchinh.integrity.views import gifts

urlpatterns = [
    path("gifts/", gifts.gift_list, name="gifts"),
    path("gifts/export.xlsx", gifts.gift_export, name="gift_export"),
    path("gifts/summary/", gifts.gift_summary, name="gift_summary"),
    path("gifts/new/", gifts.gift_create, name="gift_create"),
    path("gifts/<int:pk>/", gifts.gift_detail, name="gift"),
    path("gifts/<int:pk>/edit/", gifts.gift_edit, name="gift_edit"),
    path("gifts/<int:pk>/hand-over/", gifts.gift_hand_over_view, name="gift_hand_over"),
    path("gifts/<int:pk>/handle/", gifts.gift_handle_view, name="gift_handle"),
]
