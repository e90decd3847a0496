"""The small two-chapter story the build tests share (cache, watch, progress)."""

STORY = """Small Hours
by Jo Writer

Chapter 1: Night

It was late, and the kettle sang.

Chapter 2: Morning

The light came in over the sill, and it was morning at last.
"""
