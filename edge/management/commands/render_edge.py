import os
import shutil
import sys
import tempfile

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from edge.management.plainly import said_plainly
from edge.mirror import Mirror
from edge.nginx import Host, render, visit_address, write_standalone


class Command(BaseCommand):
    help = (
        "Render deploy/nginx/portal.conf for this host (printed), or, with --run, run "
        "nginx in the foreground in front of an app already running (make edge)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--app-url",
            action="append",
            help="An app server, http://host:port (repeat for several; default APP_URL).",
        )
        parser.add_argument(
            "--listen", help="nginx's listen address (default 80; --run: EDGE_PORT)."
        )
        parser.add_argument("--tls-certificate", default="", help="With --listen '443 ssl,80'.")
        parser.add_argument("--tls-key", default="")
        parser.add_argument("--server-name", action="append", help="Default: ALLOWED_HOSTS.")
        parser.add_argument("--cache-dir", default=Host.cache_dir)
        parser.add_argument("--access-log", default=Host.access_log)
        parser.add_argument(
            "--error-log",
            default=Host.error_log,
            help="Where the report form's page logs critical errors alone.",
        )
        parser.add_argument("--forwarded-proto", default=Host.forwarded_proto)
        parser.add_argument("--real-ip-from", action="append", default=[])
        parser.add_argument(
            "--unavailable-socket",
            default=Host.unavailable_socket,
            help="Where nginx's server answering while no app server can listens.",
        )
        parser.add_argument(
            "--app-timeout",
            type=int,
            default=Host.app_timeout,
            help="Seconds a form or search waits for the app: gunicorn's --timeout.",
        )
        parser.add_argument(
            "--page-timeout",
            type=int,
            default=Host.page_timeout,
            help="Seconds a public page waits for the app before the mirror answers it.",
        )
        parser.add_argument("--run", action="store_true", help="Run nginx with it (make edge).")
        parser.add_argument("--folder", help="With --run: where its files go (default: a new one).")

    def handle(self, *args, **options):
        if not settings.MIRROR_ROOT:
            # Before anything is built: Mirror() would take "" for the current folder.
            raise CommandError("Set MIRROR_ROOT: the folder the mirror is kept in.")
        with said_plainly():
            self.render_or_run(options)

    def render_or_run(self, options):
        port = os.environ.get("EDGE_PORT", "8080")
        host = Host(
            app_urls=options["app_url"] or [os.environ.get("APP_URL", "http://127.0.0.1:8000")],
            listen=options["listen"] or (f"127.0.0.1:{port}" if options["run"] else "80"),
            tls_certificate=options["tls_certificate"],
            tls_key=options["tls_key"],
            server_names=options["server_name"],
            cache_dir=options["cache_dir"],
            access_log=options["access_log"],
            error_log=options["error_log"],
            forwarded_proto=options["forwarded_proto"],
            real_ip_from=options["real_ip_from"],
            unavailable_socket=options["unavailable_socket"],
            app_timeout=options["app_timeout"],
            page_timeout=options["page_timeout"],
        )
        if not options["run"]:
            self.stdout.write(render(host))
            return
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        if not os.path.exists(nginx):
            raise CommandError("nginx is not installed (Debian: apt-get install nginx).")
        if not (mirror := Mirror()).is_built():
            self.stderr.write(f"Building the mirror in {settings.MIRROR_ROOT} first.")
            mirror.build()
        folder = options["folder"] or tempfile.mkdtemp(prefix="portal-edge-")
        conf = write_standalone(folder, host)
        self.stderr.write(
            f"nginx on {visit_address(host.listen)} in front of {', '.join(host.app_urls)}; "
            f"its files and logs in {folder}. Ctrl-C stops it."
        )
        sys.stdout.flush()
        os.execv(nginx, [nginx, "-p", str(folder), "-c", str(conf), "-g", "daemon off;"])  # noqa: S606
