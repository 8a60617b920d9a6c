"""Broadsheet: a self-hosted news publishing platform."""
