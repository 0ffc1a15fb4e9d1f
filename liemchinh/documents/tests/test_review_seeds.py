"""Every seed goes through upload → review → confirm against the demo province's registry,
with the officer placing only the agency names the registry does not know."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from liemchinh.demo import load_demo
from liemchinh.documents.models import Document
from liemchinh.plans.models import Plan

from .test_review_views import review_data, upload

SEEDS = sorted((Path(__file__).parent / "fixtures" / "seeds").glob("*.txt"))
TASK_ERROR = re.compile(r"^Nhiệm vụ (\d+):")


@pytest.mark.django_db
def test_all_five_seeds_become_confirmed_plans(client):
    load_demo()
    client.force_login(get_user_model().objects.get(username="officer_tinh"))
    assert len(SEEDS) == 5
    for seed in SEEDS:
        documents_before, plans_before = Document.objects.count(), Plan.objects.count()
        response = upload(client, name=seed.name, data=seed.read_bytes())
        assert response.status_code == 302, seed.name
        page = client.get(response["Location"])
        proposed_tasks = len(page.context["draft"]["proposal"]["tasks"])
        # The demo already holds the seeds as documents: confirm through the duplicate warning.
        data = review_data(page, allow_duplicate="on")
        answer = client.post(page.request["PATH_INFO"], data)
        if answer.status_code == 400:
            # The officer places each task whose agency is not in the registry.
            for error in answer.context["errors"]:
                match = TASK_ERROR.match(error)
                assert match, (seed.name, error)
                index = int(match.group(1)) - 1
                data[f"tasks-{index}-lead"] = "Thanh tra tỉnh Tây Ninh"
                data[f"tasks-{index}-partners"] = ""
            answer = client.post(page.request["PATH_INFO"], data)
        assert answer.status_code == 302, (seed.name, getattr(answer, "context", None) and answer.context.get("errors"))
        assert Document.objects.count() == documents_before + 1
        assert Plan.objects.count() == plans_before + 1
        plan = Plan.objects.order_by("-id").first()
        assert plan.tasks.count() == proposed_tasks, seed.name
