"""A missing dependency fails the run only under CI=true, the same rule
internal/testenv applies to the Go tests."""

import pytest

from kernel_helpers import missing


@pytest.mark.parametrize("value, fails", [
    ("true", True), ("1", False), ("yes", False), ("TRUE", False), ("", False), (None, False),
])
def test_missing_fails_only_when_ci_is_true(monkeypatch, value, fails):
    if value is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", value)
    with pytest.raises((pytest.fail.Exception, pytest.skip.Exception)) as outcome:
        missing("the toolchain is not installed")
    assert outcome.type is (pytest.fail.Exception if fails else pytest.skip.Exception)
