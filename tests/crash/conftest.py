"""Fixtures of the crash-consistency suite: those of the integration
suite (tests/integration/conftest.py), loaded from there, so that a
mount, its deadline, its clean unmount and the sanitizer checks are the
same here."""

import importlib.util
import os
import sys

_INTEGRATION = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                            os.pardir, "integration")
sys.path.insert(0, _INTEGRATION)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

_spec = importlib.util.spec_from_file_location(
    "integration_conftest", os.path.join(_INTEGRATION, "conftest.py"))
integration_conftest = importlib.util.module_from_spec(_spec)
sys.modules["integration_conftest"] = integration_conftest
_spec.loader.exec_module(integration_conftest)

# Hooks and fixtures, found by pytest under these names.
pytest_configure = integration_conftest.pytest_configure
pytest_sessionstart = integration_conftest.pytest_sessionstart
pytest_runtest_logreport = integration_conftest.pytest_runtest_logreport
pytest_sessionfinish = integration_conftest.pytest_sessionfinish
pytest_runtest_makereport = integration_conftest.pytest_runtest_makereport
time_limit = integration_conftest.time_limit
burnfs = integration_conftest.burnfs
