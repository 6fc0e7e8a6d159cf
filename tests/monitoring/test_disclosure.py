from hypothesis import given, settings
from hypothesis import strategies as st

from samen.monitoring.disclosure import Table, count_display, suppress


def _lines(table: Table):
    rows = [*table.rows, Table.TOTAL]
    columns = [*table.columns, Table.TOTAL]
    return [[(r, c) for c in columns] for r in rows] + [[(r, c) for r in rows] for c in columns]


def assert_safe(table: Table) -> None:
    for line in _lines(table):
        *parts, total = line
        hidden_parts = [key for key in parts if key in table.hidden]
        assert not (len(hidden_parts) == 1 and total not in table.hidden), f"line {line} leaks {hidden_parts}"
        for key in line:
            value = table.value(*key)
            if 0 < value < 10:
                assert key in table.hidden, f"small value {value} at {key} is shown"


def test_single_counts():
    assert [count_display(n) for n in (0, 1, 9, 10, 1372)] == ["0", "<10", "<10", "10", "1.372"]


def test_naive_suppression_would_leak_through_the_row_total():
    # One small cell in a row: hiding only it lets "total minus the rest" reveal it.
    table = suppress(
        Table(
            ["police", "care"],
            ["sexual", "labour", "criminal"],
            {
                ("police", "sexual"): 5,
                ("police", "labour"): 20,
                ("police", "criminal"): 30,
                ("care", "sexual"): 40,
                ("care", "labour"): 25,
                ("care", "criminal"): 35,
            },
        )
    )
    assert ("police", "sexual") in table.hidden
    assert len([key for key in table.hidden if key[0] == "police"]) >= 2
    assert_safe(table)
    assert table.display("police", "sexual") == "<10"


def test_a_small_total_is_hidden_and_cannot_be_rebuilt_from_its_parts():
    table = suppress(Table(["NLA"], ["2024", "2025"], {("NLA", "2024"): 4, ("NLA", "2025"): 3}))
    assert_safe(table)
    assert table.display("NLA", Table.TOTAL) == "<10"


def test_zeros_are_not_small():
    table = suppress(Table(["a"], ["x", "y"], {("a", "x"): 0, ("a", "y"): 50}))
    assert table.hidden == set()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=5), min_size=1, max_size=5))
def test_no_suppressed_cell_can_be_worked_out_from_one_line(grid):
    width = min(len(row) for row in grid)
    rows = [f"r{i}" for i in range(len(grid))]
    columns = [f"c{j}" for j in range(width)]
    cells = {(rows[i], columns[j]): grid[i][j] for i in range(len(grid)) for j in range(width)}
    assert_safe(suppress(Table(rows, columns, cells)))
