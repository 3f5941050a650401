import pytest

from tests.distributed.servers import RedisServer


@pytest.fixture
def redis_server(tmp_path):
    """A redis-server of the test's own, on a unix socket in its folder, stopped after."""
    server = RedisServer(tmp_path).start()
    yield server
    server.stop()
