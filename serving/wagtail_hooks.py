from django.db.models import Min
from django.utils import timezone
from wagtail import hooks
from wagtail.models import Page, Revision


@hooks.register("serving_next_content_change")
def next_scheduled_page_change():
    """The next go-live or expiry Wagtail will carry out (publish_scheduled)."""
    now = timezone.now()
    go_live = Revision.objects.filter(approved_go_live_at__gt=now).aggregate(
        moment=Min("approved_go_live_at")
    )["moment"]
    expiry = (
        Page.objects.live().filter(expire_at__gt=now).aggregate(moment=Min("expire_at"))["moment"]
    )
    moments = [moment for moment in (go_live, expiry) if moment is not None]
    return min(moments) if moments else None
