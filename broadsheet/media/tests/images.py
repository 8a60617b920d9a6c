"""Images drawn with Pillow for the tests: nothing is copied from anywhere."""

import io
import struct
import zlib

from PIL import ExifTags, ImageDraw
from PIL import Image as PillowImage


def drawn(size=(800, 600), mode="RGB", colour=(200, 60, 40)):
    image = PillowImage.new(mode, size, colour if mode == "RGB" else 0)
    if mode == "RGB":
        draw = ImageDraw.Draw(image)
        draw.rectangle([0, 0, size[0] // 2, size[1] // 3], fill=(20, 90, 160))
        draw.ellipse([size[0] // 2, size[1] // 2, size[0], size[1]], fill=(250, 220, 0))
    return image


def encoded(image, fmt, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def jpeg_with_gps(size=(800, 600), orientation=6) -> bytes:
    """A JPEG whose EXIF holds a GPS position, a camera serial and a rotation."""
    exif = PillowImage.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "Testcam"
    exif[ExifTags.Base.Model] = "Spyglass 3"
    exif[ExifTags.Base.Software] = "Darkroom 9"
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.BodySerialNumber] = "SN-4417-XYZ"
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(
        {
            ExifTags.GPS.GPSLatitudeRef: "N",
            ExifTags.GPS.GPSLatitude: (50.0, 27.0, 1.5),
            ExifTags.GPS.GPSLongitudeRef: "E",
            ExifTags.GPS.GPSLongitude: (30.0, 31.0, 2.5),
        }
    )
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">editor history</x:xmpmeta>'
    return encoded(drawn(size), "JPEG", exif=exif.tobytes(), xmp=xmp, quality=90)


def png_claiming(width, height) -> bytes:
    """A tiny PNG whose header claims width x height pixels (a decompression bomb)."""
    real = encoded(PillowImage.new("L", (1, 1)), "PNG")
    ihdr = struct.pack(">II", width, height) + real[24:29]
    chunk = b"IHDR" + ihdr
    return (
        real[:8]
        + struct.pack(">I", len(ihdr))
        + chunk
        + struct.pack(">I", zlib.crc32(chunk))
        + real[33:]
    )


def animated_gif() -> bytes:
    frames = [drawn((64, 64)), drawn((64, 64), colour=(0, 0, 0))]
    return encoded(frames[0], "GIF", save_all=True, append_images=frames[1:])
