from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TawasulConfig(AppConfig):
    name = "tawasul"
    verbose_name = _("Tawasul requests")

    def ready(self) -> None:
        from PIL import Image

        from tawasul import conf

        # Pillow refuses anything above twice this (DecompressionBombError) and warns above it;
        # the upload check refuses both, so no code path here ever decodes a bomb.
        Image.MAX_IMAGE_PIXELS = conf.image_max_pixels()
