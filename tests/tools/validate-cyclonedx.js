// validate-cyclonedx.js - check a BOM against the official CycloneDX 1.6
// JSON schema (strict: unknown fields fail), with the validator of the
// @cyclonedx/cyclonedx-library npm package.  usage: node
// validate-cyclonedx.js NODE_MODULES_DIR BOM.json; exit 0 valid, 1 not.
'use strict';
const path = require('path');
const fs = require('fs');
const lib = require(path.join(process.argv[2], '@cyclonedx', 'cyclonedx-library'));
const v = new lib.Validation.JsonStrictValidator(lib.Spec.Version.v1dot6);
v.validate(fs.readFileSync(process.argv[3], 'utf8')).then((err) => {
  if (err === null) {
    console.log('valid CycloneDX 1.6');
    process.exit(0);
  }
  console.log(JSON.stringify(err, null, 1).slice(0, 4000));
  process.exit(1);
}, (e) => {
  console.log('validator failed: ' + e);
  process.exit(2);
});
