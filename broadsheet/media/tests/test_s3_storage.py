"""The library on an S3-compatible bucket: moto's server, started on loopback."""

import json
import socket
import urllib.error
import urllib.request
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from broadsheet.environment import media_storage_from_env
from broadsheet.media.models import Image
from broadsheet.media.tests.images import drawn, encoded, jpeg_with_gps

pytestmark = pytest.mark.django_db


def public_renditions(bucket):
    """The policy docs/media.md asks of a bucket: renditions public, the rest not."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket}/renditions/*",
            }
        ],
    }


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def s3(settings, monkeypatch):
    """A bucket on moto's S3 server, and the site's storage pointed at it."""
    server_module = pytest.importorskip(
        "moto.server", reason="moto[server] is not installed: pip install -e '.[test]'"
    )
    import boto3

    bucket = f"newsroom-{uuid.uuid4().hex[:12]}"  # moto keeps buckets per process
    port = free_port()
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    credentials = {
        "MEDIA_S3_BUCKET": bucket,
        "MEDIA_S3_ENDPOINT_URL": endpoint,
        "MEDIA_S3_REGION": "us-east-1",
        "MEDIA_S3_ACCESS_KEY_ID": "testing",
        "MEDIA_S3_SECRET_ACCESS_KEY": "testing",
    }
    for name, value in credentials.items():
        monkeypatch.setenv(name, value)
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=bucket)
    client.put_bucket_policy(
        Bucket=bucket, Policy=json.dumps(public_renditions(bucket))
    )
    client.bucket = bucket
    settings.STORAGES = {**settings.STORAGES, "default": media_storage_from_env()}
    yield client
    server.stop()


def keys(s3):
    listed = s3.list_objects_v2(Bucket=s3.bucket)
    return sorted(item["Key"] for item in listed.get("Contents", []))


def test_uploads_and_renditions_go_to_the_bucket_and_are_served_from_it(
    client, editor, s3, media_root
):
    response = client.post(
        "/admin/media/image/add/",
        {
            "file": SimpleUploadedFile("dock.jpg", jpeg_with_gps((900, 600))),
            "alt_text": "Cranes at the dock",
            "focal_x": "0.5",
            "focal_y": "0.5",
        },
    )
    assert response.status_code == 302
    image = Image.objects.get()
    stored = keys(s3)
    assert image.file.name in stored
    assert {r["name"] for r in image.renditions} <= set(stored)
    assert list(media_root.rglob("*.*")) == []  # nothing on the local disk
    url = image.fallback_url()
    assert url.startswith(s3.meta.endpoint_url)
    with urllib.request.urlopen(url) as fetched:
        data = fetched.read()
    assert data[:2] == b"\xff\xd8" and b"SN-4417-XYZ" not in data
    original = url.replace(image.fallback()["name"], image.file.name)
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(original)


def test_a_refused_upload_leaves_nothing_in_the_bucket(client, editor, s3):
    animated = [drawn((32, 32)), drawn((32, 32), colour=(0, 0, 0))]
    gif = encoded(animated[0], "GIF", save_all=True, append_images=animated[1:])
    response = client.post(
        "/admin/media/image/add/",
        {
            "file": SimpleUploadedFile("moving.gif", gif),
            "alt_text": "Moving",
            "focal_x": "0.5",
            "focal_y": "0.5",
        },
    )
    assert "is animated" in response.content.decode()
    assert keys(s3) == []
