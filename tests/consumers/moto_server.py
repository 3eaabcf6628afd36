"""moto's server for ward's consumer tests (tests/it/consumers/).

Runs `moto.server.main` with the given arguments, and exits as soon as the
process that started it goes away: the test stops the server itself, even
when it fails, and this is the second line of defence for a test process
that is killed outright.
"""

import os
import sys
import threading
import time


def watch(parent):
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(0)


threading.Thread(target=watch, args=(os.getppid(),), daemon=True).start()

from moto.server import main  # noqa: E402  (after the watchdog starts)

main(sys.argv[1:])
