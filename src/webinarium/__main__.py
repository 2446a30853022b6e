from webinarium.cli import app

app()
