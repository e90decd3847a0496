"""``bookmaker review``: a local page to check and correct a story's structure, then build.

``edits`` writes each correction into the story's sidecar (``STORY.toml``, comments kept);
``session`` holds the stories the server was started on, loads and builds them; ``pages``
turns a parsed story into what the page shows; ``server`` is the loopback-only web app.
"""
