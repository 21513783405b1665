"""`manage.py import_officers FILE.csv [--dry-run]`: the command line for people.importing."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError

from declarations.people import importing

BAD_INPUT = 2


class Command(BaseCommand):
    help = (
        "Create or update officers and their user accounts from a CSV file with the columns "
        f"{', '.join(importing.COLUMNS)}. Nothing is imported unless every row is good."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV file (UTF-8; Excel's BOM is fine).")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and report what would change, saving nothing.",
        )

    def handle(self, *args: Any, file: Path, dry_run: bool, **options: Any) -> None:
        try:
            result = importing.import_officers(file, dry_run=dry_run)
        except importing.ImportFileError as error:
            raise CommandError(str(error), returncode=BAD_INPUT) from None
        except importing.ImportRejected as rejected:
            for problem in rejected.problems:
                self.stderr.write(str(problem))
            count = len(rejected.problems)
            raise CommandError(
                f"{count} problem{'s' if count != 1 else ''} in {file}: nothing was imported.",
                returncode=BAD_INPUT,
            ) from None
        except IntegrityError as error:
            # Only a change made by someone else between the checks and the writes gets here.
            raise CommandError(
                f"The database refused the import, so nothing was saved: {error}"
            ) from None
        if options["verbosity"] >= 2:
            for outcome in result.outcomes:
                self.stdout.write(f"row {outcome.row}: {outcome.staff_number} {outcome.action}")
        self.stdout.write(result.summary)
