"""Scaffold rendering, writing and CLI; golden files and generated-code checks."""
