"""Checkers: attach verdicts to claims, from facts, computations or the web."""
