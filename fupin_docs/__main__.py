"""`python -m fupin_docs`: the same commands as `fupin-docs`."""

import sys

try:
    from .app.entry import main
except KeyboardInterrupt:  # Ctrl-C in the first instant, before the entry point's own guard
    sys.stderr.write("\n已中断：未完成的文件没有留下；重新运行即可。\n")
    exec("", {})  # or `python -m` ends as killed by SIGINT: app/entry.forget_caught_interrupt
    sys.exit(130)

if __name__ == "__main__":
    main()
