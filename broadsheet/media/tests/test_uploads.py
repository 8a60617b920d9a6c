"""Uploading to the library through the admin: good images and every bad kind."""

import io

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage

from broadsheet.media.models import Image
from broadsheet.media.tests.conftest import files_in
from broadsheet.media.tests.images import (
    animated_gif,
    drawn,
    encoded,
    jpeg_with_gps,
    png_claiming,
)

pytestmark = pytest.mark.django_db


def upload(client, name, content, **fields):
    data = {
        "file": SimpleUploadedFile(name, content),
        "alt_text": "Ferry leaving the harbour at dawn",
        "caption": "",
        "credit": "Photo: Desk",
        "focal_x": "0.5",
        "focal_y": "0.5",
        **fields,
    }
    return client.post("/admin/media/image/add/", data)


def opened(path):
    with PillowImage.open(path) as image:
        image.load()
        return image


def test_an_upload_gets_renditions_in_every_width_and_format(client, editor):
    response = upload(client, "ferry.png", encoded(drawn((1400, 700)), "PNG"))
    assert response.status_code == 302
    image = Image.objects.get()
    widths = {r["width"] for r in image.sized()}
    assert widths == {320, 640, 960, 1280, 1400}
    assert {r["format"] for r in image.sized()} >= {"webp", "jpeg"}
    og = image.opengraph()
    assert (og["width"], og["height"]) == (1200, 630)
    for rendition in image.renditions:
        stored = client.get(f"/media/{rendition['name']}")
        assert stored.status_code == 200
        with PillowImage.open(io.BytesIO(b"".join(stored.streaming_content))) as got:
            assert got.size == (rendition["width"], rendition["height"])


def test_no_rendition_carries_the_gps_position_or_any_metadata(
    client, editor, media_root
):
    """Source protection: orientation applied, then EXIF, GPS and XMP dropped."""
    response = upload(client, "source.jpg", jpeg_with_gps((800, 600), orientation=6))
    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.renditions[0]["width"], image.renditions[0]["height"]) == (
        320,
        427,
    )  # the 800x600 original was turned upright: portrait
    for rendition in image.renditions:
        path = media_root / rendition["name"]
        data = path.read_bytes()
        picture = opened(path)
        assert not picture.getexif(), rendition["name"]
        assert not {"exif", "xmp", "XML:com.adobe.xmp", "icc_profile"} & set(
            picture.info
        )
        for secret in (b"SN-4417-XYZ", b"Testcam", b"editor history", b"Exif\x00"):
            assert secret not in data, (secret, rendition["name"])


def test_editors_see_the_originals_metadata_in_the_admin(client, editor):
    upload(client, "source.jpg", jpeg_with_gps())
    image = Image.objects.get()
    page = client.get(f"/admin/media/image/{image.pk}/change/").content.decode()
    for shown in ("GPSLatitude", "Testcam", "SN-4417-XYZ", "Darkroom 9"):
        assert shown in page


def test_the_original_is_never_served(client, editor):
    upload(client, "source.jpg", jpeg_with_gps())
    image = Image.objects.get()
    assert image.file.name.startswith("originals/")
    assert client.get(f"/media/{image.file.name}").status_code == 404


def test_alt_text_is_required_unless_the_image_is_decorative(
    client, editor, media_root
):
    content = encoded(drawn(), "PNG")
    response = upload(client, "rule.png", content, alt_text="")
    assert (
        "Describe the image for readers who cannot see it" in response.content.decode()
    )
    assert not Image.objects.exists() and files_in(media_root) == []
    response = upload(client, "rule.png", content, alt_text="", is_decorative="on")
    assert response.status_code == 302
    assert Image.objects.get().alt == ""


BAD = [
    ("notes.jpg", b"Just some text, not a picture.", "is not an image"),
    (
        "drawing.jpg",
        encoded(drawn(), "PNG"),
        "is a PNG image but its name ends in .jpg",
    ),
    ("vector.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "only JPEG, PNG"),
    ("bomb.png", png_claiming(100_000, 100_000), "decompression bomb"),
    ("print.jpg", encoded(PillowImage.new("CMYK", (64, 64)), "JPEG"), "CMYK"),
    ("scan.png", encoded(PillowImage.new("I;16", (64, 64)), "PNG"), "16 or more bits"),
    ("moving.gif", animated_gif(), "animated (2 frames)"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_uploads_get_a_clear_message_and_leave_nothing(
    client, editor, media_root, name, content, message
):
    response = upload(client, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Image.objects.exists()
    assert files_in(media_root) == []


def test_an_upload_over_the_size_limit_is_refused(client, editor, media_root, settings):
    settings.MEDIA_MAX_UPLOAD_BYTES = 2**20
    noise = PillowImage.frombytes("RGB", (800, 600), bytes(range(256)) * 5625)
    content = encoded(noise, "PNG", compress_level=0)
    assert len(content) > 2**20
    response = upload(client, "huge.png", content)
    assert "the largest upload is 1 MB" in response.content.decode()
    assert files_in(media_root) == []


def test_several_images_are_uploaded_at_once_each_with_its_alt_text(client, editor):
    files = [
        SimpleUploadedFile("one.png", encoded(drawn((400, 300)), "PNG")),
        SimpleUploadedFile("two.jpg", encoded(drawn((300, 400)), "JPEG")),
    ]
    response = client.post(
        "/admin/media/image/upload/",
        {"files": files, "alt_texts": "The first view\nThe second view", "credit": "X"},
    )
    assert response.status_code == 302
    assert sorted(Image.objects.values_list("alt_text", flat=True)) == [
        "The first view",
        "The second view",
    ]


def test_uploading_several_with_one_bad_file_stores_none(client, editor, media_root):
    files = [
        SimpleUploadedFile("one.png", encoded(drawn((400, 300)), "PNG")),
        SimpleUploadedFile("two.gif", animated_gif()),
    ]
    response = client.post(
        "/admin/media/image/upload/", {"files": files, "alt_texts": "One\nTwo"}
    )
    assert response.status_code == 200
    assert "two.gif is animated" in response.content.decode()
    assert not Image.objects.exists() and files_in(media_root) == []


def test_several_images_need_one_alt_text_each(client, editor):
    files = [
        SimpleUploadedFile("one.png", encoded(drawn((400, 300)), "PNG")),
        SimpleUploadedFile("two.png", encoded(drawn((400, 300)), "PNG")),
    ]
    response = client.post(
        "/admin/media/image/upload/", {"files": files, "alt_texts": "Only one"}
    )
    assert "2 images but 1 alt texts" in response.content.decode()
    assert not Image.objects.exists()


def test_the_library_is_searchable_with_thumbnails(client, editor):
    upload(
        client, "a.png", encoded(drawn((400, 300)), "PNG"), alt_text="Harbour cranes"
    )
    upload(client, "b.png", encoded(drawn((400, 300)), "PNG"), alt_text="Bakery oven")
    client.get("/admin/media/image/")  # shows (and so clears) the "added" notices
    page = client.get("/admin/media/image/?q=cranes").content.decode()
    assert "Harbour cranes" in page and "Bakery oven" not in page
    assert '<img src="/media/renditions/' in page


def test_moving_the_focal_point_makes_new_crops(client, editor, media_root):
    upload(client, "a.png", encoded(drawn((1600, 600)), "PNG"))
    image = Image.objects.get()
    old_og = image.opengraph()["name"]
    data = {
        "alt_text": image.alt_text,
        "caption": "",
        "credit": "",
        "focal_x": "0.9",
        "focal_y": "0.5",
    }
    client.post(f"/admin/media/image/{image.pk}/change/", data)
    image.refresh_from_db()
    assert image.opengraph()["name"] != old_og
    assert not (media_root / old_og).exists()


def test_deleting_an_image_deletes_its_files(
    client, editor, media_root, django_capture_on_commit_callbacks
):
    upload(client, "a.png", encoded(drawn((400, 300)), "PNG"))
    image = Image.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/media/image/{image.pk}/delete/", {"post": "yes"})
    assert not Image.objects.exists()
    assert files_in(media_root) == []


def test_a_contributor_sees_no_originals_metadata_and_changes_only_their_own(
    client, editor
):
    upload(client, "source.jpg", jpeg_with_gps())
    theirs = Image.objects.get()
    contributor = User.objects.create_user("cora", password="pw", is_staff=True)
    contributor.groups.add(Group.objects.get(name="Contributor"))
    client.force_login(contributor)
    page = client.get(f"/admin/media/image/{theirs.pk}/change/").content.decode()
    for hidden in ("GPSLatitude", "Testcam", "SN-4417-XYZ"):
        assert hidden not in page
    response = client.post(
        f"/admin/media/image/{theirs.pk}/change/",
        {"alt_text": "Defaced", "caption": "", "credit": "", "focal_x": "0.5",
         "focal_y": "0.5"},
    )  # fmt: skip
    theirs.refresh_from_db()
    assert response.status_code == 403 and theirs.alt_text != "Defaced"
    upload(client, "mine.png", encoded(drawn((60, 40)), "PNG"))
    mine = Image.objects.get(original_name="mine.png")
    response = client.post(
        f"/admin/media/image/{mine.pk}/change/",
        {"alt_text": "My better words", "caption": "", "credit": "",
         "focal_x": "0.5", "focal_y": "0.5"},
    )  # fmt: skip
    mine.refresh_from_db()
    assert response.status_code == 302 and mine.alt_text == "My better words"


def test_an_originals_name_cannot_be_guessed_from_its_renditions(client, editor):
    upload(client, "source.jpg", jpeg_with_gps())
    image = Image.objects.get()
    folders = {rendition["name"].split("/")[1] for rendition in image.renditions}
    assert not any(folder in image.file.name for folder in folders)
