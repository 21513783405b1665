"""gunicorn's settings for the register in production: `gunicorn -c gunicorn.conf.py
conduct_register.wsgi` (what `make serve` runs). Each can be changed from the environment;
README's "Deployment" says why gunicorn, and bench/server_compare.sh measures it.
"""

import multiprocessing
import os

# Where to listen: BIND (e.g. 0.0.0.0:8000 for a load balancer on another machine, or
# unix:/run/register.sock), else this machine only on PORT, so that nothing reaches the
# register around the proxy unless told to.
bind = os.environ.get("BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"

# Processes: WEB_CONCURRENCY, or gunicorn's rule of thumb of two per core plus one. A
# request spends much of its time waiting for PostgreSQL, so a core keeps two busy, and the
# extra one covers a worker being recycled (max_requests below). Each process holds a
# database connection while it serves: mind PostgreSQL's max_connections across machines.
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
# Sync workers, one request at a time each (README's "Deployment" has the measurements
# against gthread and granian, from bench/server_compare.sh): `timeout` below then kills a
# stuck request, which gthread's does not, and each process holds one database connection.
# The load balancer, or a proxy such as nginx, buffers slow clients so they never hold one.
worker_class = "sync"

# Exports and emails are made by the background worker, so no request should take more
# than a few seconds: one still running after 30 s is stuck, and its worker is restarted.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On SIGTERM (a deployment), requests in progress get this long to finish.
graceful_timeout = 30
# Each process is replaced after about a thousand requests (the jitter keeps them from
# restarting together), so a slow leak never grows.
max_requests = 1000
max_requests_jitter = 100

# The register's own JSON line for each request (conduct_register/request_log.py) has the
# route, the duration and the query count, so gunicorn's access log would only repeat it:
# off. gunicorn's own messages (start, stop, worker timeouts) go to stderr.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# gunicorn's own lines (start, stop, a worker killed at its timeout, which no request line
# records) as JSON too when the register's logs are (LOG_FORMAT, as in settings: json
# unless DEBUG is on), with the register's formatter. gunicorn lays this over its own
# logging defaults one key deep, so every handler its defaults name is given again.
_debug = os.environ.get("DEBUG", "").lower() in {"1", "true", "yes", "on"}
if os.environ.get("LOG_FORMAT", "text" if _debug else "json") == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "conduct_register.request_log.JsonFormatter"}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stdout",
            },
            "error_console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            },
        },
        "loggers": {
            "gunicorn.error": {
                "level": loglevel.upper(),
                "handlers": ["error_console"],
                "propagate": False,
            }
        },
    }

# The addresses of the proxies or load balancers whose X-Forwarded-Proto gunicorn believes
# (comma-separated, or * when only the balancer can reach this port). Django reads that
# header itself when SECURE_PROXY_SSL_HEADER is true: set that only behind a balancer that
# sets the header and strips it from clients.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Worker heartbeats in memory rather than on a disk that may be slow.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# gunicorn 24+ opens a control socket in the home directory by default, which a service
# account may not have and which two servers on one machine would share: nothing here
# uses it (signals still work: HUP reloads, TERM stops gracefully).
control_socket_disable = True
