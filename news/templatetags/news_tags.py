from django import template

from core.queries import top_level_page
from news.models import NewsArticlePage, NewsIndexPage

register = template.Library()


@register.inclusion_tag("news/components/latest_news_block.html", takes_context=True)
def latest_news(context, limit=3):
    request = context.get("request")
    index = top_level_page(NewsIndexPage, request)
    return {
        "articles": NewsArticlePage.objects.newest(limit),
        "news_index_url": index.get_url(request) if index else None,
        "request": request,
    }
