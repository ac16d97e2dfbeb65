"""The key footer: Textual's Footer, rebuilt only when the keys it shows change.

Textual's Footer recomposes its fifteen keys on every bindings signal, and the screen sends one
for each focus change: five rebuilds before the first screen was complete, each restyling every
key (~2 ms a key). Here the signals until the next refresh make one look at the keys shown (key,
description, enabled, tooltip), and only a change rebuilds them: one rebuild at start. The look
and the clicks stay Textual's. Textual also skips the rebuild while the app is not focused, which
left the footer blank in a browser (`rasd serve`) until the first click in the page: not here.
"""
from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


def shown_keys(screen: Screen) -> tuple:
    return tuple((binding.key, binding.description, enabled, tooltip)
                 for _, binding, enabled, tooltip in screen.active_bindings.values() if binding.show)


class KeyFooter(Footer):
    _shown: tuple | None = None
    _pending = False

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not self._pending and self.is_attached and screen is self.screen:
            self._pending = True              # the signals before the next refresh make one look
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._pending = False
        if not self.is_attached:              # its screen was closed meanwhile
            return
        shown = shown_keys(self.screen)
        if shown != self._shown:
            self._shown = shown
            await self.recompose()
