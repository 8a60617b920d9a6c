"""Whatever bytes arrive, checking an upload ends in an answer, never a crash."""

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given, settings
from hypothesis import strategies as st

from broadsheet.media.tests.images import drawn, encoded
from broadsheet.media.uploads import UploadInfo, UploadRefused, inspect_upload

NAMES = st.sampled_from(["a.jpg", "a.png", "a.gif", "a.webp", "a.avif", "a", "a.txt"])
REAL = encoded(drawn((40, 30)), "PNG")


@st.composite
def uploads(draw):
    """Random bytes, or a real PNG cut short or with bytes flipped."""
    kind = draw(st.sampled_from(["random", "truncated", "flipped"]))
    if kind == "random":
        data = draw(st.binary(max_size=2000))
    elif kind == "truncated":
        data = REAL[: draw(st.integers(0, len(REAL)))]
    else:
        data = bytearray(REAL)
        for index in draw(st.lists(st.integers(0, len(REAL) - 1), max_size=8)):
            data[index] ^= 0xFF
        data = bytes(data)
    return SimpleUploadedFile(draw(NAMES), data)


@settings(max_examples=200, deadline=None)
@given(uploads())
def test_any_upload_is_either_taken_or_refused_with_a_reason(upload):
    try:
        info = inspect_upload(upload)
    except UploadRefused as refused:
        assert str(refused).startswith(upload.name)
    else:
        assert isinstance(info, UploadInfo) and info.width > 0
