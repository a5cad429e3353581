"""Create the admin user named by DJANGO_SUPERUSER_USERNAME once (./run serve)."""

import os

from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, CommandError, call_command


class Command(BaseCommand):
    help = (
        "按 DJANGO_SUPERUSER_USERNAME、DJANGO_SUPERUSER_PASSWORD"
        "（以及可选的 DJANGO_SUPERUSER_EMAIL）创建超级用户；该用户已存在时不做任何事。"
    )

    def handle(self, *args, **options) -> None:
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME", "")
        if not username or not os.environ.get("DJANGO_SUPERUSER_PASSWORD"):
            raise CommandError(
                "请先设置 DJANGO_SUPERUSER_USERNAME 和 DJANGO_SUPERUSER_PASSWORD。"
            )
        if get_user_model().objects.filter(username=username).exists():
            self.stdout.write(f"管理员 {username} 已存在。")
            return
        os.environ.setdefault("DJANGO_SUPERUSER_EMAIL", "")
        call_command("createsuperuser", interactive=False, verbosity=0)
        self.stdout.write(f"已创建管理员 {username}。")
