import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))
from server import SERVER, Server  # noqa: E402


@pytest.fixture
def server(tmp_path):
    if not SERVER:
        pytest.fail("MEMBER_SERVER (the member-server executable) is not set")
    s = Server(str(tmp_path))
    yield s
    assert s.stop() == 0, open(s.log_path).read()
