"""``isu serve``: the web app on this machine, with SQLite and nothing to set up.

Runs Django's development server without the auto-reloader: one process, fine for a demo
or a single user on their own computer. An installation for many users runs gunicorn behind
HTTPS instead (docs/web.md).
"""

import os

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
ALL_INTERFACES = ("0.0.0.0", "::")


def serve(host: str = "127.0.0.1", port: int = 8000, demo: bool = False) -> None:
    """Migrate the database, optionally add the demo organisation, and serve until Ctrl+C."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "isu.web.settings")
    _allow_host(host)
    os.environ.setdefault("DJANGO_RUNSERVER_HIDE_WARNING", "true")

    import django
    from django.core.management import call_command

    django.setup()
    console = Console()
    call_command("migrate", interactive=False, verbosity=0)
    if demo:
        from isu.web.analyses.demo import create_demo_analysis
        from isu.web.demo import create_demo_organisation
        from isu.web.followups.demo import create_demo_followup
        from isu.web.region.demo import DEMO_REGION_USER, create_demo_region

        created = create_demo_organisation()
        followup = create_demo_followup(created["units"]["barn"], created["users"]["admin"])
        create_demo_analysis(followup, created["users"]["analytiker"])
        region = create_demo_region(created["organisation"])
        console.print(
            credentials_panel({**created["passwords"], DEMO_REGION_USER: region["password"]})
        )
    address = f"[{host}]" if ":" in host else host
    if host in ALL_INTERFACES and "ISU_ALLOWED_HOSTS" not in os.environ:
        console.print(
            "Servern lyssnar på alla nätverkskort. Sätt ISU_ALLOWED_HOSTS till datorns namn "
            "eller adress för att nå den från andra datorer."
        )
    browse = "127.0.0.1" if host in ALL_INTERFACES else address
    console.print(f"Öppna http://{browse}:{port}/ i webbläsaren. Avsluta med Ctrl+C.")
    call_command("runserver", f"{address}:{port}", use_reloader=False, use_ipv6=":" in host)


def credentials_panel(passwords: dict[str, str]) -> Panel:
    """A box with the demo users' names and passwords, shown once in the terminal."""
    from isu.web.accounts.models import Role
    from isu.web.demo import DEMO_USERS
    from isu.web.region.demo import DEMO_REGION, DEMO_REGION_USER

    table = Table(box=None, padding=(0, 2))
    table.add_column("Roll")
    table.add_column("Användarnamn")
    table.add_column("Lösenord")
    for username, password in passwords.items():
        if username == DEMO_REGION_USER:
            role = f"{Role.ANALYST.label}, {DEMO_REGION}"
        else:
            role = str(DEMO_USERS[username].label)
        table.add_row(role, username, password)
    note = Text("Lösenorden visas bara nu. Nästa start med --demo ger nya.", style="bold")
    return Panel(Group(table, Text(""), note), title="Demokonton", expand=False)


def _allow_host(host: str) -> None:
    """Let the server answer on a named host or address the user asked for."""
    if "ISU_ALLOWED_HOSTS" in os.environ or host in LOCAL_HOSTS or host in ALL_INTERFACES:
        return
    os.environ["ISU_ALLOWED_HOSTS"] = ",".join(["localhost", "127.0.0.1", "[::1]", host])
