from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.demo import DEMO_TOTP_DEVICE_NAME


class Command(BaseCommand):
    help = (
        "Print the code a demo staff account's authenticator shows now (the devices `seed_demo` "
        "makes, and no other), for logging in to the demo without a phone."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        device = TOTPDevice.objects.filter(
            user__username=username, name=DEMO_TOTP_DEVICE_NAME, confirmed=True
        ).first()
        if device is None:
            raise CommandError(f"{username} has no demo authenticator (run seed_demo).")
        code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{code:0{device.digits}d}")
