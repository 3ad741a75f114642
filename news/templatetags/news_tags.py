from django import template

from core.queries import top_level_page
from news.models import NewsArticlePage, NewsIndexPage

register = template.Library()


def with_news_index(context, articles):
    request = context.get("request")
    index = top_level_page(NewsIndexPage, request)
    return {
        "articles": articles,
        "news_index_url": index.get_url(request) if index else None,
        "request": request,
    }


@register.simple_tag
def skipped_beside(page, related=None):
    """The pks the latest news beside `page` leaves out (the page, its related
    articles) where it could otherwise list them: the fragment's key."""
    return NewsArticlePage.objects.skipped_beside([page.pk, *(a.pk for a in related or ())])


@register.inclusion_tag("news/components/latest_news_block.html", takes_context=True)
def latest_news(context, skipped=()):
    """The sidebar's list of the newest articles (no pictures), but those `skipped`."""
    return with_news_index(context, NewsArticlePage.objects.listed_beside(skipped))


@register.simple_tag(takes_context=True)
def news_cards(context, limit=3):
    """{"articles", "news_index_url"}: the newest articles with their pictures, for cards."""
    return with_news_index(context, NewsArticlePage.objects.newest(limit, pictures=True))
