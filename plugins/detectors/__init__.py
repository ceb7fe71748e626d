"""Detectors: find the signals (dates, quantities, comparisons, attributions, citations,
named entities...) that make a sentence checkable, each with its span and parsed value."""
