"""Scaffolded packages migrated and served on real databases."""
