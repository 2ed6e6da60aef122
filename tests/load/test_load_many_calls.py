"""A spec with hundreds of calls loads with the position of every node.

How fast it loads is measured by benchmarks/, not asserted here: a busy machine would make such a
bound flaky.
"""

CALL = """\
      - name: Call {index}
        use_as: data
        method: GET
        path: /things/{{thing_id}}
        description: Get one thing.
        parameters:
          - {{name: thing_id, in: path, example: t_{index}}}
          - {{name: limit, in: query, type: integer, default: 20}}
        response:
          samples:
            - inline: {{"id": "t_1", "created_at": "2024-05-01T10:00:00Z", "tags": ["a", "b"]}}
"""


def test_five_hundred_calls_load_with_their_positions(files):
    calls = "".join(CALL.format(index=index) for index in range(500))
    text = "apigen: 1\ncollections:\n  - name: Things\n    calls:\n" + calls
    files.write("api.yaml", text.encode())
    spec, found = files.load()
    assert found == []
    assert spec is not None
    assert len(spec.data["collections"][0]["calls"]) == 500
    assert spec.source.values[("collections", 0, "calls", 499, "method")].line == 4 + 499 * 11 + 3
