"""Segmenters: split a document's text into sentences with exact offsets."""
