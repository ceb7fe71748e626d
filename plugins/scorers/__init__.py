"""Scorers: rate how worth checking each claim is, in [0, 1]."""
