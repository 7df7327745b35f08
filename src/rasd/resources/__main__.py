"""`python -m rasd.resources [manifest]`: check every resource, or rewrite MANIFEST.json."""

from rasd.resources import main

raise SystemExit(main())
