package cellfixtest

import "flag"

// update rewrites .golden files with the current output:
// go test ./cellfix/rules -args -update
var update = flag.Bool("update", false, "rewrite .golden files")
