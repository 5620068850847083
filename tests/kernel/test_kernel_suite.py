"""The standard jupyter_kernel_test suite, configured for a Python kernel,
run against the gokmig kernel installed in a temporary JUPYTER_PATH."""

import jupyter_kernel_test as jkt
import pytest

from kernel_helpers import KERNEL


@pytest.mark.usefixtures("jupyter_data")
class TestGokmigKernelSuite(jkt.KernelTests):
    kernel_name = KERNEL
    language_name = "python"
    file_extension = ".py"

    code_hello_world = "print('hello, world')"
    code_stderr = "import sys; print('oops', file=sys.stderr)"

    completion_samples = [{"text": "zi", "matches": {"zip"}}]

    complete_code_samples = ["1", "print('hello, world')", "def f(x):\n    return x * 2\n\n\n"]
    incomplete_code_samples = ["print('''hello", "def f(x):\n    x * 2"]
    invalid_code_samples = ["import = 7q"]

    code_page_something = "zip?"
    code_generate_error = "raise ValueError('expected')"

    code_execute_result = [
        {"code": "1 + 2 + 3", "result": "6"},
        {"code": "[n * n for n in range(1, 4)]", "result": "[1, 4, 9]"},
    ]
    code_display_data = [
        {"code": "from IPython.display import HTML, display; display(HTML('<b>test</b>'))", "mime": "text/html"},
        {"code": "from IPython.display import Math, display; display(Math('\\\\frac{1}{2}'))", "mime": "text/latex"},
    ]

    code_history_pattern = "1 + 2*"
    # "range" is left out: plain ipykernel answers it with session 0 for the
    # current session, which the suite does not expect either.
    supported_history_operations = ("tail", "search")

    code_inspect_sample = "zip"
    code_clear_output = "from IPython.display import clear_output; clear_output()"
