"""Discover and fetch the pages of a help site (SPEC section 9)."""
