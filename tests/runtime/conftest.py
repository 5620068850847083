"""Prints the runtime corpus table at the end of a pytest run that ran it."""

import test_runtime_corpus


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    table = config.stash.get(test_runtime_corpus.runner_table_key, None)
    if table:
        terminalreporter.section("runtime corpus")
        terminalreporter.write_line(table)
