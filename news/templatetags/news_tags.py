from django import template

from core.queries import top_level_page
from news.models import NewsArticlePage, NewsIndexPage

register = template.Library()


def newest_articles(context, limit, *, pictures=False):
    request = context.get("request")
    index = top_level_page(NewsIndexPage, request)
    return {
        "articles": NewsArticlePage.objects.newest(limit, pictures=pictures),
        "news_index_url": index.get_url(request) if index else None,
        "request": request,
    }


@register.inclusion_tag("news/components/latest_news_block.html", takes_context=True)
def latest_news(context, limit=3):
    """The sidebar's list of the newest articles (no pictures)."""
    return newest_articles(context, limit)


@register.simple_tag(takes_context=True)
def news_cards(context, limit=3):
    """{"articles", "news_index_url"}: the newest articles with their pictures, for cards."""
    return newest_articles(context, limit, pictures=True)
