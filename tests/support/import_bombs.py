"""Files built to overload the import, written to disk without ever being held in memory:
an XLSX workbook whose shared strings inflate a thousandfold, and CSV files by the row.

Plain Python (no Django): the reliability suite uploads the same files to a running server.
"""

import csv
import io
import struct
import zipfile
from itertools import repeat

MIB = 1 << 20
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
# One shared string, repeated: compresses about 1000:1, as the bomb of the issue did.
FILLER = b"<si><t>Vorschlag</t></si>" * 4096

SKELETON = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{CT}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{CT}.worksheet+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{CT}.sharedStrings+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        f'<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" '
        f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<workbook xmlns="{NS}" xmlns:r="{REL}"><sheets>'
        '<sheet name="Vorschläge" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{PKG_REL}">'
        f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    ),
    # A header and one suggestion, every cell the first shared string.
    "xl/worksheets/sheet1.xml": (
        f'<worksheet xmlns="{NS}"><sheetData>'
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>0</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>0</v></c></row>'
        "</sheetData></worksheet>"
    ),
}


def write_xlsx_bomb(path, unpacked_bytes=200 * MIB):
    """A workbook openpyxl would read, whose shared strings inflate to ``unpacked_bytes``."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in SKELETON.items():
            archive.writestr(name, text)
        with archive.open("xl/sharedStrings.xml", "w") as part:
            part.write(f'<sst xmlns="{NS}">'.encode())
            for chunk in repeat(FILLER, unpacked_bytes // len(FILLER)):
                part.write(chunk)
            part.write(b"</sst>")
    return path


def understate_size(path, name, declared_bytes):
    """Make the archive claim that its part ``name`` unpacks to ``declared_bytes``: in its
    local header and in the central directory, as a bomb built to pass a size check would."""
    with zipfile.ZipFile(path) as archive:
        local = archive.getinfo(name).header_offset
        entry = central_directory_entry(archive, name)
    data = bytearray(path.read_bytes())
    size = struct.pack("<I", declared_bytes)
    data[local + 22 : local + 26] = size  # the local file header's uncompressed size
    data[entry + 24 : entry + 28] = size  # the central directory's
    path.write_bytes(bytes(data))
    return path


def central_directory_entry(archive, name):
    """Where the central directory's entry of ``name`` starts in the archive's file."""
    archive.fp.seek(archive.start_dir)
    position = archive.start_dir
    while True:
        header = archive.fp.read(46)
        name_length, extra_length, comment_length = struct.unpack("<HHH", header[28:34])
        if archive.fp.read(name_length) == name.encode():
            return position
        archive.fp.seek(extra_length + comment_length, io.SEEK_CUR)
        position += 46 + name_length + extra_length + comment_length


def write_packed_zip(path, parts):
    """A ZIP archive (shaped like XLSX at its start) of ``parts``: {name: bytes}."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def suggestion_rows(count, start=1):
    return ([str(n), f"Vorschlag {n}", "Bitte prüfen"] for n in range(start, start + count))


def write_csv(path, rows, header=("external id", "title", "description")):
    """A CSV file written row by row."""
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_csv_of_size(path, size_bytes):
    """A CSV of valid rows, at least ``size_bytes`` long."""
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["external id", "title", "description"])
        number = 0
        while file.tell() < size_bytes:
            number += 1
            writer.writerow([str(number), f"Vorschlag {number}", "Bitte prüfen. " * 20])
    return path


def multipart_body(fields, files, boundary="kundenforum-import-bomb"):
    """(body, content type) of a multipart form POST: ``files`` is {field: (name, bytes)}."""
    body = io.BytesIO()
    for name, value in fields.items():
        body.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
        )
        body.write(f"{value}\r\n".encode())
    for name, (filename, data) in files.items():
        body.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
        )
        body.write(data)
        body.write(b"\r\n")
    body.write(f"--{boundary}--\r\n".encode())
    return body.getvalue(), f"multipart/form-data; boundary={boundary}"
