"""The key footer: Textual's Footer, rebuilt only when the keys it shows change.

Textual's Footer recomposes its fifteen keys on every bindings signal, and the screen sends one
for each focus change and each cursor move in a list: five rebuilds before the first screen was
complete, and one per arrow key after, each restyling every key. The keys shown (key, description,
enabled, tooltip) are compared first; the look and the clicks stay Textual's.
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
        shown = shown_keys(screen)
        if self._bindings_ready and shown == self._shown:
            return
        if screen.app.app_focus and self.is_attached and screen is self.screen:   # Footer rebuilds then
            self._shown = shown
        super().bindings_changed(screen)
