import pytest
from django.conf import settings


@pytest.mark.django_db
def test_an_english_browser_still_gets_vietnamese_first(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert 'lang="vi"' in response.content.decode()


@pytest.mark.django_db
def test_the_language_switch_cookie_wins(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="vi")
    assert 'lang="en"' in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_cookie_language_falls_back_to_vietnamese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert 'lang="vi"' in client.get("/").content.decode()
