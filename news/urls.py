"""Routes of the news app (feeds): built by the news issue."""

urlpatterns = []
