"""Entry point of the ``casus`` command."""

from __future__ import annotations

import logging
import sys

import click

from casus import __version__
from casus.cli.actors import actors_cmd
from casus.cli.bench import bench_cmd
from casus.cli.code import code_cmd
from casus.cli.evaluate import eval_cmd
from casus.cli.export import export_cmd
from casus.cli.serve import serve_cmd
from casus.cli.store import events_cmd, ingest_cmd
from casus.errors import CasusError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="casus")
@click.option("-v", "--verbose", count=True, help="More log output (-v info, -vv debug).")
def cli(verbose: int) -> None:
    """casus: conflict news in, traceable CAMEO/PLOVER event data out."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


cli.add_command(code_cmd)
cli.add_command(eval_cmd)
cli.add_command(bench_cmd)
cli.add_command(actors_cmd)
cli.add_command(ingest_cmd)
cli.add_command(events_cmd)
cli.add_command(export_cmd)
cli.add_command(serve_cmd)


def main() -> None:
    try:
        status = cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except CasusError as exc:
        click.echo(f"casus: error: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except SystemExit:
        raise
    else:
        sys.exit(status if isinstance(status, int) else 0)
