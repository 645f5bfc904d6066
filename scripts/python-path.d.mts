// Types of python-path.mjs (the interpreter resolution shared by the install script, harness and tests).
/** The directory holding this project's package.json, searched upward from `from` (default: the module's own folder). */
export function repoRoot(from?: string): string;
/** The repository's own virtual environment's interpreter: <repo>/.venv/bin/python. */
export function venvPython(): string;
/** $RNN_CONFORMANCE_PYTHON when set and not empty, else <repo>/.venv/bin/python. */
export function pythonPath(env?: Record<string, string | undefined>): string;
