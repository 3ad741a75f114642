"""{% kept "name" value ... %}…{% endkept %}: a fragment rendered once per process and
cache generation (serving.process), for each combination of the values named.
{% kept listing %}…{% endkept %}: a fragment rendered once for a listing the page kept
with `kept_among()`, under the key it was kept with (rendered afresh if it was not kept).

Only for fragments that are the same for every visitor given those values: the threat
level bar, the footer, a picture of an image. Nothing per visitor (a form's CSRF token,
the signed-in user) may go inside. The Site and the language are always part of the key.
"""

from django import template
from django.utils.translation import get_language

from serving import process

register = template.Library()


class KeptFragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        if self.name is None:  # a listing
            key = process.key_of(self.vary_on[0].resolve(context))
            if key is None:
                return self.nodelist.render(context)
        else:
            key = (self.name, *(value.resolve(context) for value in self.vary_on))
        return process.kept_among(
            "fragments",
            (get_language(), key),
            lambda: self.nodelist.render(context),
            limit=process.MAX_KEPT_FRAGMENTS,
        )


@register.tag("kept")
def kept(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' needs a fragment name or a listing.")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    first = bits[1]
    named = first[0] == first[-1] and first[0] in "\"'"
    if not named and len(bits) > 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' takes one listing, or a name first.")
    name = first[1:-1] if named else None
    values = bits[2:] if named else bits[1:]
    return KeptFragmentNode(nodelist, name, [parser.compile_filter(bit) for bit in values])
