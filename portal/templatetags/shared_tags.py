"""{% shared "name" value ... %}…{% endshared %}: a fragment rendered once per process for
the cache generation (portal.shared_data), for each combination of the values named.

Only for fragments that are the same for every visitor given those values: the threat
level bar, the footer, a picture of an image. Nothing per visitor (a form's CSRF token,
the signed-in user) may go inside. The language is always part of the key. A preview
renders every fragment afresh and keeps none: it may show a draft's values.
"""

from django import template
from django.utils.translation import get_language

from portal.shared_data import is_preview, remembered_among

register = template.Library()

# Fragments each process keeps per generation, at most.
MAX_KEPT_FRAGMENTS = 5_000


class SharedFragmentNode(template.Node):
    def __init__(self, nodelist, vary_on):
        self.nodelist = nodelist
        self.vary_on = vary_on

    def render(self, context):
        request = context.get("request")
        if is_preview(request):
            return self.nodelist.render(context)
        key = (get_language(), *(value.resolve(context) for value in self.vary_on))
        return remembered_among(
            request,
            "fragments",
            key,
            lambda: self.nodelist.render(context),
            limit=MAX_KEPT_FRAGMENTS,
        )


@register.tag("shared")
def shared(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' needs a fragment name.")
    nodelist = parser.parse(("endshared",))
    parser.delete_first_token()
    return SharedFragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]])
