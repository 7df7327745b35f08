"""rasd's REST API and web map (FastAPI).

``rasd.api.app.create_app(store=None, settings=None)`` builds the application; ``rasd serve`` runs it with
uvicorn. Nothing heavy is imported here, so ``import rasd.api`` stays cheap for the CLI.
"""
