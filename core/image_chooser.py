"""Wagtail's image chooser, searching within a tag (portal/urls.py puts these views at
its addresses). Apart from core.choosing, which the models import: Wagtail's chooser
views need the models loaded."""

from wagtail.images import get_image_model
from wagtail.images.views import chooser as wagtail_image_chooser


class SearchWithinATag:
    """Wagtail's image chooser, searching within a tag (`?q=...&tag=...`): it filtered the
    images by their tags' name before searching them, which its search backend refuses
    (Image's search_fields declare no such filter: a 500). The tag's images are taken by
    id instead, which search filters on. Wagtail's other filters apply as before."""

    def filter_object_list(self, objects):
        if tag := self.request.GET.get("tag"):
            tagged = objects.model.objects.filter(tags__name=tag).values("pk")
            objects = objects.filter(pk__in=tagged)
        # Wagtail's filters after its tag filter (BaseImageChooseView's, left out).
        return super(wagtail_image_chooser.BaseImageChooseView, self).filter_object_list(objects)


class ImageChooseView(SearchWithinATag, wagtail_image_chooser.ImageChooseView):
    pass


class ImageChooseResultsView(SearchWithinATag, wagtail_image_chooser.ImageChooseResultsView):
    pass


class ImageChooserViewSet(wagtail_image_chooser.ImageChooserViewSet):
    """Wagtail's image chooser with the views above, for portal/urls.py (not registered:
    Wagtail's own stands, with the same names, at the addresses these take first)."""

    choose_view_class = ImageChooseView
    choose_results_view_class = ImageChooseResultsView


viewset = ImageChooserViewSet(
    wagtail_image_chooser.viewset.name,
    model=get_image_model(),
    url_prefix=wagtail_image_chooser.viewset.url_prefix,
)
