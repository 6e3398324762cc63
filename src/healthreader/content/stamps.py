"""Version stamps of what the caches hold, readable without importing the code that makes it.

Bump ``RENDER_VERSION`` whenever render.py's HTML, or what a cached Article holds, changes:
every cached article is then rendered again on the next start.
"""

RENDER_VERSION = "15"
