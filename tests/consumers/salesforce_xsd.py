"""Validates Security.settings files against the Metadata API's XML Schema.

The schema is the <xsd:schema> inside the Metadata API WSDL that the
simple-salesforce package ships (simple_salesforce/metadata.wsdl). It
declares no global SecuritySettings element and relies on the `tns` prefix
declared on the WSDL's root, so the schema is copied into a root of its
own with both prefixes and one element declaration, as a deploy reads a
settings file: <SecuritySettings> of type tns:SecuritySettings.

usage: python salesforce_xsd.py FILE...
       python salesforce_xsd.py --enum TYPE...
Prints the API version, then one line per file: `FILE: valid` or
`FILE: invalid: LINE: MESSAGE` for each error; with --enum, one line per
simple type: `TYPE: VALUE VALUE...` (its enumeration, in schema order).
Exit status 0 when every file is valid, 1 when one is not (or a type is
not an enumeration), 2 when the schema cannot be read.
"""

import importlib.util
import pathlib
import re
import sys

from lxml import etree

XSD = "http://www.w3.org/2001/XMLSchema"
TNS = "http://soap.sforce.com/2006/04/metadata"


def wsdl_schema():
    """The WSDL's <xsd:schema> element, after printing the API version."""
    # find_spec locates the package without importing it (its own
    # dependencies are not installed).
    spec = importlib.util.find_spec("simple_salesforce")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("simple_salesforce is not installed")
    wsdl = pathlib.Path(list(spec.submodule_search_locations)[0]) / "metadata.wsdl"
    text = wsdl.read_bytes()
    version = re.search(rb"Metadata API version ([0-9.]+)", text)
    print("metadata api", version.group(1).decode() if version else "unknown")
    src = etree.fromstring(text).find(".//{%s}schema" % XSD)
    if src is None:
        sys.exit("no xsd:schema in %s" % wsdl)
    return src


def schema(src):
    root = etree.Element("{%s}schema" % XSD, nsmap={"xsd": XSD, "tns": TNS}, attrib=dict(src.attrib))
    for child in src:
        root.append(child)
    etree.SubElement(root, "{%s}element" % XSD, name="SecuritySettings", type="tns:SecuritySettings")
    return etree.XMLSchema(etree.ElementTree(root))


def enums(src, types):
    ok = True
    for t in types:
        simple = src.find("{%s}simpleType[@name='%s']" % (XSD, t))
        values = [] if simple is None else [e.get("value") for e in simple.iter("{%s}enumeration" % XSD)]
        if not values:
            ok = False
        print("%s: %s" % (t, " ".join(values)))
    return 0 if ok else 1


def main(args):
    try:
        src = wsdl_schema()
        if args[:1] == ["--enum"]:
            return enums(src, args[1:])
        xsd = schema(src)
    except (OSError, etree.LxmlError) as e:
        print("cannot read the schema:", e)
        return 2
    files = args
    ok = True
    for f in files:
        try:
            doc = etree.parse(f)
        except (OSError, etree.LxmlError) as e:
            print("%s: invalid: %s" % (f, e))
            ok = False
            continue
        if xsd.validate(doc):
            print("%s: valid" % f)
        else:
            ok = False
            for err in xsd.error_log:
                print("%s: invalid: %d: %s" % (f, err.line, err.message))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
