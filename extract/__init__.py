"""Arabic article -> incident records. Pure functions; imports nothing of store/ or tui/."""
from pathlib import Path as _Path

from extract.native import compiled_dir as _compiled_dir

DATA_DIR = _Path(__file__).parent / "data"      # (a compiled module's own __file__ is elsewhere)
_folder, BUILD = _compiled_dir(_Path(__file__).parent)
if _folder is not None:          # the compiled modules are found before their source
    __path__.insert(0, str(_folder))
