from wagtail import hooks

from .models import NewsArticlePage


@hooks.register("serving_next_content_change")
def next_article_listed():
    # An article dated ahead joins the listings when its day starts.
    return NewsArticlePage.objects.next_listed_at()
