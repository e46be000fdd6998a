"""A real S3 API server on a loopback port (moto's server mode, in a thread of this
process), holding its buckets in memory: the attachments' S3 storage is tested, and the
scale test's instances share their files, through the same HTTP API a real store has."""

from __future__ import annotations

import logging
from typing import Any

from devkit.ports import HOST, free_port, wait_for_port

# Any key works with moto; these only make the clients sign their requests.
ACCESS_KEY = "devkit"
SECRET_KEY = "devkit-secret"  # noqa: S105 (a throw-away server's, not a secret)


class S3Server:
    """``S3Server().up()``; ``storage_url(bucket)`` creates the bucket and names it as
    TEAMBOARD_STORAGE_URL does."""

    def __init__(self) -> None:
        from moto.server import ThreadedMotoServer

        self.port = free_port()
        self.endpoint = f"http://{HOST}:{self.port}"
        self._server: Any = ThreadedMotoServer(ip_address=HOST, port=self.port, verbose=False)

    def up(self, timeout: float = 15.0) -> S3Server:
        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request
        self._server.start()
        if not wait_for_port(self.port, timeout):
            raise RuntimeError(f"the S3 server did not listen on port {self.port}")
        return self

    def stop(self) -> None:
        self._server.stop()

    def client(self) -> Any:
        """A plain (blocking) boto3 client, for a test to look at the bucket itself."""
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name="us-east-1",
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        )

    def storage_url(self, bucket: str) -> str:
        client = self.client()
        existing = {b["Name"] for b in client.list_buckets().get("Buckets", [])}
        if bucket not in existing:
            client.create_bucket(Bucket=bucket)
        return f"s3://{ACCESS_KEY}:{SECRET_KEY}@{bucket}?endpoint={self.endpoint}"

    def keys(self, bucket: str) -> list[str]:
        listed = self.client().list_objects_v2(Bucket=bucket)
        return sorted(item["Key"] for item in listed.get("Contents", []))

    def __enter__(self) -> S3Server:
        return self.up()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
