"""create_api_token USER: make an API token and print it once."""

from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, CommandError

from essays.models import ApiToken
from essays.services.recording import COMMAND
from essays.services.tokens import issue_token


class Command(BaseCommand):
    help = "Create an API token for USER and print it (it is stored hashed only)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="command line", help="what it is for")
        parser.add_argument(
            "--scope",
            choices=ApiToken.Scope.values,
            default=ApiToken.Scope.READ,
            help="read (default) or read-write",
        )

    def handle(self, *args, **options) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user named {options['username']}")
        row, token = issue_token(
            user,
            name=options["name"],
            scope=options["scope"],
            actor=None,
            channel=COMMAND,
        )
        self.stderr.write(
            f"Token {row.prefix}… ({row.scope}) for {user}; shown once, keep it safe:"
        )
        self.stdout.write(token)
