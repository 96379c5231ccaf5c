#!/usr/bin/python3
"""gen-csaf.py - write N generated CSAF 2.0 advisories for the bench.

usage: gen-csaf.py DIR N [EVERY]

Why: `advisories import` must take a few hundred advisories in seconds,
and the views must stay fast when every host has links.  The documents
have the shape of CISA's ICSMA advisories (document, product_tree with
vendor / product_name / product_version_range branches, vulnerabilities
with CVE, CVSS 3.1 scores, remediations, product_status) and the messy
version strings they really carry.  One in EVERY (default 5) is for
"Bench Medical" "Model 1" / "Model 2", the makers and models
tests/bench/mkinv writes, so those link to every host; the rest name real
medical makers and products the bench inventory does not have.  Every tenth has a second
revision in a second file.  Deterministic: the same N gives the same
files.  The CVE ids are in the unassigned 2099 range.
"""
import json
import os
import sys

RANGES = ["<=8.00.01", "prior to 1.5.8", "v6.x", "<= 20D32", "All versions",
          "versions 1.0 through 2.3", "8.2 and prior", "vers:generic/>=1.0|<2.0",
          "vers:generic/<3.6.8", "2.x and prior", "1.0 - 1.9", "before 4.1"]
MAKERS = [("Baxter", "Sigma Spectrum Infusion System"),
          ("Philips", "IntelliVue MX800"), ("GE Healthcare", "CARESCAPE B650"),
          ("Drägerwerk AG & Co. KGaA", "Infinity Delta"),
          ("Siemens Healthineers", "syngo.via"),
          ("Becton, Dickinson and Company (BD)", "Alaris PC Unit Model 8015"),
          ("Lantronix", "UDS2100"), ("B. Braun", "Infusomat Space"),
          ("Medtronic", "MiniMed 600"), ("Nihon Kohden", "Life Scope G5")]
VECTORS = [("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8),
           ("CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:H", 7.5),
           ("CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:H", 6.5)]


def advisory(i, rev, every):
    tid = "ICSMA-99-%03d-%02d" % (i // 100 + 200, i % 100)
    if i % every == 0:
        vendor, products = "Bench Medical", ["Model 1", "Model 2"]
    else:
        vendor, p = MAKERS[i % len(MAKERS)]
        products = [p, p + " Gateway"]
    branches, pids = [], []
    for k, name in enumerate(products):
        pid = "CSAFPID-%04d" % (k + 1)
        pids.append(pid)
        rng = RANGES[(i + k) % len(RANGES)]
        branches.append({"category": "product_name", "name": name, "branches": [
            {"category": "product_version_range", "name": rng,
             "product": {"name": "%s %s %s" % (vendor, name, rng), "product_id": pid}}]})
    vulns = []
    for v in range(1 + i % 3 + rev):
        vec, score = VECTORS[(i + v) % len(VECTORS)]
        vulns.append({
            "cve": "CVE-2099-%05d" % (i * 10 + v),
            "cwe": {"id": "CWE-798", "name": "Use of Hard-coded Credentials"},
            "notes": [{"category": "summary", "text": "Generated vulnerability %d of %s." % (v, tid)}],
            "product_status": {"known_affected": pids},
            "remediations": [
                {"category": "vendor_fix", "details": "Update to the fixed release.", "product_ids": pids},
                {"category": "mitigation", "details": "Segment the clinical network; block the service port.",
                 "product_ids": pids}],
            "scores": [{"cvss_v3": {"version": "3.1", "vectorString": vec, "baseScore": score,
                                    "baseSeverity": "CRITICAL" if score >= 9 else "HIGH" if score >= 7 else "MEDIUM"},
                        "products": pids}],
            "title": "Generated weakness %d" % v})
    day = "2099-%02d-%02dT12:00:00Z" % (1 + i % 12, 1 + i % 28)
    cur = day if rev == 0 else "2099-12-%02dT12:00:00Z" % (1 + i % 28)
    return {
        "document": {
            "category": "csaf_security_advisory", "csaf_version": "2.0",
            "distribution": {"tlp": {"label": "WHITE"}}, "lang": "en-US",
            "publisher": {"category": "coordinator", "name": "CISA", "namespace": "https://www.cisa.gov/"},
            "title": "%s %s (generated)" % (vendor, products[0]),
            "tracking": {"id": tid, "version": str(1 + rev), "status": "final",
                         "initial_release_date": day, "current_release_date": cur,
                         "revision_history": [{"date": cur, "number": str(1 + rev), "summary": "generated"}]}},
        "product_tree": {"branches": [{"category": "vendor", "name": vendor, "branches": branches}]},
        "vulnerabilities": vulns}


def main():
    if len(sys.argv) not in (3, 4):
        sys.stderr.write(__doc__)
        sys.exit(2)
    out, n = sys.argv[1], int(sys.argv[2])
    every = int(sys.argv[3]) if len(sys.argv) == 4 else 5
    os.makedirs(out, exist_ok=True)
    for i in range(n):
        with open(os.path.join(out, "adv-%04d.json" % i), "w", encoding="utf-8") as f:
            json.dump(advisory(i, 0, every), f, indent=2, ensure_ascii=False)
        if i % 10 == 3:
            with open(os.path.join(out, "adv-%04d-rev2.json" % i), "w", encoding="utf-8") as f:
                json.dump(advisory(i, 1, every), f, indent=2, ensure_ascii=False)


main()
