"""Layout: Book to the one view every renderer draws (:class:`BookLayout`).

:mod:`.book` decides sections, display titles, running heads and the contents
tree; :mod:`.metadata` derives title-page fields, dates, series and subjects;
:mod:`.view` holds the types.
"""

from bookmaker.layout.book import layout_book
from bookmaker.layout.view import BookLayout, HeadingParts, Section, StoryLayout, TocEntry

__all__ = ["layout_book", "BookLayout", "HeadingParts", "Section", "StoryLayout", "TocEntry"]
