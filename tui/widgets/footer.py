"""The key footer: Textual's Footer, rebuilt only when the keys it shows change.

Textual's Footer recomposes its fifteen keys on every bindings signal, and the screen sends one
for each focus change: five rebuilds before the first screen was complete, each restyling every
key. The keys shown (key, description, enabled, tooltip) are compared first; the look and the
clicks stay Textual's. Textual also skips the rebuild while the app is not focused, which left the
footer blank in a browser (`rasd serve`) until the first click in the page: not here.
"""
from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


def shown_keys(screen: Screen) -> tuple:
    return tuple((binding.key, binding.description, enabled, tooltip)
                 for _, binding, enabled, tooltip in screen.active_bindings.values() if binding.show)


class KeyFooter(Footer):
    _shown: tuple | None = None

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        shown = shown_keys(screen)
        if shown != self._shown and self.is_attached and screen is self.screen:
            self._shown = shown
            self.call_after_refresh(self.recompose)
