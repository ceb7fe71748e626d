"""Fact packs the bundled plugins register (data, no code but the registration)."""
