"""The numbers of SPEC section 6: coverage, weights, demand, score, backlog."""
