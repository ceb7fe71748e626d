"""Helpers the bundled plugins share (not plugins themselves): text scanning, dates and
numbers, facts and entities, and the lines and findings exporters print."""
