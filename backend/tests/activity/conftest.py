"""The web tests' browsers, for reading the activity page as a member would."""

from tests.web.conftest import new_browser  # noqa: F401 - a fixture
