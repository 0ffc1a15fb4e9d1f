"""Factories of the core app. Other apps import these to build their own fixtures."""

from __future__ import annotations

import factory

from liemchinh.core.models import Organization, OrgKind, RoleAssignment, User


def set_path(org: Organization) -> Organization:
    """Keep the materialised path right for factory-made bodies (services do it in real use)."""
    parent_path = org.parent.path if org.parent_id else "/"
    org.path = f"{parent_path}{org.pk}/"
    org.depth = org.parent.depth + 1 if org.parent_id else 0
    Organization.objects.filter(pk=org.pk).update(path=org.path, depth=org.depth)
    return org


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"ORG{n:04d}")
    name = factory.Sequence(lambda n: f"Cơ quan thử nghiệm {n}")
    kind = OrgKind.DEPARTMENT
    parent = None

    @factory.post_generation
    def fix_path(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            set_path(obj)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.gov.vn")
    password = factory.django.Password("mat-khau-thu-nghiem-1")


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = "viewer"
