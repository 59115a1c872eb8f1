"""What changes if a source, an author or account, an organisation or a witness is discredited.

DESIGN.md "Impact": every claim whose independent paths drop (before → after), every suggested
grade that falls, every incident that loses its last support, and each casualty-figure range
that shrinks. ``load.py`` is the one module here that reads the store.
"""
