"""Discover and fetch the pages of a help site (design §9)."""
