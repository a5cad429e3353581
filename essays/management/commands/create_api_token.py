"""create_api_token USER: make an API token and print it once."""

from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, CommandError

from essays.models import ApiToken
from essays.services.recording import COMMAND
from essays.services.tokens import issue_token


class Command(BaseCommand):
    help = "为用户 USER 创建一个 API 令牌并打印出来（库里只存它的哈希）。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="命令行", help="用途")
        parser.add_argument(
            "--scope",
            choices=ApiToken.Scope.values,
            default=ApiToken.Scope.READ,
            help="read（只读，默认）或 read-write（可读写）",
        )

    def handle(self, *args, **options) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"没有名为 {options['username']} 的用户")
        row, token = issue_token(
            user,
            name=options["name"],
            scope=options["scope"],
            actor=None,
            channel=COMMAND,
        )
        self.stderr.write(
            f"已为 {user} 创建令牌 {row.prefix}…（{row.get_scope_display()}）；"
            "它只显示这一次，请妥善保存："
        )
        self.stdout.write(token)
