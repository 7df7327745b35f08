"""The ``rasd`` command line.

Each area of rasd keeps its commands in its own module under ``rasd.commands`` (``extract``, ``geo``,
``coder``, ``store``, ``serve``, ``scale``); this file only assembles them. Heavy libraries are imported
inside the commands, so ``rasd --help`` stays instant.
"""

from __future__ import annotations

import importlib
import logging
import sys

import click

from rasd import __version__

# Command modules, each exposing ``commands: list[click.Command]``.
COMMAND_MODULES = ("extract", "geo", "coder", "store", "serve", "scale")


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.version_option(__version__, prog_name="rasd")
@click.option("-v", "--verbose", count=True, help="More logging (-v info, -vv debug).")
def cli(verbose: int) -> None:
    """rasd (رصد): Arabic news in, ACLED-style conflict events out, each with its evidence."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def _register() -> None:
    for name in COMMAND_MODULES:
        try:
            mod = importlib.import_module(f"rasd.commands.{name}")
        except ModuleNotFoundError as exc:
            # Only a module that does not exist yet is skipped; a broken import inside it must surface.
            if exc.name != f"rasd.commands.{name}":
                raise
            continue
        for cmd in getattr(mod, "commands", []):
            cli.add_command(cmd)


_register()


def main() -> None:
    from rasd.errors import RasdError

    try:
        cli(prog_name="rasd")
    except RasdError as exc:
        # A problem the user must act on (corrupt resource or gazetteer, database down): one clear line that
        # says what to do, and a failing exit status, instead of a traceback.
        click.echo(f"rasd: error: {exc}", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
