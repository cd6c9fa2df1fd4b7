"""Writes of the funds app, by concern: ledger (post_entry), funds (loading, rules, paid-in capital)."""
