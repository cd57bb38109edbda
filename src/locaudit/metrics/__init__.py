"""The numbers of design §6: coverage, weights, demand, score, backlog."""
