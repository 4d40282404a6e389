from django.apps import AppConfig


class SpeedConfig(AppConfig):
    """No models: caches, and the dependency table connected to the models that pages show."""

    name = "speed"

    def ready(self) -> None:
        from speed import dependencies

        dependencies.connect()
