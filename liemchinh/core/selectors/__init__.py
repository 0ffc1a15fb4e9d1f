"""Reads of the core app shared by views, the API and other apps, scoped to the actor."""
