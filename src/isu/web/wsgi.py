"""WSGI entry point for production: ``gunicorn isu.web.wsgi``.

The linear algebra of an analysis runs on one thread per request. Its library (OpenBLAS)
otherwise starts a thread per core in every worker process, and under a server's load those
threads wait for cores the workers' own request threads hold: the logistic fits of a step-1
analysis of 100,000 records took 0.7 s with two such threads and under 0.1 s with one (on
the project's 2-core machine, other work running). The variables must be set before numpy is
first imported, so here, before Django loads the apps; an installation can still choose
otherwise in the environment.
"""

import os

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

from django.core.wsgi import get_wsgi_application  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "isu.web.settings")

application = get_wsgi_application()
