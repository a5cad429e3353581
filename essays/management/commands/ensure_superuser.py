"""Create the admin user named by DJANGO_SUPERUSER_USERNAME once (./run serve)."""

import os

from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, CommandError, call_command


class Command(BaseCommand):
    help = (
        "Create a superuser from DJANGO_SUPERUSER_USERNAME, DJANGO_SUPERUSER_PASSWORD "
        "(and optional DJANGO_SUPERUSER_EMAIL) unless that user already exists."
    )

    def handle(self, *args, **options) -> None:
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME", "")
        if not username or not os.environ.get("DJANGO_SUPERUSER_PASSWORD"):
            raise CommandError(
                "Set DJANGO_SUPERUSER_USERNAME and DJANGO_SUPERUSER_PASSWORD first."
            )
        if get_user_model().objects.filter(username=username).exists():
            self.stdout.write(f"Admin user {username} already exists.")
            return
        os.environ.setdefault("DJANGO_SUPERUSER_EMAIL", "")
        call_command("createsuperuser", interactive=False, verbosity=0)
        self.stdout.write(f"Created admin user {username}.")
