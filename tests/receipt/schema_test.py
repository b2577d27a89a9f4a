#!/usr/bin/env python3
"""docs/receipt.schema.json against real receipts: every receipt the writer
(include/perfgate/receipt.hpp, through tests/helpers/receipt_writer) writes in a
well-formed mode must validate, and the broken ones must not. Skipped (77) when
the Python package jsonschema is missing.

usage: schema_test.py RECEIPT_WRITER SCHEMA"""
import json
import subprocess
import sys
import tempfile

try:
    import jsonschema
except ImportError:
    print("jsonschema (Python) is not installed; skipped")
    sys.exit(77)

writer, schema_path = sys.argv[1], sys.argv[2]
schema = json.load(open(schema_path))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)

failures = []
with tempfile.TemporaryDirectory() as tmp:
    def receipt(mode):
        path = f"{tmp}/{mode}.json"
        subprocess.run([writer, mode, path, "2"], check=True, stdout=subprocess.DEVNULL)
        return json.load(open(path))

    for mode in ["real", "mock", "fast", "wrong"]:
        errors = [e.message for e in validator.iter_errors(receipt(mode))]
        if errors:
            failures.append(f"{mode}: {errors}")
    good = receipt("real")
    for name, edit in [
        ("schema_version 2", lambda j: j.update(schema_version=2)),
        ("missing compute_path", lambda j: j.pop("compute_path")),
        ("string sample", lambda j: j["performance"]["token_latency"]["samples"].__setitem__(0, "12ms")),
        ("unknown field", lambda j: j.update(compute_pth="real")),
        ("bad digest", lambda j: j["output_digest"].update(value="XYZ")),
    ]:
        bad = json.loads(json.dumps(good))
        edit(bad)
        if validator.is_valid(bad):
            failures.append(f"{name}: accepted by the schema")

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("ok: the schema accepts the writer's receipts and rejects 5 broken ones")
