import pytest
from django.core.exceptions import PermissionDenied

from liemchinh.core.models import Organization
from liemchinh.core.permissions import SYSTEM, has_perm, orgs_with_perm, require_perm
from liemchinh.core.roles import Role


@pytest.mark.django_db
class TestScopes:
    def test_inspectorate_role_on_province_reaches_every_body_below(self, org_tree, make_user):
        officer = make_user(Role.INSPECTORATE_OFFICER, org_tree["province"])
        for key in ("province", "finance", "commune"):
            assert has_perm(officer, "core.audit.view", org_tree[key])

    def test_focal_point_reaches_only_own_body(self, org_tree, make_user):
        focal = make_user(Role.FOCAL_POINT, org_tree["finance"])
        assert has_perm(focal, "core.evidence.upload", org_tree["finance"])
        assert not has_perm(focal, "core.evidence.upload", org_tree["justice"])
        assert set(orgs_with_perm(focal, "core.org.view")) == {org_tree["finance"]}

    def test_role_without_the_permission_is_refused(self, org_tree, make_user):
        viewer = make_user(Role.VIEWER, org_tree["province"])
        assert not has_perm(viewer, "core.evidence.upload", org_tree["finance"])
        with pytest.raises(PermissionDenied):
            require_perm(viewer, "core.org.manage")

    def test_system_admin_reaches_bodies_outside_its_assignment(self, org_tree, make_user):
        admin = make_user(Role.SYSTEM_ADMIN, org_tree["inspectorate"])
        assert has_perm(admin, "core.org.manage", org_tree["commune"])
        assert orgs_with_perm(admin, "core.org.manage").count() == Organization.objects.count()

    def test_anonymous_and_inactive_users_have_nothing(self, org_tree, make_user):
        from django.contrib.auth.models import AnonymousUser

        assert not has_perm(AnonymousUser(), "core.org.view")
        user = make_user(Role.SYSTEM_ADMIN, org_tree["province"], is_active=False)
        assert not has_perm(user, "core.org.view")

    def test_unknown_permission_fails_loudly(self, make_user):
        with pytest.raises(LookupError):
            has_perm(make_user(), "core.no_such_perm")

    def test_system_actor_may_do_everything(self, org_tree):
        assert has_perm(SYSTEM, "core.org.manage", org_tree["commune"])
