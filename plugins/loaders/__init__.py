"""Loaders: turn an input's bytes into a Document (text, title, dates, offset map), and
mark the page furniture in it that is not the article."""
