from teamboard.cli import app

app()
