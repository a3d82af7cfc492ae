/**
 * The Python that reads a folder (or zip) of images, one subfolder per class, as Kairo does, step
 * for step: the layout rules of src/engine/data/imageLayout.ts (hidden and system files left out,
 * the common top folder is the data set's name, `train/` + `test/` split the data, classes and
 * files sorted by code point, what is not an image skipped and named), the decoding (Pillow when it
 * is installed; a built-in PNG reader with zlib and numpy, which gives the RGBA bytes Kairo's CLI
 * decoder gives, without it and for 16-bit PNGs, which Pillow reduces otherwise), the fit to the square of imageFit.ts and resample.ts (area averaging,
 * alpha over black, BT.601 grey, rounded as JavaScript rounds, the same float32 intermediate), then
 * pixel / 255 and the seeded hold-out when there is no test folder. A PNG folder gives the script
 * exactly the numbers `kairo train --data` trains on (tests/unit/python-image-data.test.ts).
 */
import type { ImageDataReference } from '../graph/dataReference';
import { type PythonSection, py } from './pythonCode';
import { HOLD_OUT_CODE } from './pythonHoldOut';

/** The dataset node's image choices as the script reads them. */
export interface ImageSourceSettings {
  size: number;
  channels: 1 | 3;
  fit: string;
  testSplit: number;
}

export function imageSettingsCode(reference: ImageDataReference, settings: ImageSourceSettings): string {
  return `IMAGES = {
    "name": ${py(reference.name)},
    "class_names": ${py(reference.classNames)},  # label k is class_names[k]: the class folders' names
    "size": ${py(settings.size)},  # every image is fitted to size x size pixels
    "channels": ${py(settings.channels)},  # 3: RGB; 1: grey (0.299 R + 0.587 G + 0.114 B)
    "fit": ${py(settings.fit)},  # "squash" the whole image, "crop" the centred square, or "pad" with black
    "test_split": ${py(settings.testSplit)},  # without a test folder: this part of each class is held out
    "separate_test": ${py(reference.testCounts.length > 0)},  # Kairo had a separate test folder (pass it with --test)
}`;
}

export const IMAGES_SECTION_CODE = String.raw`IMAGE_EXTENSIONS = {"jpg", "jpeg", "jpe", "jfif", "png", "webp", "gif", "bmp", "dib", "tif", "tiff"}
SYSTEM_NAMES = {".ds_store", "thumbs.db", "desktop.ini", "__macosx"}
MAX_PIXELS = 100_000_000


def path_segments(path):
    return [segment for segment in re.split(r"[\\/]+", path) if segment not in ("", ".")]


def is_image_name(path):
    dot = path.rfind(".")
    return dot > path.rfind("/") and path[dot + 1 :].lower() in IMAGE_EXTENSIONS


def list_images(location):
    """A folder or zip as entries (path led by its top folder, size, how to read it) and its directories."""
    entries, directories = [], []
    if os.path.isdir(location):
        # A folder's own name leads every path, as if it were a zip's top folder.
        name = os.path.basename(os.path.normpath(location))
        for folder, subfolders, files in os.walk(location):
            relative = os.path.relpath(folder, location).replace(os.sep, "/")
            prefix = name if relative == "." else f"{name}/{relative}"
            directories += [f"{prefix}/{sub}" for sub in subfolders]
            for file in files:
                full = os.path.join(folder, file)
                entries.append((f"{prefix}/{file}", os.path.getsize(full), full))
        return entries, directories, lambda entry: open(entry, "rb").read()
    if zipfile.is_zipfile(location):
        archive = zipfile.ZipFile(location)
        for info in archive.infolist():
            if info.is_dir():
                directories.append(info.filename.rstrip("/"))
            else:
                entries.append((info.filename, info.file_size, info.filename))
        return entries, directories, archive.read
    raise SystemExit(f"{location}: not a folder or a zip of images (one subfolder per class)")


def classify(items, directories, skipped):
    """One split's files sorted into classes by their first folder: ([(path, class, source)], class folders)."""
    files, folders = [], {segments[0] for segments in directories if segments}
    for (path, size, source), segments in items:
        if len(segments) < 2:
            skipped.append((path, "outside a class folder" if is_image_name(path) else "not an image"))
            continue
        folders.add(segments[0])
        if not is_image_name(path):
            skipped.append((path, "not an image"))
        elif size == 0:
            skipped.append((path, "empty"))
        else:
            files.append((path, segments[0], source))
    files.sort(key=lambda file: (file[1], file[0]))
    return files, folders


def strip_top(items, directories):
    """Without the top folder all paths share (the data set's name), when there is one."""
    first = items[0][1][0] if items and items[0][1] else None
    if first is None or not all(len(segments) >= 2 and segments[0] == first for _, segments in items):
        return items, directories
    return [(entry, segments[1:]) for entry, segments in items], [segments[1:] for segments in directories if segments[0] == first]


def visible(entries, directories):
    def hidden(segments):
        return any(segment.startswith(".") or segment.lower() in SYSTEM_NAMES for segment in segments)

    items = [(entry, path_segments(entry[0])) for entry in entries]
    folders = [path_segments(directory) for directory in directories]
    return [item for item in items if not hidden(item[1])], [segments for segments in folders if segments and not hidden(segments)]


def image_layout(location, test_location=None):
    """(class names, training files, test files, skipped files, a reader per split), laid out as Kairo lays them out."""
    entries, directories, read = list_images(location)
    items, folders = strip_top(*visible(entries, directories))
    test_items, test_folders, test_read = [], [], read
    tops = {segments[0].lower() if len(segments) >= 2 else "" for _, segments in items}
    if test_location is None and tops == {"train", "test"}:

        def part(name):
            return [(entry, segments[1:]) for entry, segments in items if segments[0].lower() == name], [
                segments[1:] for segments in folders if segments[0].lower() == name
            ]

        (test_items, test_folders), (items, folders) = part("test"), part("train")
    elif test_location is not None:
        test_entries, test_directories, test_read = list_images(test_location)
        test_items, test_folders = strip_top(*visible(test_entries, test_directories))
    skipped = []
    train, train_classes = classify(items, folders, skipped)
    test, test_classes = classify(test_items, test_folders, skipped)
    class_names = sorted(train_classes)
    if len(class_names) < 2:
        raise SystemExit(f"{location}: {len(class_names)} class folders; at least two are needed (one subfolder per class)")
    empty = [name for name in class_names if not any(file[1] == name for file in train)]
    if empty:
        raise SystemExit(f"{location}: the class folders {empty} hold no images")
    unknown = sorted(test_classes - train_classes)
    if unknown:
        raise SystemExit(f"the test data has classes the training data lacks: {unknown} (known: {class_names})")
    return class_names, train, test, skipped, (read, test_read)


def image_format(data):
    """The format from the first bytes, never from the name."""
    if data[:3] == b"\xff\xd8\xff":
        return "jpeg"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "png"
    if data[:4] == b"GIF8":
        return "gif"
    if data[:2] == b"BM":
        return "bmp"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    return None


def paeth(left, up, up_left):
    estimate = left + up - up_left
    to_left, to_up, to_up_left = abs(estimate - left), abs(estimate - up), abs(estimate - up_left)
    if to_left <= to_up and to_left <= to_up_left:
        return left
    return up if to_up <= to_up_left else up_left


def png_scanlines(raw, at, rows, stride, step):
    """The rows of one (sub)image with their filters undone, as uint8 [rows, stride]; the offset after them."""
    lines = np.zeros((rows, stride), dtype=np.uint8)
    prior = bytearray(stride)
    for row in range(rows):
        if at + 1 + stride > len(raw):
            raise ValueError("the image data ends early")
        kind, line = raw[at], bytearray(raw[at + 1 : at + 1 + stride])
        at += 1 + stride
        if kind == 1:
            for i in range(step, stride):
                line[i] = (line[i] + line[i - step]) & 255
        elif kind == 2:
            line = bytearray(((np.frombuffer(line, np.uint8).astype(np.uint16) + np.frombuffer(prior, np.uint8)) & 255).astype(np.uint8))
        elif kind == 3:
            for i in range(stride):
                line[i] = (line[i] + (((line[i - step] if i >= step else 0) + prior[i]) >> 1)) & 255
        elif kind == 4:
            for i in range(stride):
                left, up_left = (line[i - step], prior[i - step]) if i >= step else (0, 0)
                line[i] = (line[i] + paeth(left, prior[i], up_left)) & 255
        elif kind != 0:
            raise ValueError(f"unknown PNG filter {kind}")
        lines[row] = np.frombuffer(bytes(line), np.uint8)
        prior = line
    return lines, at


def png_samples(lines, width, channels, depth):
    """Scanline bytes as sample values [rows, width, channels] (1-16 bits each)."""
    if depth == 8:
        values = lines.astype(np.int64)
    elif depth == 16:
        values = lines.reshape(len(lines), -1, 2).astype(np.int64) @ np.array([256, 1])
    else:
        bits = np.unpackbits(lines, axis=1).reshape(len(lines), -1, depth).astype(np.int64)
        values = bits @ (1 << np.arange(depth - 1, -1, -1))
    return values[:, : width * channels].reshape(len(lines), width, channels)


def read_png(data):
    """A PNG as RGBA uint8 [height, width, 4], as Kairo's CLI decodes it (pngjs): no gamma or colour
    profile applied, a tRNS colour made fully transparent, other depths scaled to 8 bits, rounded."""
    at, chunks, header, palette, transparency = 8, [], None, None, None
    while at + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        body = data[at + 8 : at + 8 + length]
        at += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body[:13])
        elif kind == b"PLTE":
            palette = np.frombuffer(body[: len(body) // 3 * 3], np.uint8).reshape(-1, 3)
        elif kind == b"tRNS":
            transparency = body
        elif kind == b"IDAT":
            chunks.append(body)
        elif kind == b"IEND":
            break
    if header is None or not chunks:
        raise ValueError("no image header or data")
    width, height, depth, color, _, _, interlace = header
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[color]
    raw = zlib.decompress(b"".join(chunks))
    bits = channels * depth
    step = max(1, bits // 8)
    samples = np.zeros((height, width, channels), dtype=np.int64)
    # Adam7's seven passes (x0, y0, dx, dy), or the whole image at once.
    passes = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)) if interlace else ((0, 0, 1, 1),)
    at = 0
    for x0, y0, dx, dy in passes:
        columns, rows = (width - x0 + dx - 1) // dx, (height - y0 + dy - 1) // dy
        if columns <= 0 or rows <= 0:
            continue
        lines, at = png_scanlines(raw, at, rows, (columns * bits + 7) // 8, step)
        samples[y0::dy, x0::dx] = png_samples(lines, columns, channels, depth)
    top = (1 << depth) - 1
    if color == 3:
        if palette is None or samples.max() >= len(palette):
            raise ValueError("a palette index outside the palette")
        alpha = np.full(len(palette), 255, dtype=np.int64)
        if transparency is not None:
            given = np.frombuffer(transparency[: len(palette)], np.uint8)
            alpha[: len(given)] = given
        table = np.concatenate([palette.astype(np.int64), alpha[:, None]], axis=1)
        return table[samples[:, :, 0]].astype(np.uint8)
    if channels == 1:
        rgba = np.concatenate([np.repeat(samples, 3, axis=2), np.full_like(samples, top)], axis=2)
    elif channels == 2:
        rgba = np.concatenate([np.repeat(samples[:, :, :1], 3, axis=2), samples[:, :, 1:]], axis=2)
    elif channels == 3:
        rgba = np.concatenate([samples, np.full_like(samples[:, :, :1], top)], axis=2)
    else:
        rgba = samples
    if transparency is not None and color in (0, 2):
        key = struct.unpack(">" + "H" * (len(transparency) // 2), transparency[: len(transparency) // 2 * 2])
        match = rgba[:, :, 0] == key[0] if color == 0 else np.all(rgba[:, :, :3] == np.array(key[:3]), axis=2)
        rgba[match] = 0
    if depth != 8:
        rgba = np.floor(rgba * 255 / top + 0.5)
    return rgba.astype(np.uint8)


def read_with_pillow(data):
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        if image.width * image.height > MAX_PIXELS:
            return "too large"
        return np.asarray(image.convert("RGBA"), dtype=np.uint8)


def decode_rgba(data, pillow):
    """RGBA uint8 [height, width, 4], or why the file is skipped (Kairo's reasons)."""
    kind = image_format(data)
    if kind is None:
        return "not an image"
    # PNG with 16-bit samples goes through the script's own reader even where Pillow is installed:
    # Pillow reduces them to 8 bits differently (or not at all, for grey) from Kairo.
    own_png = kind == "png" and (pillow is None or data[24:25] == b"\x10")
    if pillow is None and not own_png:
        return "needs Pillow"
    try:
        if not own_png:
            return read_with_pillow(data)
        width, height = struct.unpack(">II", data[16:24])
        if width * height > MAX_PIXELS:
            return "too large"
        return read_png(data)
    except Exception:  # a damaged file of any kind is skipped, as Kairo skips it
        return "damaged"


def area_weights(start, length, target, limit):
    """Per target pixel along one axis: the first source pixel and the weights of those under it (resample.ts)."""
    scale, rows = length / target, []
    for t in range(target):
        low = start + t * scale
        high = low + scale
        if high - low < 1:  # upscaling: a one-pixel window centred on the sample point
            centre = (low + high) / 2
            low, high = centre - 0.5, centre + 0.5
        low, high = max(0, low), min(limit, high)
        first = math.floor(low)
        weights = [min(s + 1, high) - max(s, low) for s in range(first, math.ceil(high))]
        total = sum(weights) or 1
        rows.append((first, [weight / total for weight in weights]))
    return rows


def gathered(rows):
    """The area weights as index and weight arrays [most, target], zero-padded (adding 0 changes no sum)."""
    most = max(len(weights) for _, weights in rows)
    index = np.zeros((most, len(rows)), dtype=np.int64)
    weight = np.zeros((most, len(rows)), dtype=np.float64)
    for t, (first, weights) in enumerate(rows):
        index[: len(weights), t] = np.arange(first, first + len(weights))
        weight[: len(weights), t] = weights
    return index, weight


def js_round(values):
    return np.floor(values + 0.5)


def fit_image(rgba, size, channels, fit):
    """RGBA [h, w, 4] fitted into [size, size, channels] bytes, as Kairo fits it (imageFit.ts, resample.ts)."""
    height, width = rgba.shape[:2]
    source, target = (0.0, 0.0, width, height), (0.0, 0.0, size, size)
    if fit == "crop" and width != height:
        side = min(width, height)
        source = ((width - side) / 2, (height - side) / 2, side, side)
    elif fit == "pad" and width != height:
        scale = size / max(width, height)
        target = ((size - width * scale) / 2, (size - height * scale) / 2, width * scale, height * scale)
    left, top = js_round(target[0]), js_round(target[1])
    target_width, target_height = max(1, int(js_round(target[2]))), max(1, int(js_round(target[3])))
    column_index, column_weight = gathered(area_weights(source[0], source[2], target_width, width))
    rows = area_weights(source[1], source[3], target_height, height)
    first_row = rows[0][0]
    last_row = max(first + len(weights) for first, weights in rows)
    band_pixels = rgba[first_row:last_row].astype(np.float64)
    alpha = band_pixels[:, :, 3] / 255
    # Horizontal pass, summed in Kairo's order, kept as float32 as Kairo keeps it.
    band = np.zeros((last_row - first_row, target_width, 3), dtype=np.float64)
    for k in range(len(column_index)):
        weight = column_weight[k][None, :] * alpha[:, column_index[k]]
        band = band + band_pixels[:, column_index[k], :3] * weight[:, :, None]
    band = band.astype(np.float32).astype(np.float64)
    row_index, row_weight = gathered(rows)
    values = np.zeros((target_height, target_width, 3), dtype=np.float64)
    for k in range(len(row_index)):
        values = values + band[row_index[k] - first_row] * row_weight[k][:, None, None]
    if channels == 1:
        values = js_round(0.299 * values[:, :, 0] + 0.587 * values[:, :, 1] + 0.114 * values[:, :, 2])[:, :, None]
    else:
        values = js_round(values)
    out = np.zeros((size, size, channels), dtype=np.uint8)
    ys, xs = np.arange(target_height) + int(top), np.arange(target_width) + int(left)
    keep_y, keep_x = (ys >= 0) & (ys < size), (xs >= 0) & (xs < size)
    out[np.ix_(ys[keep_y], xs[keep_x])] = values[np.ix_(keep_y, keep_x)].astype(np.uint8)
    return out


def pillow_module():
    try:
        import PIL.Image  # noqa: F401

        return PIL
    except ImportError:
        return None


def load_images(path, test_path=None):
    """The images as Kairo reads them: ((train_x, train_y), (test_x, test_y)), x [N, size, size, channels] of pixel / 255."""
    if not path:
        raise SystemExit(f"--data: the folder (or zip) of the images of {IMAGES['name']!r} is needed, one subfolder per class")
    if not os.path.exists(path):
        raise SystemExit(f"--data {path}: there is no such folder or file")
    class_names, train, test, skipped, (read, test_read) = image_layout(path, test_path)
    if class_names != IMAGES["class_names"]:
        raise SystemExit(f"{path}: the class folders are {class_names}, the graph was made for {IMAGES['class_names']}")
    if not test and IMAGES["separate_test"]:
        raise SystemExit("Kairo tested this graph on a separate test folder: pass it with --test (or lay the data out as train/ and test/)")
    pillow = pillow_module()
    label_of = {name: label for label, name in enumerate(class_names)}

    def decoded(files, reader):
        pixels, labels = [], []
        for path_shown, class_name, source in files:
            rgba = decode_rgba(reader(source), pillow)
            if isinstance(rgba, str):
                skipped.append((path_shown, rgba))
                continue
            pixels.append(fit_image(rgba, IMAGES["size"], IMAGES["channels"], IMAGES["fit"]))
            labels.append(label_of[class_name])
        shape = (len(pixels), IMAGES["size"], IMAGES["size"], IMAGES["channels"])
        return np.asarray(pixels, dtype=np.uint8).reshape(shape), np.asarray(labels, dtype=np.int64)

    train_x, train_y = decoded(train, read)
    test_x, test_y = decoded(test, test_read) if test else (None, None)
    needs_pillow = [shown for shown, reason in skipped if reason == "needs Pillow"]
    if needs_pillow:
        raise SystemExit(f"{len(needs_pillow)} images are not PNG and need Pillow to be read (pip install pillow), e.g. {needs_pillow[0]}")
    if skipped:
        print(f"{len(skipped)} files skipped: " + "; ".join(f"{shown} ({reason})" for shown, reason in skipped[:5]) + (" ..." if len(skipped) > 5 else ""))
    if test_x is None:
        train_at, test_at = hold_out_test(train_y.tolist(), len(class_names), IMAGES["test_split"], SETTINGS["shuffle_seed"])
        train_x, train_y, test_x, test_y = train_x[train_at], train_y[train_at], train_x[test_at], train_y[test_at]
    empty = [name for label, name in enumerate(class_names) if not np.any(train_y == label)]
    if empty:
        raise SystemExit(f"{path}: no image of the classes {empty} could be read")

    def unit(pixels):
        # pixel / 255 in double precision, then rounded to float32: the same numbers as Kairo's.
        return (pixels.astype(np.float64) / 255.0).astype(np.float32)

    return (unit(train_x), train_y), (unit(test_x), test_y)`;

/** The Python section of an image-folder source. */
export function imagesSection(reference: ImageDataReference, settings: ImageSourceSettings): PythonSection {
  return {
    title: 'Data: the image folders, as Kairo lays them out, decodes and fits them',
    code: `${imageSettingsCode(reference, settings)}\n\n\n${HOLD_OUT_CODE}\n\n\n${IMAGES_SECTION_CODE}`,
  };
}
