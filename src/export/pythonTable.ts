/**
 * The Python that reads a table as Kairo does (src/engine/data/tableParse.ts and tableEncode.ts,
 * step for step): a CSV/TSV file (delimiter guessed, cells trimmed, the same spellings of a missing
 * cell), rows without a known label left out, the test rows from a separate file or a seeded
 * stratified part held out (holdOut.ts, with Kairo's mulberry32 ported in pythonData.ts), rows with
 * gaps dropped or filled, numeric columns standardised with the training rows' mean and population
 * standard deviation, categorical columns one 0/1 column per category in the graph's order. A
 * table that ships with Kairo (iris, penguins) travels inside the script, so it runs as it is.
 */
import type { TableDataReference } from '../graph/dataReference';
import { type PythonSection, py } from './pythonCode';
import { HOLD_OUT_CODE } from './pythonHoldOut';

/** A table's header and its rows of text cells (what Kairo's parser gives). */
export interface TableText {
  headers: readonly string[];
  rows: readonly (readonly string[])[];
}

/** The graph's table reference as the script reads it. */
export function tableSettingsCode(reference: TableDataReference, missing: string, testSplit: number): string {
  const columns = reference.columns.map((column) => (column.kind === 'numeric' ? { name: column.name, kind: 'numeric' } : column));
  return `TABLE = {
    "name": ${py(reference.name)},
    "label_column": ${py(reference.labelColumn)},
    "class_names": ${py(reference.classNames)},  # label k is class_names[k]
    "columns": ${py(columns)},
    "missing": ${py(missing)},  # rows with a missing feature: "drop" them, or "fill" (mean / most frequent)
    "test_split": ${py(testSplit)},  # without a separate test file: this part of each class is held out
    "separate_test": ${py(reference.testCounts.length > 0)},  # Kairo had a separate test file (pass it with --test)
}`;
}

/** A built-in table as a Python literal, one row per line. */
export function builtinTableCode(table: TableText | undefined): string {
  if (!table) return 'BUILTIN_TABLE = None';
  const rows = table.rows.map((row) => `        ${py([...row])},`).join('\n');
  return `# The table ships with Kairo; here it is, so the script needs no --data.\nBUILTIN_TABLE = {\n    "headers": ${py([...table.headers])},\n    "rows": [\n${rows}\n    ],\n}`;
}

export const TABLE_SECTION_CODE = `MISSING_CELLS = {"", "na", "n/a", "nan", "null", "none", "?", "."}
NUMBER = re.compile(r"^[+-]?(\\d+\\.?\\d*|\\.\\d+)(e[+-]?\\d+)?$", re.IGNORECASE | re.ASCII)


def is_missing(cell):
    return cell.strip().lower() in MISSING_CELLS


def cell_number(cell):
    """The number a cell holds, or None (a missing cell, or text)."""
    text = cell.strip()
    if not NUMBER.match(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def guess_delimiter(text):
    """The delimiter whose rows have the steadiest number of cells (at least two), as Kairo's parser guesses."""
    best, best_score = ",", None
    sample = text[:65536]
    for candidate in (",", "\\t", "|", ";"):
        rows = [row for row in csv.reader(io.StringIO(sample), delimiter=candidate) if any(cell.strip() for cell in row)][:10]
        if not rows or len(rows[0]) < 2:
            continue
        score = (sum(abs(len(row) - len(rows[0])) for row in rows), -len(rows[0]))
        if best_score is None or score < best_score:
            best, best_score = candidate, score
    return best


def read_table(path):
    """A CSV/TSV file as (headers, rows of trimmed text cells)."""
    if not os.path.exists(path):
        raise SystemExit(f"--data {path}: there is no such file")
    with open(path, encoding="utf-8-sig", newline="") as file:
        text = file.read()
    delimiter = "\\t" if path.lower().endswith(".tsv") else guess_delimiter(text)
    rows = [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if any(cell.strip() for cell in row)]
    if len(rows) < 2:
        raise SystemExit(f"{path}: a header row and at least one data row are needed")
    headers = [cell.strip() or f"column {index + 1}" for index, cell in enumerate(rows[0])]
    ragged = [number + 2 for number, row in enumerate(rows[1:]) if len(row) != len(headers)]
    if ragged:
        raise SystemExit(f"{path}: rows {ragged[:5]} do not have {len(headers)} cells")
    return headers, [[cell.strip() for cell in row] for row in rows[1:]]


def labelled_rows(headers, rows, file):
    """The rows with a label the graph knows, cells in the graph's column order, and their labels."""
    names = [TABLE["label_column"]] + [column["name"] for column in TABLE["columns"]]
    absent = [name for name in names if name not in headers]
    if absent:
        raise SystemExit(f"{file}: the graph needs the columns {absent}")
    label_at = headers.index(TABLE["label_column"])
    at = [headers.index(column["name"]) for column in TABLE["columns"]]
    label_of = {name: label for label, name in enumerate(TABLE["class_names"])}
    kept, labels, unlabelled = [], [], 0
    for row in rows:
        label = label_of.get(row[label_at])
        if label is None:
            unlabelled += 1
            continue
        kept.append([row[index] for index in at])
        labels.append(label)
    return kept, labels, unlabelled


def column_stats(column, cells):
    present = [cell for cell in cells if not is_missing(cell)]
    if column["kind"] == "categorical":
        counts = {}
        for cell in present:
            counts[cell] = counts.get(cell, 0) + 1
        mode = column["categories"][0] if column["categories"] else ""
        for category in column["categories"]:
            if counts.get(category, 0) > counts.get(mode, 0):
                mode = category
        return 0.0, 1.0, mode
    values = [cell_number(cell) or 0.0 for cell in present]
    mean = sum(values) / len(values) if values else 0.0
    variance = sum((value - mean) ** 2 for value in values) / len(values) if values else 0.0
    std = math.sqrt(variance)
    return mean, (std if std > 0 and math.isfinite(std) else 1.0), ""


def encode_rows(rows, stats):
    width = sum(1 if column["kind"] == "numeric" else len(column["categories"]) for column in TABLE["columns"])
    features = np.zeros((len(rows), width), dtype=np.float32)
    for r, row in enumerate(rows):
        at = 0
        for c, column in enumerate(TABLE["columns"]):
            mean, std, mode = stats[c]
            cell = None if is_missing(row[c]) else row[c]
            if column["kind"] == "numeric":
                value = mean if cell is None else cell_number(cell)
                features[r, at] = ((mean if value is None else value) - mean) / std
                at += 1
            else:
                category = cell if cell is not None else mode
                if category in column["categories"]:
                    features[r, at + column["categories"].index(category)] = 1
                at += len(column["categories"])
    return features


def load_table(path, test_path=None):
    """The table as Kairo encodes it: ((train_x, train_y), (test_x, test_y)), features [N, width]."""
    if path:
        headers, rows = read_table(path)
    elif BUILTIN_TABLE is not None:
        path, headers, rows = TABLE["name"], BUILTIN_TABLE["headers"], BUILTIN_TABLE["rows"]
    else:
        raise SystemExit(f"--data: the CSV or TSV file of the table {TABLE['name']!r} is needed")
    rows, labels, unlabelled = labelled_rows(headers, rows, path)
    if test_path:
        test_headers, test_rows = read_table(test_path)
        train = (rows, labels)
        test_rows, test_labels, more = labelled_rows(test_headers, test_rows, test_path)
        test = (test_rows, test_labels)
        unlabelled += more
    else:
        if TABLE["separate_test"]:
            raise SystemExit("Kairo tested this graph on a separate test file: pass it with --test")
        train_at, test_at = hold_out_test(labels, len(TABLE["class_names"]), TABLE["test_split"], SETTINGS["shuffle_seed"])
        train = ([rows[i] for i in train_at], [labels[i] for i in train_at])
        test = ([rows[i] for i in test_at], [labels[i] for i in test_at])
    if unlabelled:
        print(f"{unlabelled} rows without a known {TABLE['label_column']!r} are left out")
    if TABLE["missing"] == "drop":

        def complete(split):
            keep = [i for i, row in enumerate(split[0]) if not any(is_missing(cell) for cell in row)]
            return [split[0][i] for i in keep], [split[1][i] for i in keep]

        train, test = complete(train), complete(test)
    stats = [column_stats(column, [row[c] for row in train[0]]) for c, column in enumerate(TABLE["columns"])]
    return (
        (encode_rows(train[0], stats), np.asarray(train[1], dtype=np.int64)),
        (encode_rows(test[0], stats), np.asarray(test[1], dtype=np.int64)),
    )`;

/** The Python section of a table source. */
export function tableSection(reference: TableDataReference, missing: string, testSplit: number, builtin: TableText | undefined): PythonSection {
  return {
    title: 'Data: the table, as Kairo reads and encodes it',
    code: `${tableSettingsCode(reference, missing, testSplit)}\n\n${builtinTableCode(builtin)}\n\n\n${HOLD_OUT_CODE}\n\n\n${TABLE_SECTION_CODE}`,
  };
}
