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


@register.simple_tag
def reading_newest(page, limit=3):
    """`page`'s pk if it is one of the newest articles the sidebar could list, else None:
    what the list shown beside it depends on (the fragment's key)."""
    newest = NewsArticlePage.objects.newest(limit + 1)
    return page.pk if any(article.pk == page.pk for article in newest) else None


@register.inclusion_tag("news/components/latest_news_block.html", takes_context=True)
def latest_news(context, reading=None, limit=3):
    """The sidebar's list of the newest articles (no pictures), but the one being read."""
    found = newest_articles(context, limit + 1)
    found["articles"] = NewsArticlePage.objects.listed_beside(reading, limit)
    return found


@register.simple_tag(takes_context=True)
def news_cards(context, limit=3):
    """{"articles", "news_index_url"}: the newest articles with their pictures, for cards."""
    return newest_articles(context, limit, pictures=True)
