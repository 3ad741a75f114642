"""Admin form data and requests shared by the editorial tests."""

from django.urls import reverse
from wagtail.models import TaskState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield


def article_form(title="Changed article", slug="an-article", **changes):
    fields = {
        "title": title,
        "slug": slug,
        "summary": "A summary.",
        "kind": "news",
        "published_date": "2024-01-01",
        "body": streamfield([("paragraph", rich_text("<p>Body text.</p>"))]),
        "related_article_links": inline_formset([]),
    }
    fields.update(changes)
    return nested_form_data(fields)


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def add_article_url(index):
    return reverse("wagtailadmin_pages:add", args=["news", "newsarticlepage", index.pk])


def submit(client, page, **changes):
    """Post the edit form with "Submit to Comms review"."""
    data = article_form(slug=page.slug, **{"action-submit": "1", **changes})
    return client.post(edit_url(page), data)


def current_task_state(page):
    return TaskState.objects.filter(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
    ).first()


def workflow_action(client, page, action, **data):
    """Approve or reject the task in progress, as the dashboard's buttons do."""
    state = current_task_state(page)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.pk])
    return client.post(url, data)
