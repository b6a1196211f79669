"""``python -m tools.server --root /=dist --root /site/=site --port 8000``"""

from .cli import main

raise SystemExit(main())
