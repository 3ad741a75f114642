from django import template

from news.queries import latest_news as latest_news_query
from news.queries import news_index_page

register = template.Library()


@register.inclusion_tag("news/components/latest_news_block.html", takes_context=True)
def latest_news(context, limit=3):
    request = context.get("request")
    index = news_index_page(request)
    return {
        "articles": latest_news_query(limit),
        "news_index_url": index.get_url(request) if index else None,
        "request": request,
    }
