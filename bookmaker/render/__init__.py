"""Render: Book to bytes. ``html`` builds XHTML from templates/; ``epub`` and ``pdf`` package it."""
