"""Articles, blog posts, speeches and video transcripts: built by the news issue."""
