"""`include:` appends other files' collections; their positions point into their own files."""

import os

from apigen.diagnostics import Position

BILLING = """\
collections:
  - name: Billing
    calls:
      - name: Get invoice  # apigen: allow-secret
"""


def test_included_collections_are_appended_with_their_own_positions(files):
    files.write("more/billing.yaml", BILLING)
    files.write("more/shipping.yaml", "collections:\n  - name: Shipping\n  - name: Returns\n")
    files.write(
        "api.yaml",
        """\
        apigen: 1
        include:
          - more/billing.yaml
          - more/shipping.yaml
        collections:
          - name: Main  # apigen: allow-secret
        """,
    )
    spec, found = files.load()
    assert found == []
    assert spec is not None
    names = [collection["name"] for collection in spec.data["collections"]]
    assert names == ["Main", "Billing", "Shipping", "Returns"]
    assert spec.data["include"] == ["more/billing.yaml", "more/shipping.yaml"]
    root = files.root.resolve()
    assert spec.path == root / "api.yaml"
    assert spec.root_dir == root
    assert spec.collection_files == [
        root / "api.yaml",
        root / "more/billing.yaml",
        root / "more/shipping.yaml",
        root / "more/shipping.yaml",
    ]
    source = spec.source
    assert source.values[("collections",)] == Position("api.yaml", 6, 3)
    assert source.values[("collections", 0, "name")] == Position("api.yaml", 6, 11)
    assert source.values[("collections", 1, "name")] == Position("more/billing.yaml", 2, 11)
    assert source.keys[("collections", 1, "calls", 0, "name")] == Position(
        "more/billing.yaml", 4, 9
    )
    assert source.values[("collections", 3)] == Position("more/shipping.yaml", 3, 5)
    assert spec.allow_secret_lines == frozenset({("api.yaml", 6), ("more/billing.yaml", 4)})


def test_included_collections_make_the_list_when_the_spec_has_none(files):
    files.write("billing.yaml", BILLING)
    spec, found = files.load_text("apigen: 1\ninclude: [billing.yaml]\n")
    assert found == []
    assert spec is not None
    assert [collection["name"] for collection in spec.data["collections"]] == ["Billing"]
    assert spec.source.values[("collections", 0)] == Position("billing.yaml", 2, 5)


def test_paths_that_leave_the_spec_folder_are_refused(files):
    files.write("outside.yaml", BILLING)
    files.write(
        "spec/api.yaml",
        """\
        apigen: 1
        include:
          - ../outside.yaml
          - /etc/passwd
          - C:\\specs\\billing.yaml
          - more/../../outside.yaml
        """,
    )
    spec, found = files.load("spec/api.yaml")
    assert spec is not None
    assert "collections" not in spec.data
    leaves = "leaves the spec's folder (symbolic links followed): keep included files inside it"
    absolute = "is absolute: write it relative to the spec's folder"
    assert found == [
        ("spec/api.yaml", 3, 5, "E108", f"include path '../outside.yaml' {leaves}"),
        ("spec/api.yaml", 4, 5, "E108", f"include path '/etc/passwd' {absolute}"),
        ("spec/api.yaml", 5, 5, "E108", f"include path 'C:\\specs\\billing.yaml' {absolute}"),
        ("spec/api.yaml", 6, 5, "E108", f"include path 'more/../../outside.yaml' {leaves}"),
    ]


def test_a_symbolic_link_to_outside_the_spec_folder_is_refused(files):
    files.write("outside.yaml", BILLING)
    files.write("spec/api.yaml", "apigen: 1\ninclude: [billing.yaml]\n")
    os.symlink(files.root / "outside.yaml", files.root / "spec/billing.yaml")
    spec, found = files.load("spec/api.yaml")
    assert spec is not None
    message = (
        "include path 'billing.yaml' leaves the spec's folder (symbolic links followed): "
        "keep included files inside it"
    )
    assert found == [("spec/api.yaml", 2, 11, "E108", message)]


def test_a_symbolic_link_inside_the_spec_folder_is_followed(files):
    files.write("spec/parts/billing.yaml", BILLING)
    files.write("spec/api.yaml", "apigen: 1\ninclude: [billing.yaml]\n")
    os.symlink(files.root / "spec/parts/billing.yaml", files.root / "spec/billing.yaml")
    spec, found = files.load("spec/api.yaml")
    assert found == []
    assert spec is not None
    assert spec.collection_files == [files.root.resolve() / "spec/parts/billing.yaml"]
    assert spec.source.values[("collections", 0)] == Position("spec/parts/billing.yaml", 2, 5)


def test_a_spec_that_includes_itself_is_refused(files):
    spec, found = files.load_text("apigen: 1\ninclude:\n  - ./api.yaml\ncollections: []\n")
    assert spec is not None
    assert spec.data["collections"] == []
    message = "the spec includes itself: remove './api.yaml' from `include`"
    assert found == [("api.yaml", 3, 5, "E109", message)]


def test_a_file_included_twice_is_refused_the_second_time(files):
    files.write("billing.yaml", BILLING)
    spec, found = files.load_text("apigen: 1\ninclude:\n  - billing.yaml\n  - ./billing.yaml\n")
    assert spec is not None
    assert len(spec.data["collections"]) == 1
    message = "'./billing.yaml' is already included (line 3): remove one of them"
    assert found == [("api.yaml", 4, 5, "E109", message)]


def test_an_included_file_holds_only_collections(files):
    files.write(
        "billing.yaml",
        "apigen: 1\ninclude: [other.yaml]\ncollections:\n  - name: Billing\n",
    )
    spec, found = files.load_text("apigen: 1\ninclude: [billing.yaml]\n")
    assert spec is not None
    assert spec.data["collections"] == [{"name": "Billing"}]
    only = "an included file holds only `collections`"
    assert found == [
        (
            "billing.yaml",
            1,
            1,
            "E201",
            f"unknown key 'apigen': {only}; move 'apigen' to the root spec",
        ),
        (
            "billing.yaml",
            2,
            1,
            "E201",
            f"unknown key 'include': {only}; list every file under `include` in the root spec",
        ),
    ]


def test_an_included_file_without_a_list_of_collections_is_reported(files):
    files.write("empty.yaml", "description: nothing here\n")
    files.write("wrong.yaml", "collections: {name: Billing}\n")
    files.write("list.yaml", "- name: Billing\n")
    spec, found = files.load_text("apigen: 1\ninclude: [empty.yaml, wrong.yaml, list.yaml]\n")
    assert spec is not None
    assert "collections" not in spec.data
    assert found == [
        (
            "empty.yaml",
            1,
            1,
            "E201",
            "unknown key 'description': an included file holds only `collections`; "
            "move 'description' to the root spec",
        ),
        (
            "empty.yaml",
            1,
            1,
            "E202",
            "the included file has no `collections`: add them, or remove it from `include`",
        ),
        (
            "list.yaml",
            1,
            1,
            "E203",
            "the file holds a list, not a mapping: "
            "an included file is a mapping that holds only `collections`",
        ),
        ("wrong.yaml", 1, 14, "E203", "`collections` must be a list of collections"),
    ]


def test_problems_of_an_included_file_point_into_it(files):
    files.write("broken.yaml", "collections:\n  - name: 'Billing\n")
    spec, found = files.load_text("apigen: 1\ninclude:\n  - missing.yaml\n  - broken.yaml\n")
    assert spec is not None
    assert found == [
        ("api.yaml", 3, 5, "E101", "file 'missing.yaml' does not exist: check the path"),
        (
            "broken.yaml",
            3,
            1,
            "E104",
            "YAML syntax error: found unexpected end of stream: fix the YAML here (look for "
            "wrong indentation, or text with ': ' or ' #' that needs quotes)",
        ),
    ]


def test_include_entries_of_the_wrong_type_are_left_to_validation(files):
    files.write("billing.yaml", BILLING)
    spec, found = files.load_text("apigen: 1\ninclude: [42, {a: b}, billing.yaml]\n")
    assert found == []
    assert spec is not None
    assert spec.data["include"] == [42, {"a": "b"}, "billing.yaml"]
    assert [collection["name"] for collection in spec.data["collections"]] == ["Billing"]
    spec, found = files.load_text("apigen: 1\ninclude: billing.yaml\ncollections: []\n")
    assert found == []
    assert spec is not None
    assert spec.data == {"apigen": 1, "include": "billing.yaml", "collections": []}
