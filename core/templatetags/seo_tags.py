"""Meta tags, canonical links, JSON-LD and breadcrumbs for the base layout."""

from django import template

from core import seo
from core.queries import top_level_pages

register = template.Library()


@register.inclusion_tag("components/seo_head.html", takes_context=True)
def seo_head(context):
    request = context.get("request")
    page = context.get("page")
    site_settings = context["settings"]["core"]["SiteSettings"]
    data = {"site_name": site_settings.site_name}
    if page is None or not getattr(page, "path", None):
        return data
    meta = seo.page_meta(page, request)
    data.update(meta)
    if meta["is_home"]:
        data["organization_json"] = seo.organization_json(
            site_settings.site_name, meta["canonical"]
        )
    else:
        data["breadcrumb_json"] = seo.breadcrumb_list_json(seo.breadcrumb_trail(page, request))
    return data


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, current_title=None):
    """The trail to the current page; a route that is not a page names itself."""
    request = context.get("request")
    page = context.get("page")
    if page is not None and getattr(page, "path", None):
        trail = seo.breadcrumb_trail(page, request)
    elif current_title:
        home, _children = top_level_pages(request)
        trail = []
        if home is not None:
            trail = [(seo.home_label(), home.get_url(request), None), (current_title, None, None)]
    else:
        trail = []
    return {"trail": trail}
