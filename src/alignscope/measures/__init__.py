"""Dyadic measures of foreign-policy alignment."""
