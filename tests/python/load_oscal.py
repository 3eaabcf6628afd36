"""Loads an OSCAL assessment-results file with compliance-trestle and prints
it as trestle writes it back (JSON), for tests/it/oscal.rs to compare with
what ward wrote.

compliance-trestle parses OSCAL strictly (pydantic models that forbid
unknown fields and check every datatype pattern and the OSCAL version), so a
document it loads is one the tools built on it can read, and a document it
writes back unchanged lost nothing on the way. Exit status 1, with trestle's
message, when it cannot load the file.
"""

import sys
from pathlib import Path

from trestle.oscal import OSCAL_VERSION
from trestle.oscal.assessment_results import AssessmentResults


def main() -> int:
    path = Path(sys.argv[1])
    try:
        ar = AssessmentResults.oscal_read(path)
    except Exception as e:  # trestle raises several kinds; all mean "not loaded"
        print(f"compliance-trestle (OSCAL {OSCAL_VERSION}) cannot load {path}: {e}", file=sys.stderr)
        return 1
    print(ar.oscal_serialize_json())
    return 0


if __name__ == "__main__":
    sys.exit(main())
