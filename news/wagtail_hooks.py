from wagtail import hooks

from .queries import next_article_date_start


@hooks.register("serving_next_content_change")
def next_article_listed():
    # An article dated ahead joins the listings when its day starts.
    return next_article_date_start()
